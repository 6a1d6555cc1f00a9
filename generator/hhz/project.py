"""The project a command works on: made once by the CLI and passed down to validate,
generate, build, diff and serve.

It holds the project folder, its settings (``[tool.hhz]``, read once), the reference
geodata and **the one reference date**: every "today" of a run (dates in the future,
"verouderd") is this date, and ``reference_date`` is the only function that reads the clock.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from .config import SiteConfig, load_site_config
from .geo.reference import GeoReference, resolve_geo

EPOCH_ENV = "SOURCE_DATE_EPOCH"


def reference_date(environ: Mapping[str, str] | None = None) -> dt.date:
    """'Today': the date of ``SOURCE_DATE_EPOCH`` when it is set (reproducible builds),
    else the clock's date. The only place that asks the clock."""
    epoch = (os.environ if environ is None else environ).get(EPOCH_ENV)
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()


@dataclass(frozen=True)
class Project:
    root: Path  # absolute, links not resolved
    config: SiteConfig
    geo: GeoReference | None
    geo_warning: str | None  # why there is no geodata (None when there is)
    today: dt.date


def open_project(root: Path, geo_dir: Path | None, today: dt.date | None = None) -> Project:
    """Everything a command needs to know about ROOT, read once.

    Raises ``config.ConfigError`` for unreadable settings and ``geo.GeoDataError`` for
    broken geodata (both usage errors for the CLI)."""
    root = Path(os.path.abspath(root))
    geo, warning = resolve_geo(geo_dir)
    config = load_site_config(root)
    return Project(root, config, geo, warning, today or reference_date())
