"""`hhz new-evaluation REGIO` (alias `hhz nieuwe-zelfevaluatie`): a new concept
zelfevaluatie that starts as a copy of the latest vastgestelde one.

The new evaluation is a text insertion, not a re-dump of the file: the source text of the
latest vastgestelde zelfevaluatie is copied, its `datum` set to the new date, its `status`
to `concept`, its `voorbeeld` and `getoetst` removed (and an ambitie whose year lies before the new year
moved to that year, or the validator would refuse it), and the copy is placed after the
last zelfevaluatie. Everything outside the appended block stays byte for byte as it was,
comments and layout included. Before anything is written the result is read back: the new
evaluation must be exactly the intended copy, and the file must validate.

Positions come from PyYAML's composer (nodes with start and end offsets); the file has
passed the strict loader and the model first, so it is plain, valid YAML.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from ..geo.reference import GeoReference
from ..models import ID_PATTERN, Regio, Zelfevaluatie
from ..validate import BOUWSTENEN_DIR, REGIONS_DIR, validate_root
from ..load.source import load_yaml_file, load_yaml_text

MAX_ID = 80
_DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# The rules of a new zelfevaluatie, here and in the form (beheer/form-rules.json, "new_evaluation",
# read by site_templates/beheer/hhz-lastyear.js): copied from the newest zelfevaluatie with
# SOURCE_STATUS, the new date, the values of SET, the keys of DROPPED_KEYS removed, and an ambitie
# whose year lies before the new date's year moved to that year.
SOURCE_STATUS = "vastgesteld"
SET = {"status": "concept"}
# not copied: the new evaluation is no illustration, and nobody has reviewed it yet
DROPPED_KEYS = ("voorbeeld", "getoetst")
# What the form says when it does not add one (plain Dutch, no command-line options); {name}
# is filled in by the form, dates as "7 december 2026".
FORM_MESSAGES = {
    "no_source": "Er is nog geen vastgestelde zelfevaluatie om over te nemen. Voeg de eerste zelfevaluatie toe "
    "met de knop ‘Voeg zelfevaluaties toe’.",
    "date_taken": "Er is al een zelfevaluatie van vandaag ({datum}). Werk die bij; een regio heeft per datum "
    "één zelfevaluatie.",
    "newer_concept": "Er is al een concept van {datum}, nieuwer dan de vastgestelde zelfevaluatie van {bron}. "
    "Werk dat concept bij in plaats van een nieuw te maken.",
    "before_source": "De nieuwste vastgestelde zelfevaluatie ({bron}) ligt na vandaag ({datum}); "
    "controleer de datum van die zelfevaluatie.",
    "added": "Nieuwe zelfevaluatie van {datum} (concept) toegevoegd, overgenomen van de vastgestelde "
    "zelfevaluatie van {bron}. Pas aan wat veranderd is en sla op.",
    "ambitie_moved": "{bouwsteen}: het ambitiejaar {jaar} lag vóór {nieuw}; op {nieuw} gezet, pas het aan.",
}


def copy_rules() -> dict[str, object]:
    """The rules above as the form reads them (beheer/form-rules.json, "new_evaluation")."""
    return {
        "source_status": SOURCE_STATUS,
        "set": dict(SET),
        "drop": list(DROPPED_KEYS),
        "ambitie_year_at_least_new_year": True,
        "messages": dict(FORM_MESSAGES),
    }


class NewEvaluationError(Exception):
    """Why no zelfevaluatie was added (a Dutch message for the editor)."""


@dataclass(frozen=True)
class NewEvaluation:
    """The planned change: the whole new file text, and what to tell the editor."""

    path: Path
    relpath: str
    text: str
    datum: dt.date
    source_datum: dt.date
    line: int  # first line (1-based) of the appended block
    notes: tuple[str, ...]


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str


def parse_datum(value: str | None, today: dt.date) -> dt.date:
    """The date of `--datum` (JJJJ-MM-DD), today when not given; never in the future."""
    if value is None:
        return today
    try:
        if not _DATE_RE.match(value):
            raise ValueError
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise NewEvaluationError(
            f"--datum `{value[:40]}` is geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld {today.isoformat()}"
        ) from None
    if day > today:
        raise NewEvaluationError(
            f"--datum {day.isoformat()} ligt in de toekomst (vandaag is {today.isoformat()}); "
            "een zelfevaluatie krijgt de datum waarop ze is gehouden: kies vandaag of eerder"
        )
    return day


def _region_path(root: Path, region_id: str) -> tuple[Path, str]:
    if not re.fullmatch(ID_PATTERN, region_id) or len(region_id) > MAX_ID:
        raise NewEvaluationError(
            f"ongeldige id `{region_id[:80]}`; gebruik de id van de regio: de bestandsnaam zonder .yaml, "
            "kleine letters a-z, cijfers en koppeltekens"
        )
    for suffix in (".yaml", ".yml"):
        rel = f"{REGIONS_DIR}/{region_id}{suffix}"
        if (root / rel).is_symlink():
            raise NewEvaluationError(f"{rel} is een symbolische link; hhz wijzigt alleen gewone bestanden")
        if (root / rel).is_file():
            return root / rel, rel
    known = sorted(p.stem for p in (root / REGIONS_DIR).glob("*.y*ml")) if (root / REGIONS_DIR).is_dir() else []
    hint = f"; bekende regio's: {', '.join(known[:12])}{' …' if len(known) > 12 else ''}" if known else ""
    raise NewEvaluationError(f"{REGIONS_DIR}/{region_id}.yaml bestaat niet{hint}")


def _file_errors(root: Path, rel: str, text: str, geo: GeoReference | None, today: dt.date) -> list[str]:
    """The validator's errors for this one file (with the bouwstenen it is checked against)."""
    with tempfile.TemporaryDirectory(prefix="hhz-nieuw-") as tmp:
        work = Path(tmp)
        if (root / BOUWSTENEN_DIR).is_dir():
            shutil.copytree(root / BOUWSTENEN_DIR, work / BOUWSTENEN_DIR, symlinks=True)
        (work / REGIONS_DIR).mkdir()
        (work / rel).write_bytes(text.encode("utf-8"))
        result = validate_root(work, geo, today=today)
    return [f"{d.path}:{d.line}: {d.message}" for d in result.errors if d.path == rel]


def _load_region(root: Path, path: Path, rel: str, geo: GeoReference | None, today: dt.date) -> tuple[str, Regio]:
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise NewEvaluationError(f"{rel} is niet te lezen als UTF-8-tekst: {exc}") from None
    errors = _file_errors(root, rel, text, geo, today)
    doc = load_yaml_file(path, root)
    if errors or not doc.usable:
        shown = "; ".join(errors[:3]) or "het bestand is geen geldige YAML"
        raise NewEvaluationError(f"{rel} heeft fouten; los die eerst op (`hhz validate`): {shown}")
    try:
        return text, Regio.model_validate(doc.data)
    except ValidationError:  # pragma: no cover - the validator above reports these first
        raise NewEvaluationError(f"{rel} heeft fouten; los die eerst op (`hhz validate`)") from None


def _latest_established(region: Regio, rel: str, datum: dt.date) -> int:
    """The index of the zelfevaluatie to copy; refuses dates that would clash."""
    established = [(z.datum, i) for i, z in enumerate(region.zelfevaluaties) if z.status == SOURCE_STATUS]
    if not established:
        raise NewEvaluationError(
            f"{rel} heeft nog geen vastgestelde zelfevaluatie om te kopiëren; schrijf de eerste zelfevaluatie "
            "met de hand (zie docs/bijdragen.md, ‘Een zelfevaluatie toevoegen’)"
        )
    source_datum, index = max(established)
    for z in region.zelfevaluaties:
        if z.datum == datum:
            raise NewEvaluationError(f"{rel} heeft al een zelfevaluatie van {datum.isoformat()}; kies een andere --datum")
        if z.status == SET["status"] and z.datum > source_datum:
            raise NewEvaluationError(
                f"{rel} heeft al een concept-zelfevaluatie van {z.datum.isoformat()}, nieuwer dan de vastgestelde "
                f"van {source_datum.isoformat()}; werk dat concept bij in plaats van een nieuw te maken"
            )
    if datum < source_datum:
        raise NewEvaluationError(
            f"--datum {datum.isoformat()} ligt vóór de nieuwste vastgestelde zelfevaluatie ({source_datum.isoformat()}); "
            "een nieuwe zelfevaluatie komt daarna"
        )
    return index


def _value(node: yaml.Node, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    """The key and value node of ``key`` in a mapping node."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                return key_node, value_node
    return None


def _content_end(text: str, node: yaml.Node) -> int:
    """The offset just after the last character of the node's own text."""
    if isinstance(node, yaml.MappingNode) and not node.flow_style and node.value:
        return _content_end(text, node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        return _content_end(text, node.value[-1])
    end = node.end_mark.index
    while end > node.start_mark.index and text[end - 1] in " \t\r\n":
        end -= 1
    return end


def _line_end(text: str, offset: int) -> int:
    """The offset after the line end of the line that holds ``offset - 1``."""
    newline = text.find("\n", offset)
    return len(text) if newline < 0 else newline + 1


def _item_span(text: str, item: yaml.Node) -> tuple[int, int]:
    """From the start of the line with the item's `-` to the end of its last line."""
    dash = item.start_mark.index - 1
    while dash >= 0 and text[dash] in " \t\r\n":
        dash -= 1
    if dash < 0 or text[dash] != "-":
        raise NewEvaluationError("de zelfevaluaties staan niet als lijst met `- datum: …` onder elkaar")
    start = text.rfind("\n", 0, dash) + 1
    return start, _line_end(text, _content_end(text, item))


def _sequence(text: str, rel: str) -> yaml.SequenceNode:
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    found = _value(root, "zelfevaluaties") if root is not None else None
    if found is None or not isinstance(found[1], yaml.SequenceNode) or found[1].flow_style:
        raise NewEvaluationError(
            f"{rel}: `zelfevaluaties` staat niet als lijst met `- datum: …` onder elkaar; "
            "schrijf het zo (zie docs/bijdragen.md) en probeer het opnieuw"
        )
    return found[1]


def _removal(text: str, item: yaml.MappingNode, key: str) -> _Edit | None:
    """Drop ``key: value`` from the item: up to the next key, or (the last key) the line."""
    keys = [k.value for k, _v in item.value]
    if key not in keys:
        return None
    index = keys.index(key)
    key_node, value_node = item.value[index]
    if index + 1 < len(keys):
        return _Edit(key_node.start_mark.index, item.value[index + 1][0].start_mark.index, "")
    line_start = text.rfind("\n", 0, key_node.start_mark.index) + 1
    if text[line_start : key_node.start_mark.index].strip():  # not alone on its line (flow style)
        return _Edit(key_node.start_mark.index, _content_end(text, value_node), "")
    return _Edit(line_start, _line_end(text, _content_end(text, value_node)), "")


def _edits(text: str, item: yaml.MappingNode, source: Zelfevaluatie, datum: dt.date) -> tuple[list[_Edit], list[str]]:
    """The changes to the copied text, and a note per ambitie that was moved."""
    edits, notes = [], []
    for key, new in (("datum", datum.isoformat()), *SET.items()):
        _key, value = _value(item, key)  # type: ignore[misc]  # both are required fields
        edits.append(_Edit(value.start_mark.index, value.end_mark.index, new))
    for key in DROPPED_KEYS:
        removal = _removal(text, item, key)
        if removal is not None:
            edits.append(removal)
    scores = _value(item, "bouwstenen")
    for bouwsteen_id, score in source.bouwstenen.items():
        if score.ambitie is None or score.ambitie.jaar >= datum.year or scores is None:
            continue
        year = _value(_value(_value(scores[1], bouwsteen_id)[1], "ambitie")[1], "jaar")  # type: ignore[index]
        edits.append(_Edit(year[1].start_mark.index, year[1].end_mark.index, str(datum.year)))
        notes.append(
            f"{bouwsteen_id}: ambitiejaar {score.ambitie.jaar} ligt vóór {datum.year}, het jaar van de nieuwe "
            f"zelfevaluatie; op {datum.year} gezet: pas het aan"
        )
    return edits, notes


def _expected(source: Zelfevaluatie, datum: dt.date) -> Zelfevaluatie:
    """The copy as the model sees it: new date, concept, no voorbeeld, ambitions moved."""
    scores = {
        b: s.model_copy(update={"ambitie": s.ambitie.model_copy(update={"jaar": datum.year})})
        if s.ambitie is not None and s.ambitie.jaar < datum.year
        else s
        for b, s in source.bouwstenen.items()
    }
    dropped = {key: type(source).model_fields[key].get_default() for key in DROPPED_KEYS if key in type(source).model_fields}
    return source.model_copy(update={"datum": datum, **SET, "bouwstenen": scores, **dropped})


def _apply(text: str, start: int, edits: list[_Edit]) -> str:
    """The text from ``start`` with the edits (absolute offsets) applied, back to front."""
    out = text
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        out = out[: edit.start] + edit.text + out[edit.end :]
    return out[start:]


def _read_back(new_text: str, region: Regio, expected: Zelfevaluatie, rel: str) -> None:
    doc = load_yaml_text(new_text, rel)
    try:
        reread = Regio.model_validate(doc.data) if doc.usable else None
    except ValidationError:
        reread = None
    if reread is None or list(reread.zelfevaluaties) != [*region.zelfevaluaties, expected]:
        raise NewEvaluationError(
            f"{rel}: de kopie van de zelfevaluatie komt niet goed uit (ongewone opmaak?); "
            "er is niets gewijzigd: kopieer de zelfevaluatie met de hand (zie docs/bijdragen.md)"
        )


def plan_new_evaluation(
    root: Path, region_id: str, datum: dt.date, today: dt.date, geo: GeoReference | None = None
) -> NewEvaluation:
    """The file with the new concept zelfevaluatie appended; writes nothing."""
    path, rel = _region_path(root, region_id)
    text, region = _load_region(root, path, rel, geo, today)
    index = _latest_established(region, rel, datum)
    source = region.zelfevaluaties[index]
    items = _sequence(text, rel).value
    start, end = _item_span(text, items[index])
    edits, notes = _edits(text, items[index], source, datum)
    block = _apply(text[:end], start, edits)
    insert_at = _item_span(text, items[-1])[1]
    before = text[:insert_at]
    if before and not before.endswith("\n"):
        before += "\r\n" if "\r\n" in text else "\n"
    new_text = before + block + text[insert_at:]
    _read_back(new_text, region, _expected(source, datum), rel)
    errors = _file_errors(root, rel, new_text, geo, today)
    if errors:
        raise NewEvaluationError(f"{rel}: de nieuwe zelfevaluatie zou fouten geven; er is niets gewijzigd: {'; '.join(errors[:3])}")
    line = before.count("\n") + 1
    return NewEvaluation(path, rel, new_text, datum, source.datum, line, tuple(notes))


def write_new_evaluation(plan: NewEvaluation) -> None:
    """Replace the file in one step (a temporary file next to it, then a rename)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{plan.path.name}.", dir=plan.path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(plan.text.encode("utf-8"))
        mode = plan.path.stat().st_mode & 0o777
        os.chmod(tmp, mode)
        os.replace(tmp, plan.path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
