"""Validation: every rule of the data in one readable place.

The package, in the order of a run:

* ``files``: which files are read at all (``FILE_RULES``: extension, links, file names);
* ``load``: each file on its own, strict YAML (yamlsource) and then its pydantic model;
* ``messages``: the model's errors in Dutch, one small function per kind of error;
* ``rules``: the rule book, the lists of rules beyond one field with one line per rule,
  implemented in ``checks`` (one file) and ``site_checks`` (across files);
* ``context``: what the rules look at (a loaded file, a folder, the site, today, the scale).

``validate_root`` returns *all* problems at once, together with the dataset when there are none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from ..dataset import Dataset
from ..diagnostics import Diagnostic, sorted_diagnostics
from ..geo.reference import GeoReference
from ..models import Bouwsteen, Regio, Schaal
from ..project import reference_date
from .context import Context, Folder, Loaded, Site
from .load import list_folder, load_all
from .valuehints import ValueHints
from .rules import check_site

REGIONS_DIR = "regions"
BOUWSTENEN_DIR = "bouwstenen"
SCHAAL_FILE = "schaal.yaml"
PARALLEL_MIN_FILES = 64  # below this, forking costs more than loading the files one by one

__all__ = [
    "BOUWSTENEN_DIR",
    "PARALLEL_MIN_FILES",
    "REGIONS_DIR",
    "SCHAAL_FILE",
    "ProjectError",
    "ValidationResult",
    "require_project",
    "validate_root",
]


class ProjectError(Exception):
    """ROOT is not a project folder (a usage error, exit code 2)."""


@dataclass
class ValidationResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    dataset: Dataset | None = None

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors and self.dataset is not None


def require_project(root: Path) -> None:
    """Raise ``ProjectError`` unless ROOT is a folder with `regions/` or `bouwstenen/`."""
    if not root.is_dir():
        raise ProjectError(f"{root} is geen map")
    if not (root / REGIONS_DIR).is_dir() and not (root / BOUWSTENEN_DIR).is_dir():
        raise ProjectError(
            f"{root} is geen hhz-project: de mappen `{REGIONS_DIR}/` en `{BOUWSTENEN_DIR}/` ontbreken"
        )


def _load_bouwstenen(root: Path, diagnostics: list[Diagnostic]) -> tuple[Folder, Loaded | None]:
    """bouwstenen/: the bouwsteen files, and the scale when schaal.yaml fits its model."""
    folder, paths = list_folder(root, BOUWSTENEN_DIR, diagnostics)
    schaal_path = root / BOUWSTENEN_DIR / SCHAAL_FILE
    schaal: list[Loaded] = []
    if schaal_path in paths:
        paths.remove(schaal_path)
        schaal, _ = load_all(root, [schaal_path], Schaal, diagnostics, PARALLEL_MIN_FILES)
    folder.items, folder.invalid = load_all(root, paths, Bouwsteen, diagnostics, PARALLEL_MIN_FILES)
    return folder, (schaal[0] if schaal else None)


def _load_regions(root: Path, diagnostics: list[Diagnostic], hints: ValueHints) -> Folder:
    folder, paths = list_folder(root, REGIONS_DIR, diagnostics)
    folder.items, folder.invalid = load_all(root, paths, Regio, diagnostics, PARALLEL_MIN_FILES, hints)
    return folder


def _dataset(schaal: Loaded, site: Site, geo: GeoReference | None) -> Dataset:
    bouwstenen, regions = site.bouwstenen.items, site.regions.items
    return Dataset(
        schaal=schaal.model,
        bouwstenen=tuple(sorted((i.model for i in bouwstenen), key=lambda b: (b.volgorde, b.id))),
        regions=tuple(sorted((i.model for i in regions), key=lambda r: r.id)),
        region_paths=MappingProxyType({i.model.id: i.doc.relpath for i in regions}),
        bouwsteen_paths=MappingProxyType({i.model.id: i.doc.relpath for i in bouwstenen}),
        gemeente_namen=MappingProxyType(dict(geo.gemeenten) if geo else {}),
    )


def validate_root(root: Path, geo: GeoReference | None = None, today: dt.date | None = None) -> ValidationResult:
    """Validate the whole data folder and build the dataset when it is clean. ``today`` is
    the reference date for "in de toekomst" (``project.reference_date()`` when not given)."""
    require_project(root)
    diagnostics: list[Diagnostic] = []
    bouwstenen, schaal = _load_bouwstenen(root, diagnostics)
    levels = frozenset(n.niveau for n in schaal.model.niveaus) if schaal else frozenset()
    hints = ValueHints(tuple(sorted(levels)), MappingProxyType(dict(geo.gemeenten) if geo else {}))
    site = Site(bouwstenen, _load_regions(root, diagnostics, hints), schaal)
    diagnostics += check_site(site, Context(today or reference_date(), geo, levels))
    result = ValidationResult(diagnostics=sorted_diagnostics(diagnostics))
    if not result.errors and schaal is not None:
        result.dataset = _dataset(schaal, site, geo)
    return result
