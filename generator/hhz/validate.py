"""Validation: every rule of the data in one readable place.

``validate_root`` loads all YAML files strictly, checks each against its pydantic model,
then applies the cross-file rules, and returns *all* problems at once together with
the dataset when there are none.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import typing
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel, ValidationError

from .dataset import Dataset
from .diagnostics import Diagnostic, sorted_diagnostics
from .geo import GeoReference
from .parallel import map_indexed
from .models import (
    BOUWSTEEN_IDS,
    GEMEENTE_PATTERN,
    ID_PATTERN,
    Bouwsteen,
    Regio,
    Schaal,
    Strict,
)
from .scaffold import PLACEHOLDER
from .yamlsource import InvalidDate, SourceDocument, Yaml11Bool, load_yaml_file

import re

REGIONS_DIR = "regions"
BOUWSTENEN_DIR = "bouwstenen"
SCHAAL_FILE = "schaal.yaml"
_ID_RE = re.compile(ID_PATTERN)


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


# --- pydantic errors -> Dutch diagnostics ------------------------------------------


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        else:
            return annotation


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that describes the mapping at ``loc`` (for key suggestions)."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        origin = typing.get_origin(current)
        if isinstance(current, type) and issubclass(current, BaseModel) and isinstance(part, str):
            if part not in current.model_fields:
                return None
            current = current.model_fields[part].annotation
        elif origin is list and isinstance(part, int):
            current = typing.get_args(current)[0]
        elif origin is dict and isinstance(part, str):
            current = typing.get_args(current)[1]
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _shown(value: Any, doc: SourceDocument, loc: tuple[Any, ...]) -> str:
    info = doc.scalars.get(loc)
    if info is not None:
        text = info.raw
    elif isinstance(value, dict):
        return "een mapping"
    elif isinstance(value, list):
        return "een lijst"
    else:
        text = str(value)
    text = text.replace("\n", " ")
    return f"`{text[:60]}{'…' if len(text) > 60 else ''}`"


def _type_word(value: Any) -> str:
    if value is None:
        return "leeg"
    if isinstance(value, bool):
        return "een ja/nee-waarde"
    if isinstance(value, (int, float)):
        return "een getal"
    if isinstance(value, dt.date):
        return "een datum"
    if isinstance(value, str):
        return "tekst"
    if isinstance(value, list):
        return "een lijst"
    if isinstance(value, dict):
        return "een mapping"
    return "iets anders"


def _message(err: dict[str, Any], doc: SourceDocument, loc: tuple[Any, ...], model: type[BaseModel]) -> str:
    kind = err["type"]
    value = err.get("input")
    name = next((str(p) for p in reversed(loc) if isinstance(p, str)), "waarde")
    ctx = err.get("ctx") or {}
    info = doc.scalars.get(loc)

    if isinstance(value, Yaml11Bool):
        if kind == "bool_type":
            return f"`{value.raw}` is dubbelzinnig in YAML; schrijf true of false"
        return (
            f"`{value.raw}` zonder aanhalingstekens leest YAML 1.1 als ja/nee (boolean), niet als tekst; "
            f'zet het tussen aanhalingstekens: "{value.raw}"'
        )
    if isinstance(value, InvalidDate):
        return f"`{value.raw}` is geen bestaande datum; schrijf een echte datum als JJJJ-MM-DD"
    if kind == "missing":
        return f"verplicht veld `{name}` ontbreekt"
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        allowed = sorted(parent.model_fields) if parent else []
        hint = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        if hint:
            return f"onbekende sleutel `{name}`; bedoelde je `{hint[0]}`?"
        if allowed:
            return f"onbekende sleutel `{name}`; toegestaan zijn: {', '.join(allowed)}"
        return f"onbekende sleutel `{name}`"
    if kind == "string_type":
        if isinstance(value, dt.date) and info is not None and info.plain:
            return (
                f"hier hoort tekst, maar YAML leest {_shown(value, doc, loc)} als datum; "
                f'zet het tussen aanhalingstekens: "{info.raw}"'
            )
        if value is None:
            return f"`{name}` is leeg; vul tekst in"
        if isinstance(value, (bool, int, float)) and info is not None:
            return (
                f"hier hoort tekst, maar {_shown(value, doc, loc)} is {_type_word(value)}; "
                f'zet het tussen aanhalingstekens: "{info.raw}"'
            )
        return f"hier hoort tekst, niet {_type_word(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        if isinstance(value, float) and not math.isfinite(value):
            return f"{_shown(value, doc, loc)} is geen geldig getal; schrijf een geheel getal"
        if isinstance(value, float):
            return f"{_shown(value, doc, loc)} heeft decimalen; schrijf een geheel getal"
        if isinstance(value, str):
            return f"hier hoort een geheel getal zonder aanhalingstekens, niet tekst {_shown(value, doc, loc)}"
        if value is None:
            return f"`{name}` is leeg; vul een geheel getal in of laat het veld weg"
        return f"hier hoort een geheel getal, niet {_type_word(value)}"
    if kind == "bool_type":
        return f"hier hoort true of false, niet {_shown(value, doc, loc)}"
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing"):
        if isinstance(value, str):
            return (
                f"hier hoort een datum zonder aanhalingstekens (JJJJ-MM-DD), niet tekst {_shown(value, doc, loc)}"
            )
        return f"hier hoort een datum (JJJJ-MM-DD), niet {_type_word(value)}"
    if kind == "list_type":
        return f"`{name}` moet een lijst zijn (regels die beginnen met `- `), niet {_type_word(value)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"`{name}` moet een mapping zijn (sleutel: waarde), niet {_type_word(value)}"
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", " of ")
        return f"ongeldige waarde {_shown(value, doc, loc)} voor `{name}`; kies uit: {expected}"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if pattern == ID_PATTERN:
            return (
                f"ongeldige id {_shown(value, doc, loc)}; gebruik alleen kleine letters a-z, cijfers en "
                "koppeltekens (bijvoorbeeld `mijn-regio`)"
            )
        return f"ongeldige gemeentecode {_shown(value, doc, loc)}; schrijf GM gevolgd door vier cijfers (bijv. GM0828)"
    if kind == "too_short":
        return f"`{name}` heeft te weinig items: minimaal {ctx.get('min_length')}"
    if kind == "too_long":
        if isinstance(value, str):
            return f"`{name}` is te lang (maximaal {ctx.get('max_length')} tekens)"
        return f"`{name}` heeft te veel items: maximaal {ctx.get('max_length')}"
    if kind == "string_too_long":
        return f"`{name}` is te lang (maximaal {ctx.get('max_length')} tekens)"
    if kind in ("greater_than_equal", "greater_than"):
        return f"{_shown(value, doc, loc)} is te klein voor `{name}`; minimaal {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("less_than_equal", "less_than"):
        return f"{_shown(value, doc, loc)} is te groot voor `{name}`; maximaal {ctx.get('le', ctx.get('lt'))}"
    if kind == "value_error":
        return str(ctx.get("error", err.get("msg")))
    return f"ongeldige waarde {_shown(value, doc, loc)} voor `{name}` ({err.get('msg')})"


def _model_diagnostics(doc: SourceDocument, model: type[Strict]) -> tuple[Any, list[Diagnostic]]:
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        out: list[Diagnostic] = []
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            key_error = bool(loc) and loc[-1] == "[key]"
            if key_error:
                loc = loc[:-2] + (loc[-2],)
            if err["type"] in ("extra_forbidden",) or key_error:
                line, col = doc.key_position_of(loc)
            else:
                line, col = doc.position_of(loc)
            message = _message(err, doc, loc, model)
            out.append(Diagnostic(doc.relpath, line, col, message))
        return None, out


# --- files -------------------------------------------------------------------------


def _yaml_files(root: Path, folder: str, diagnostics: list[Diagnostic]) -> list[Path]:
    directory = root / folder
    if not directory.is_dir():
        diagnostics.append(Diagnostic(folder, 0, 0, f"de map `{folder}/` ontbreekt"))
        return []
    resolved_root = root.resolve()
    files: list[Path] = []
    for path in sorted(directory.iterdir()):
        rel = path.relative_to(root).as_posix()
        suffix = path.suffix.lower()
        if suffix == ".yml":
            diagnostics.append(Diagnostic(rel, 1, 1, "gebruik de extensie .yaml in plaats van .yml"))
            continue
        if suffix != ".yaml":
            continue
        # Resolve every file, not only symlinks: the folder itself may be a link out of the repository.
        if not path.resolve().is_relative_to(resolved_root):
            diagnostics.append(
                Diagnostic(rel, 1, 1, "symbolische link naar een bestand buiten de repository; niet toegestaan")
            )
            continue
        if not path.is_file():
            diagnostics.append(Diagnostic(rel, 1, 1, "geen gewoon bestand; verwijder het"))
            continue
        if path.suffix != ".yaml" or not _ID_RE.fullmatch(path.stem):
            diagnostics.append(
                Diagnostic(
                    rel,
                    1,
                    1,
                    "ongeldige bestandsnaam; gebruik alleen kleine letters a-z, cijfers en koppeltekens "
                    "(bijvoorbeeld `mijn-regio.yaml`), zonder spaties of accenten",
                )
            )
            continue
        files.append(path)
    return files


@dataclass
class _Loaded:
    doc: SourceDocument
    model: Any


DATE_KEYS = frozenset({"datum", "peildatum"})  # the dates of a region file
RESERVED_IDS = frozenset({"index"})  # page names that the site itself uses in regios/ and goede-voorbeelden/
PARALLEL_MIN_FILES = 64  # below this, forking costs more than loading the files one by one


def _load_one(root: Path, path: Path, model: type[Strict]) -> tuple[SourceDocument, Any, list[Diagnostic]]:
    doc = load_yaml_file(path, root)
    if not doc.usable:
        return doc, None, []
    value, problems = _model_diagnostics(doc, model)
    return doc, value, problems


def _load_all(
    root: Path,
    paths: list[Path],
    model: type[Strict],
    diagnostics: list[Diagnostic],
    invalid: list[SourceDocument] | None = None,
) -> list[_Loaded]:
    """Load and check each file on its own; over several processes when there are many
    (the results come back in file order, the same as a serial run). Files that were read
    but do not fit the model go to ``invalid``."""
    results = map_indexed(lambda i: _load_one(root, paths[i], model), len(paths), min_items=PARALLEL_MIN_FILES)
    loaded: list[_Loaded] = []
    for doc, value, problems in results:
        diagnostics.extend(doc.diagnostics)
        diagnostics.extend(problems)
        if value is not None:
            loaded.append(_Loaded(doc, value))
        elif doc.usable and invalid is not None:
            invalid.append(doc)
    return loaded


# --- cross-file rules --------------------------------------------------------------


class _Rules:
    """The rules that look beyond one field: ids, references, scale, dates, gemeenten."""

    def __init__(self, today: dt.date, geo: GeoReference | None):
        self.today = today
        self.geo = geo
        self.out: list[Diagnostic] = []

    def error(self, doc: SourceDocument, loc: tuple[Any, ...], message: str, key: bool = False) -> None:
        line, col = doc.key_position_of(loc) if key else doc.position_of(loc)
        self.out.append(Diagnostic(doc.relpath, line, col, message))

    def warn(self, doc: SourceDocument, loc: tuple[Any, ...], message: str) -> None:
        line, col = doc.position_of(loc)
        self.out.append(Diagnostic(doc.relpath, line, col, message, "waarschuwing"))

    def id_matches_file(self, item: _Loaded) -> None:
        stem = item.doc.path.stem
        if item.model.id != stem:
            self.error(item.doc, ("id",), f"`id` is `{item.model.id}` maar het bestand heet `{stem}.yaml`; maak ze gelijk")

    def not_in_future(self, doc: SourceDocument, loc: tuple[Any, ...], value: dt.date | None) -> None:
        if value is not None and value > self.today:
            self.error(doc, loc, f"datum {value.isoformat()} ligt in de toekomst (vandaag is {self.today.isoformat()})")

    def schaal(self, item: _Loaded) -> set[int]:
        numbers = [n.niveau for n in item.model.niveaus]
        expected = list(range(1, len(numbers) + 1))
        if numbers != expected:
            self.error(
                item.doc,
                ("niveaus",),
                f"de niveaus moeten oplopend genummerd zijn vanaf 1 ({', '.join(map(str, expected))}); "
                f"gevonden: {', '.join(map(str, numbers))}",
            )
        return set(numbers)

    def bouwsteen(self, item: _Loaded, levels: set[int]) -> None:
        self.id_matches_file(item)
        numbers = [n.niveau for n in item.model.niveaus]
        for index, number in enumerate(numbers):
            if levels and number not in levels:
                self.error(item.doc, ("niveaus", index, "niveau"), f"niveau {number} staat niet op de schaal ({_levels(levels)})")
            if numbers.index(number) != index:
                self.error(item.doc, ("niveaus", index, "niveau"), f"niveau {number} staat er twee keer in")
        missing = sorted(levels - set(numbers))
        if missing:
            self.error(item.doc, ("niveaus",), f"beschrijving ontbreekt voor niveau {', '.join(map(str, missing))}")
        seen: dict[str, int] = {}
        for index, criterium in enumerate(item.model.criteria):
            if criterium.id in seen:
                self.error(item.doc, ("criteria", index, "id"), f"criterium-id `{criterium.id}` komt twee keer voor")
            seen[criterium.id] = index

    def bouwsteen_set(self, items: list[_Loaded], listed_stems: list[str]) -> None:
        present = set(listed_stems)
        for missing in BOUWSTEEN_IDS:
            if missing not in present:
                self.out.append(
                    Diagnostic(BOUWSTENEN_DIR, 0, 0, f"bouwsteen `{missing}` ontbreekt: maak {BOUWSTENEN_DIR}/{missing}.yaml")
                )
        for item in items:
            if item.model.id not in BOUWSTEEN_IDS and item.doc.path.stem == item.model.id:
                self.error(
                    item.doc,
                    ("id",),
                    f"onbekende bouwsteen `{item.model.id}`; het programma kent er zes: {', '.join(BOUWSTEEN_IDS)}",
                )
        volgordes: dict[int, _Loaded] = {}
        for item in sorted(items, key=lambda i: i.doc.relpath):
            other = volgordes.get(item.model.volgorde)
            if other is not None:
                self.error(
                    item.doc,
                    ("volgorde",),
                    f"volgorde {item.model.volgorde} wordt ook gebruikt in {other.doc.relpath}; kies een ander nummer",
                )
            volgordes.setdefault(item.model.volgorde, item)

    def gemeente_codes(self, doc: SourceDocument, codes: list[tuple[int, str]]) -> None:
        """Each (index, code) of a region's `gemeenten`: listed once, and known to the CBS."""
        seen_codes: dict[str, int] = {}
        for index, code in codes:
            if code in seen_codes:
                self.error(doc, ("gemeenten", index), f"gemeente {code} staat twee keer in de lijst")
            seen_codes.setdefault(code, index)
            if self.geo is not None and code not in self.geo.gemeenten:
                self.error(
                    doc,
                    ("gemeenten", index),
                    f"gemeentecode {code} bestaat niet in de CBS-indeling 2025; controleer de code (zie de lijst van CBS)",
                )

    def invalid_region(self, doc: SourceDocument) -> None:
        """The checks that need no valid model, for a region file whose fields have errors,
        so that one run still reports all problems: its gemeenten and its dates."""
        self.gemeente_codes(doc, _raw_gemeente_codes(doc))
        for loc, value in _raw_leaves(doc.data):
            if loc and loc[-1] in DATE_KEYS and type(value) is dt.date:
                self.not_in_future(doc, loc, value)

    def not_reserved(self, doc: SourceDocument, loc: tuple[Any, ...], value: str, folder: str) -> None:
        """`index` is the overview page of its folder: a region or practice with that id
        would silently replace it."""
        if value in RESERVED_IDS:
            self.error(doc, loc, f"de id `{value}` is gereserveerd (de overzichtspagina {folder}/{value}); kies een andere id")

    def region(self, item: _Loaded, bouwsteen_ids: set[str], levels: set[int]) -> None:
        doc, regio = item.doc, item.model
        self.id_matches_file(item)
        self.not_reserved(doc, ("id",), regio.id, "regios")
        self.not_in_future(doc, ("kerngegevens", "peildatum"), regio.kerngegevens.peildatum)
        if not regio.gemeenten:
            self.warn(doc, ("gemeenten",), "nog geen gemeenten: de regio staat niet op de kaart")
        for loc, value in (
            (("governance", "rechtsvorm"), regio.governance.rechtsvorm),
            (("governance", "mandaat"), regio.governance.mandaat),
            (("kerngegevens", "bron"), regio.kerngegevens.bron),
        ):
            if value.strip() == PLACEHOLDER:
                self.warn(doc, loc, f"`{loc[-1]}` is nog niet ingevuld")
        self.gemeente_codes(doc, list(enumerate(regio.gemeenten)))
        dates: dict[dt.date, int] = {}
        for index, evaluatie in enumerate(regio.zelfevaluaties):
            loc = ("zelfevaluaties", index)
            self.not_in_future(doc, loc + ("datum",), evaluatie.datum)
            if evaluatie.datum in dates:
                self.error(
                    doc,
                    loc + ("datum",),
                    f"er is al een zelfevaluatie op {evaluatie.datum.isoformat()}; elke zelfevaluatie heeft een eigen datum",
                )
            dates.setdefault(evaluatie.datum, index)
            for bouwsteen_id, score in evaluatie.bouwstenen.items():
                sloc = loc + ("bouwstenen", bouwsteen_id)
                if bouwsteen_id not in bouwsteen_ids:
                    hint = difflib.get_close_matches(bouwsteen_id, sorted(bouwsteen_ids), n=1)
                    suggestion = f"; bedoelde je `{hint[0]}`?" if hint else f"; kies uit: {', '.join(sorted(bouwsteen_ids))}"
                    self.error(doc, sloc, f"onbekende bouwsteen `{bouwsteen_id}`{suggestion}", key=True)
                if levels and score.niveau not in levels:
                    self.error(doc, sloc + ("niveau",), f"niveau {score.niveau} staat niet op de schaal ({_levels(levels)})")
                if score.ambitie is not None:
                    if levels and score.ambitie.niveau not in levels:
                        self.error(
                            doc,
                            sloc + ("ambitie", "niveau"),
                            f"ambitieniveau {score.ambitie.niveau} staat niet op de schaal ({_levels(levels)})",
                        )
                    if score.ambitie.jaar < evaluatie.datum.year:
                        self.error(
                            doc,
                            sloc + ("ambitie", "jaar"),
                            f"ambitiejaar {score.ambitie.jaar} ligt vóór het jaar van deze zelfevaluatie "
                            f"({evaluatie.datum.year}); een ambitie ligt in de toekomst: kies {evaluatie.datum.year} of later",
                        )
                    if score.ambitie.niveau < score.niveau:
                        self.error(
                            doc,
                            sloc + ("ambitie", "niveau"),
                            f"ambitieniveau {score.ambitie.niveau} is lager dan het huidige niveau {score.niveau}; "
                            "een ambitie is minstens het huidige niveau",
                        )
            if evaluatie.status == "vastgesteld":
                missing = [b for b in sorted(bouwsteen_ids) if b not in evaluatie.bouwstenen]
                if missing:
                    self.error(
                        doc,
                        loc + ("bouwstenen",),
                        "een vastgestelde zelfevaluatie beschrijft alle zes bouwstenen; ontbreekt: "
                        + ", ".join(missing)
                        + " (of zet status op concept)",
                    )
        for index, voorbeeld in enumerate(regio.goede_voorbeelden):
            loc = ("goede_voorbeelden", index)
            self.not_reserved(doc, loc + ("id",), voorbeeld.id, "goede-voorbeelden")
            self.not_in_future(doc, loc + ("datum",), voorbeeld.datum)
            for b_index, bouwsteen_id in enumerate(voorbeeld.bouwstenen):
                if bouwsteen_id not in bouwsteen_ids:
                    hint = difflib.get_close_matches(bouwsteen_id, sorted(bouwsteen_ids), n=1)
                    suggestion = f"; bedoelde je `{hint[0]}`?" if hint else f"; kies uit: {', '.join(sorted(bouwsteen_ids))}"
                    self.error(doc, loc + ("bouwstenen", b_index), f"onbekende bouwsteen `{bouwsteen_id}`{suggestion}")

    def across_regions(self, items: list[_Loaded], invalid: typing.Sequence[SourceDocument] = ()) -> None:
        """No gemeente in two regions (also counting files with other errors), and practice
        ids unique site-wide."""
        claims = [(item.doc, list(enumerate(item.model.gemeenten))) for item in items]
        claims += [(doc, _raw_gemeente_codes(doc)) for doc in invalid]
        owners: dict[str, tuple[SourceDocument, int]] = {}
        for doc, codes in sorted(claims, key=lambda claim: claim[0].relpath):
            for index, code in codes:
                owner = owners.get(code)
                if owner is not None and owner[0] is not doc:
                    other, other_index = owner
                    other_line = other.position_of(("gemeenten", other_index))[0]
                    line = doc.position_of(("gemeenten", index))[0]
                    name = f" ({self.geo.gemeenten[code]})" if self.geo and code in self.geo.gemeenten else ""
                    self.error(
                        doc,
                        ("gemeenten", index),
                        f"gemeente {code}{name} hoort ook bij {other.relpath}:{other_line}; "
                        "een gemeente hoort bij één regio",
                    )
                    self.error(
                        other,
                        ("gemeenten", other_index),
                        f"gemeente {code}{name} hoort ook bij {doc.relpath}:{line}; een gemeente hoort bij één regio",
                    )
                elif owner is None:
                    owners[code] = (doc, index)
        docs = [item.doc for item in items] + list(invalid)
        for key, label in (("naam", "naam"), ("korte_naam", "korte naam")):
            self.unique_name(docs, key, label)
        practice_ids: dict[str, tuple[_Loaded, int]] = {}
        for item in sorted(items, key=lambda i: i.doc.relpath):
            for index, voorbeeld in enumerate(item.model.goede_voorbeelden):
                earlier = practice_ids.get(voorbeeld.id)
                if earlier is not None:
                    first, other_index = earlier
                    other_line = first.doc.position_of(("goede_voorbeelden", other_index, "id"))[0]
                    self.error(
                        item.doc,
                        ("goede_voorbeelden", index, "id"),
                        f"goed-voorbeeld-id `{voorbeeld.id}` bestaat al in {first.doc.relpath}:{other_line}; "
                        "ids zijn uniek op de hele site",
                    )
                else:
                    practice_ids[voorbeeld.id] = (item, index)


    def unique_name(self, docs: typing.Sequence[SourceDocument], key: str, label: str) -> None:
        """No two regions with the same name (ignoring case and spacing): visitors could not
        tell them apart on the map, in the heat-map or in a comparison."""
        first: dict[str, SourceDocument] = {}
        for doc in sorted(docs, key=lambda d: d.relpath):
            raw = doc.data.get(key) if isinstance(doc.data, dict) else None
            if not isinstance(raw, str) or not raw.strip():
                continue
            normal = " ".join(raw.split()).casefold()
            other = first.setdefault(normal, doc)
            if other is doc:
                continue
            for here, there in ((doc, other), (other, doc)):
                line = there.position_of((key,))[0]
                self.error(
                    here,
                    (key,),
                    f"de {label} `{' '.join(raw.split())[:60]}` heeft ook {there.relpath}:{line}; bezoekers kunnen "
                    f"de regio's dan niet uit elkaar houden. Geef elke regio een eigen {label}",
                )


def _raw_gemeente_codes(doc: SourceDocument) -> list[tuple[int, str]]:
    """(index, code) of the well-formed codes in a file's raw `gemeenten` list (codes in the
    wrong format are reported by the model already)."""
    raw = doc.data.get("gemeenten") if isinstance(doc.data, dict) else None
    if not isinstance(raw, list):
        return []
    return [(i, code) for i, code in enumerate(raw) if isinstance(code, str) and re.match(GEMEENTE_PATTERN, code)]


def _raw_leaves(value: Any, loc: tuple[Any, ...] = ()) -> typing.Iterator[tuple[tuple[Any, ...], Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _raw_leaves(item, loc + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _raw_leaves(item, loc + (index,))
    else:
        yield loc, value


def _levels(levels: set[int]) -> str:
    return f"{min(levels)} t/m {max(levels)}" if levels else "leeg"


def require_project(root: Path) -> None:
    """Raise ``ProjectError`` unless ROOT is a folder with `regions/` or `bouwstenen/`."""
    if not root.is_dir():
        raise ProjectError(f"{root} is geen map")
    if not (root / REGIONS_DIR).is_dir() and not (root / BOUWSTENEN_DIR).is_dir():
        raise ProjectError(
            f"{root} is geen hhz-project: de mappen `{REGIONS_DIR}/` en `{BOUWSTENEN_DIR}/` ontbreken"
        )


def validate_root(root: Path, geo: GeoReference | None = None, today: dt.date | None = None) -> ValidationResult:
    """Validate the whole data folder and build the dataset when it is clean."""
    require_project(root)
    today = today or dt.date.today()
    diagnostics: list[Diagnostic] = []
    rules = _Rules(today, geo)

    bouwsteen_files = _yaml_files(root, BOUWSTENEN_DIR, diagnostics)
    schaal_path = root / BOUWSTENEN_DIR / SCHAAL_FILE
    schaal_items: list[_Loaded] = []
    if schaal_path in bouwsteen_files:
        bouwsteen_files.remove(schaal_path)
        schaal_items = _load_all(root, [schaal_path], Schaal, diagnostics)
    elif (root / BOUWSTENEN_DIR).is_dir():
        diagnostics.append(
            Diagnostic(f"{BOUWSTENEN_DIR}/{SCHAAL_FILE}", 0, 0, "de schaal ontbreekt: maak bouwstenen/schaal.yaml")
        )
    levels = rules.schaal(schaal_items[0]) if schaal_items else set()

    bouwsteen_items = _load_all(root, bouwsteen_files, Bouwsteen, diagnostics)
    for item in bouwsteen_items:
        rules.bouwsteen(item, levels)
    if (root / BOUWSTENEN_DIR).is_dir():
        rules.bouwsteen_set(bouwsteen_items, [p.stem for p in bouwsteen_files])
    known_bouwstenen = set(BOUWSTEEN_IDS)

    invalid_regions: list[SourceDocument] = []
    region_items = _load_all(root, _yaml_files(root, REGIONS_DIR, diagnostics), Regio, diagnostics, invalid_regions)
    for item in region_items:
        rules.region(item, known_bouwstenen, levels)
    for doc in invalid_regions:
        rules.invalid_region(doc)
    rules.across_regions(region_items, invalid_regions)
    diagnostics.extend(rules.out)

    result = ValidationResult(diagnostics=sorted_diagnostics(diagnostics))
    if result.errors or not schaal_items:
        return result
    bouwstenen = sorted((i.model for i in bouwsteen_items), key=lambda b: (b.volgorde, b.id))
    regions = sorted((i.model for i in region_items), key=lambda r: r.id)
    result.dataset = Dataset(
        schaal=schaal_items[0].model,
        bouwstenen=tuple(bouwstenen),
        regions=tuple(regions),
        region_paths=MappingProxyType({i.model.id: i.doc.relpath for i in region_items}),
        bouwsteen_paths=MappingProxyType({i.model.id: i.doc.relpath for i in bouwsteen_items}),
        gemeente_namen=MappingProxyType(dict(geo.gemeenten) if geo else {}),
    )
    return result
