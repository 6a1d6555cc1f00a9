"""What the JSON Schemas take from the project's data: the six bouwstenen (name and
samenvatting), the levels of the scale and the CBS gemeente codes with their names.

The gemeente list comes from the reference geodata when it is there; otherwise from the
committed copy ``schemas/gemeenten.json``, which ``hhz schema`` refreshes whenever it runs
with geodata. So editors get the same codes with or without the boundaries on their machine.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..dataset import Dataset
from ..diagnostics import Diagnostic
from ..geo.reference import GEMEENTE_FILE, GEO_YEAR, GeoReference
from ..models import Bouwsteen, Schaal
from ..vocabulary import BOUWSTEEN_IDS

SCHEMA_DIR = "schemas"
GEMEENTE_LIST = "gemeenten.json"
GEMEENTE_SOURCE = f"CBS-gemeentegrenzen {GEO_YEAR} (PDOK), {GEMEENTE_FILE}: statcode en statnaam"
MAX_ERRORS_SHOWN = 10


class SchemaDataError(Exception):
    """The data the schemas need (bouwstenen/, schaal.yaml, the gemeente list) is unusable."""


@dataclass(frozen=True)
class BouwsteenInfo:
    id: str
    naam: str
    samenvatting: str


@dataclass(frozen=True)
class LevelInfo:
    niveau: int
    naam: str
    betekenis: str


@dataclass(frozen=True)
class SchemaData:
    bouwstenen: tuple[BouwsteenInfo, ...]  # in `volgorde`
    levels: tuple[LevelInfo, ...]  # the scale, from 1 up
    gemeenten: tuple[tuple[str, str], ...]  # (code, name), sorted by code; empty when unknown

    @property
    def lowest(self) -> int:
        return self.levels[0].niveau

    @property
    def highest(self) -> int:
        return self.levels[-1].niveau

    def gemeente_name(self, code: str) -> str:
        return dict(self.gemeenten)[code]


def _bouwstenen(models: list[Bouwsteen]) -> tuple[BouwsteenInfo, ...]:
    ordered = sorted(models, key=lambda b: (b.volgorde, b.id))
    return tuple(BouwsteenInfo(b.id, b.naam, b.samenvatting) for b in ordered)


def _levels(schaal: Schaal) -> tuple[LevelInfo, ...]:
    return tuple(LevelInfo(n.niveau, n.naam, n.betekenis) for n in sorted(schaal.niveaus, key=lambda n: n.niveau))


def _sorted_gemeenten(names: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(names.items()))


def schema_data_from_dataset(dataset: Dataset, gemeenten: dict[str, str]) -> SchemaData:
    """The schema's data from a validated dataset (the build publishes these schemas)."""
    return SchemaData(_bouwstenen(list(dataset.bouwstenen)), _levels(dataset.schaal), _sorted_gemeenten(gemeenten))


# --- reading the project -------------------------------------------------------------------


def _shown(diagnostics: list[Diagnostic]) -> str:
    lines = [f"{d.path}:{d.line}: {d.message}" for d in diagnostics[:MAX_ERRORS_SHOWN]]
    if len(diagnostics) > MAX_ERRORS_SHOWN:
        lines.append(f"… en nog {len(diagnostics) - MAX_ERRORS_SHOWN} fout(en)")
    return "\n".join(lines)


def _load_bouwsteen_folder(root: Path) -> tuple[list[Bouwsteen], Schaal]:
    from ..validate import BOUWSTENEN_DIR, PARALLEL_MIN_FILES, SCHAAL_FILE
    from ..validate.load import list_folder, load_all

    diagnostics: list[Diagnostic] = []
    _folder, paths = list_folder(root, BOUWSTENEN_DIR, diagnostics)
    schaal_path = root / BOUWSTENEN_DIR / SCHAAL_FILE
    others = [p for p in paths if p != schaal_path]
    schaal, _ = load_all(root, [schaal_path] if schaal_path in paths else [], Schaal, diagnostics, PARALLEL_MIN_FILES)
    loaded, _ = load_all(root, others, Bouwsteen, diagnostics, PARALLEL_MIN_FILES)
    missing = sorted(set(BOUWSTEEN_IDS) - {item.model.id for item in loaded})
    errors = [d for d in diagnostics if d.is_error]
    if not schaal:
        errors.append(Diagnostic(f"{BOUWSTENEN_DIR}/{SCHAAL_FILE}", 0, 0, "ontbreekt of is ongeldig"))
    errors += [Diagnostic(f"{BOUWSTENEN_DIR}/{m}.yaml", 0, 0, "ontbreekt of is ongeldig") for m in missing]
    if errors:
        raise SchemaDataError(
            "de schema's nemen namen, samenvattingen en niveaus uit bouwstenen/; herstel eerst deze fouten "
            f"(`hhz validate`):\n{_shown(errors)}"
        )
    return [item.model for item in loaded if item.model.id in BOUWSTEEN_IDS], schaal[0].model


def gemeente_list_path(root: Path) -> Path:
    return root / SCHEMA_DIR / GEMEENTE_LIST


def gemeente_list_text(gemeenten: dict[str, str]) -> str:
    """The committed code list: deterministic JSON, sorted by code."""
    document = {
        "bron": GEMEENTE_SOURCE,
        "jaar": GEO_YEAR,
        "toelichting": "Gemaakt door `hhz schema` met geodata; zonder geodata gebruikt hhz deze lijst.",
        "gemeenten": dict(sorted(gemeenten.items())),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def parse_gemeente_list(content: bytes) -> dict[str, str] | None:
    """The codes and names of a committed list, or None when CONTENT is not such a list."""
    try:
        document = json.loads(content)
    except ValueError:
        return None
    gemeenten = document.get("gemeenten") if isinstance(document, dict) else None
    if not isinstance(gemeenten, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in gemeenten.items()
    ):
        return None
    return dict(gemeenten)


def read_gemeente_list(root: Path) -> dict[str, str]:
    """The committed list; empty when there is none. Raises ``SchemaDataError`` when the
    file is there but is not a gemeente list."""
    path = gemeente_list_path(root)
    if not path.is_file():
        return {}
    gemeenten = parse_gemeente_list(path.read_bytes())
    if gemeenten is None:
        raise SchemaDataError(
            f"{SCHEMA_DIR}/{GEMEENTE_LIST} is geen gemeentelijst van hhz; verwijder het bestand en voer "
            "`hhz schema` uit met geodata (`--geo-dir` of HHZ_GEO_DIR)"
        )
    return gemeenten


def project_gemeenten(root: Path, geo: GeoReference | None) -> dict[str, str]:
    """The gemeente codes and names: from the geodata when present, else the committed list."""
    return dict(geo.gemeenten) if geo is not None else read_gemeente_list(root)


def site_schema_data(root: Path, dataset: Dataset, geo: GeoReference | None) -> SchemaData:
    """The schema's data for the site's open-data copy: the built dataset and the gemeenten."""
    return schema_data_from_dataset(dataset, project_gemeenten(root, geo))


def load_schema_data(root: Path, geo: GeoReference | None) -> SchemaData:
    """The schema's data from the project's files; ``SchemaDataError`` when it is unusable."""
    bouwstenen, schaal = _load_bouwsteen_folder(root)
    return SchemaData(_bouwstenen(bouwstenen), _levels(schaal), _sorted_gemeenten(project_gemeenten(root, geo)))
