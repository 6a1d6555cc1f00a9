"""Build the shipped data (this repository's regions/ and bouwstenen/) into a temporary folder.

The sources are copied first, so a test never writes build/ or site/ in the working tree
(another build may be running there).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import REPO

# The engines that build the site; the audits of the shipped site run once per engine
# (a module-scoped ``site`` fixture with ``params=ENGINES`` calling ``shipped_builds``).
ENGINES = ("mkdocs", "zensical")
SOURCES = ("regions", "bouwstenen", "schemas", "site_templates", "docs", "audit")
FILES = ("mkdocs.yml", "pyproject.toml")


def build_shipped_site(root: Path, geo_dir: Path | None, engine: str = "mkdocs") -> Path:
    """Copy the project's sources to ``root``, run ``hhz build`` there; return the site folder."""
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name, dirs_exist_ok=True)
    for name in FILES:
        shutil.copy(REPO / name, root / name)
    env = dict(os.environ, HHZ_GEO_DIR=str(geo_dir)) if geo_dir else dict(os.environ)
    site = root / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "hhz", "build", str(root), "--site-dir", str(site), "--engine", engine, "-q"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (site / "index.html").is_file()
    return site


def engine_of(site: Path) -> str:
    """Which engine built ``site``, from the generator tag of its home page."""
    home = (site / "index.html").read_text(encoding="utf-8")
    return "zensical" if '<meta name="generator" content="zensical-' in home else "mkdocs"
