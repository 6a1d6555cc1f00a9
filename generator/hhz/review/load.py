"""One side of `hhz diff` as comparable values, loaded the way the site loads its data.

A side that validates goes ``validate_root`` → ``Dataset`` → ``derive`` → ``Derived``: its
records are the dataset's models and its levels the derived current levels. A side with
errors has no dataset (that is when a pull request needs the summary most), so it is
compared on what did validate: each file that fits its model, read with the same strict
loader and models as ``validate_root``, with the levels ``derive`` gives that region. The
other files of that side are only named by the comparison; their errors are the
validator's.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from pydantic import ValidationError

from ..dataset import Dataset
from ..derive.status import derive, region_status
from ..diagnostics import Diagnostic
from ..geo.reference import GeoReference
from ..models import Bouwsteen, Regio, Schaal, Strict
from ..project import reference_date
from ..vocabulary import BOUWSTEEN_IDS
from ..validate import BOUWSTENEN_DIR, REGIONS_DIR, SCHAAL_FILE, ProjectError, validate_root
from ..load.source import load_yaml_file

DATA_DIRS = (REGIONS_DIR, BOUWSTENEN_DIR)
SCHAAL_PATH = f"{BOUWSTENEN_DIR}/{SCHAAL_FILE}"
Levels = Mapping[str, int | None]  # bouwsteen id -> level (None: not in the current zelfevaluatie)


@dataclass(frozen=True)
class Revision:
    """The data of one side, by path relative to the project root."""

    files: Mapping[str, bytes]  # every YAML file in regions/ and bouwstenen/, with its bytes
    records: Mapping[str, Strict]  # the files that validated: their Regio, Bouwsteen or Schaal
    levels: Mapping[str, Levels]  # per region file: the levels of its current zelfevaluatie
    diagnostics: tuple[Diagnostic, ...] = ()

    @functools.cached_property
    def regions(self) -> dict[str, Regio]:
        """The validated regions, by path."""
        return {rel: m for rel, m in self.records.items() if isinstance(m, Regio)}

    def unreadable(self, rel: str) -> bool:
        """The file is there, but did not validate."""
        return rel in self.files and rel not in self.records


def _inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root.resolve())


def _files(root: Path) -> dict[str, bytes]:
    """The bytes of each YAML file; never read through a link that points out of ROOT."""
    files: dict[str, bytes] = {}
    for folder in DATA_DIRS:
        directory = root / folder
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            if path.suffix.lower() not in (".yaml", ".yml") or not path.is_file():
                continue
            try:
                files[path.relative_to(root).as_posix()] = path.read_bytes() if _inside(path, root) else b""
            except OSError:
                files[path.relative_to(root).as_posix()] = b""
    return files


def _from_dataset(dataset: Dataset, today: dt.date) -> tuple[dict[str, Strict], dict[str, Levels]]:
    derived = derive(dataset, today)
    region_paths = {r.id: dataset.region_paths.get(r.id, f"{REGIONS_DIR}/{r.id}.yaml") for r in dataset.regions}
    records: dict[str, Strict] = {SCHAAL_PATH: dataset.schaal}
    records.update({dataset.bouwsteen_paths.get(b.id, f"{BOUWSTENEN_DIR}/{b.id}.yaml"): b for b in dataset.bouwstenen})
    records.update({region_paths[r.id]: r for r in dataset.regions})
    levels = {region_paths[rid]: status.levels for rid, status in derived.statuses.items()}
    return records, levels


def _model(root: Path, rel: str) -> Strict | None:
    """The file's model when it fits, as validate_root reads it; None otherwise."""
    path = root / rel
    if not _inside(path, root):
        return None
    doc = load_yaml_file(path, root)
    if not doc.usable:
        return None
    model = Regio if rel.startswith(f"{REGIONS_DIR}/") else Schaal if rel == SCHAAL_PATH else Bouwsteen
    try:
        return model.model_validate(doc.data)
    except ValidationError:
        return None


def _what_validated(
    root: Path, files: Mapping[str, bytes], today: dt.date
) -> tuple[dict[str, Strict], dict[str, Levels]]:
    """Each file that fits its model, and per region the levels derive gives it."""
    records = {rel: model for rel in files if (model := _model(root, rel)) is not None}
    regions = {rel: model for rel, model in records.items() if isinstance(model, Regio)}
    levels = {rel: region_status(region, BOUWSTEEN_IDS, today).levels for rel, region in regions.items()}
    return records, levels


def load_revision(root: Path, geo: GeoReference | None, today: dt.date | None = None) -> Revision:
    files = _files(root)
    try:
        result = validate_root(root, geo, today=today)
    except ProjectError:  # neither data folder: an empty side
        return Revision(files, {}, {})
    day = today or reference_date()
    if result.dataset is not None:
        records, levels = _from_dataset(result.dataset, day)
    else:
        records, levels = _what_validated(root, files, day)
    return Revision(files, records, levels, tuple(result.diagnostics))
