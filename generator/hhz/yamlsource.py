"""Strict YAML loading with source positions.

Editors write YAML by hand, often in a browser. PyYAML (YAML 1.1) silently keeps the
last of two duplicate keys, turns an unquoted ``no`` into ``False`` and expands
aliases. This module builds plain Python values from PyYAML's *event stream* itself,
so that it can:

* remember the line and column of every key and value (``SourceDocument.positions``);
* refuse duplicate keys, anchors, aliases, explicit tags and multiple documents;
* resolve plain scalars by YAML 1.2 core rules, and mark the YAML 1.1 surprises
  (``yes/no/on/off``) and impossible dates with sentinels that no model field accepts;
* refuse tabs in indentation, non-UTF-8 bytes, binary content, empty files,
  oversized files and absurd nesting, each with a Dutch message.

It never raises for bad input: problems come back as ``Diagnostic`` objects.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 40
MAX_REFERENCE_ERRORS = 5  # anchors and aliases reported one by one per file; the rest as a count

Loc = tuple[Any, ...]

_INT_RE = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT_RE = re.compile(r"^[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$")
_DATE_RE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_YAML11_BOOLS = {"yes", "no", "on", "off", "y", "n"}
_SPECIAL_FLOATS = {".nan": math.nan, ".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf}
# Characters that reorder or hide text: refused everywhere (spoofing in reviews).
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
# C0/C1 control characters (tab and line ends excepted) and lone surrogates. The YAML reader
# refuses them written literally, but escapes in double quotes ("\\0", "\\x07") get through.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def _control_character(text: str) -> str | None:
    """The first control character in a decoded value, or None."""
    match = _CONTROL_RE.search(text)
    return match.group(0) if match else None


class Yaml11Bool:
    """An unquoted yes/no/on/off: YAML 1.1 reads it as a boolean, YAML 1.2 as text."""

    __slots__ = ("raw",)

    def __init__(self, raw: str):
        self.raw = raw

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Yaml11Bool({self.raw!r})"


class InvalidDate:
    """A plain scalar shaped like a date that does not exist (2024-02-30)."""

    __slots__ = ("raw",)

    def __init__(self, raw: str):
        self.raw = raw

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"InvalidDate({self.raw!r})"


@dataclass(frozen=True)
class ScalarInfo:
    raw: str
    plain: bool


@dataclass
class SourceDocument:
    """A YAML file turned into Python values, with where each value came from."""

    path: Path
    relpath: str
    data: Any = None
    positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    scalars: dict[Loc, ScalarInfo] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # False when the content could not be turned into data reliably
    # (syntax errors, aliases): model validation is then skipped for this file.
    usable: bool = False

    def error(self, line: int, col: int, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.relpath, line, col, message))

    def position_of(self, loc: Loc) -> tuple[int, int]:
        """Line and column of the value at ``loc``, or of its nearest known parent."""
        loc = tuple(loc)
        while loc:
            if loc in self.positions:
                return self.positions[loc]
            loc = loc[:-1]
        return self.positions.get((), (1, 1))

    def key_position_of(self, loc: Loc) -> tuple[int, int]:
        return self.key_positions.get(tuple(loc)) or self.position_of(loc)


def resolve_plain_scalar(raw: str) -> Any:
    """Resolve an unquoted scalar by YAML 1.2 core rules, with sentinels for surprises."""
    if raw in _NULLS:
        return None
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    if raw.lower() in _YAML11_BOOLS:
        return Yaml11Bool(raw)
    if _INT_RE.match(raw):
        try:
            return int(raw)
        except ValueError:  # more digits than Python will convert (sys.get_int_max_str_digits)
            return float(raw)  # inf: reported as "geen geldig getal"
    if _FLOAT_RE.match(raw):
        return float(raw)
    if raw.lower() in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[raw.lower()]
    match = _DATE_RE.match(raw)
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return InvalidDate(raw)
    return raw


_OTHER_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def _other_unicode_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32 when the file starts with that byte-order mark (editors on Windows
    save "Unicode" so); None otherwise."""
    return next((name for bom, name in _OTHER_BOMS if data.startswith(bom)), None)


def _decode(doc: SourceDocument, data: bytes) -> str | None:
    if not data.strip():
        doc.error(1, 1, "het bestand is leeg; vul het in of verwijder het")
        return None
    encoding = _other_unicode_encoding(data)
    if encoding:
        doc.error(1, 1, f"het bestand is opgeslagen als {encoding}; sla het bestand op als UTF-8")
        return None
    if b"\x00" in data:
        offset = data.index(b"\x00")
        line = data[:offset].count(b"\n") + 1
        doc.error(line, 1, "dit lijkt een binair bestand (bevat NUL-bytes); alleen YAML-tekst is toegestaan")
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        doc.error(
            line,
            col,
            "het bestand is geen geldige UTF-8; sla het op als UTF-8 "
            f"(ongeldige byte 0x{data[exc.start]:02x})",
        )
        return None


def _check_tabs(doc: SourceDocument, text: str) -> bool:
    ok = True
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            doc.error(
                number,
                indent.index("\t") + 1,
                "tab gebruikt voor inspringen; YAML staat alleen spaties toe (gebruik 2 spaties)",
            )
            ok = False
    return ok


_SYNTAX_HINTS = {
    # PyYAML says "... allowed here", libyaml "... allowed in this context"
    "mapping values are not allowed": "een dubbele punt op een onverwachte plek; zet tekst met ': ' tussen aanhalingstekens",
    "could not find expected ':'": "een sleutel zonder dubbele punt, of een niet afgesloten aanhalingsteken",
    "did not find expected key": "de inspringing klopt niet; zet sleutels op hetzelfde niveau even ver in",
    "found character '\\t' that cannot start any token": "tab gevonden; gebruik spaties",
    "found undefined alias": "verwijzing (alias) naar een onbekend anker",
    "found unexpected end of stream": "het bestand eindigt midden in een waarde; sluit aanhalingstekens en haakjes af",
    "did not find expected '-' indicator": "de inspringing van een lijst klopt niet",
    "found invalid Unicode character escape code": "ongeldige \\u-escape in tekst tussen dubbele aanhalingstekens; schrijf het teken zelf",
    "found unknown escape character": "onbekende escape-reeks met \\ in tekst tussen dubbele aanhalingstekens; gebruik enkele aanhalingstekens",
}


def _syntax_message(problem: str) -> str:
    if "maximum nesting depth" in problem:
        # libyaml (0.2.6+) stops at its own depth limit while scanning ahead, before our
        # event loop reaches MAX_DEPTH: the same problem, so the same message.
        return f"te diep genest (meer dan {MAX_DEPTH} niveaus); zo diep gaat geen gegevensveld"
    for needle, hint in _SYNTAX_HINTS.items():
        if needle in problem:
            return f"YAML-syntaxfout: {hint}"
    return f"YAML-syntaxfout ({problem}); controleer inspringing, dubbele punten en aanhalingstekens"


class _Frame:
    __slots__ = ("container", "loc", "pending_key", "pending_key_pos")

    def __init__(self, container: Any, loc: Loc):
        self.container = container
        self.loc = loc
        self.pending_key: str | None = None
        self.pending_key_pos: tuple[int, int] | None = None


def _compose(doc: SourceDocument, text: str) -> None:
    """Build ``doc.data`` from PyYAML events; iterative, so depth cannot blow the stack."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    stack: list[_Frame] = []
    documents = 0
    root_set = False
    usable = True

    def pos(event: Any) -> tuple[int, int]:
        return event.start_mark.line + 1, event.start_mark.column + 1

    references: list[tuple[int, int]] = []  # refused anchors and aliases (a YAML bomb has thousands)

    def refuse_reference(event: Any, message: str) -> None:
        references.append(pos(event))
        if len(references) <= MAX_REFERENCE_ERRORS:
            doc.error(*pos(event), message)

    def refuse_anchor(event: Any) -> None:
        if getattr(event, "anchor", None) is not None:
            refuse_reference(event, f"anker `&{event.anchor}` is niet toegestaan; schrijf de waarde gewoon uit")

    def place(value: Any, event: Any, scalar: ScalarInfo | None) -> bool:
        """Attach a value to its parent; return False when it was a mapping key."""
        nonlocal root_set
        line_col = pos(event)
        if not stack:
            doc.data = value
            doc.positions[()] = line_col
            root_set = True
            return True
        frame = stack[-1]
        if isinstance(frame.container, list):
            loc = frame.loc + (len(frame.container),)
            frame.container.append(value)
        else:
            if frame.pending_key is None:
                # this event is a key
                if scalar is None:
                    doc.error(*line_col, "een sleutel moet gewone tekst zijn, geen lijst of mapping")
                    frame.pending_key = "\0invalid"
                else:
                    frame.pending_key = scalar.raw
                frame.pending_key_pos = line_col
                return False
            key = frame.pending_key
            key_pos = frame.pending_key_pos
            frame.pending_key = None
            loc = frame.loc + (key,)
            if key == "\0invalid":
                return True
            if key in frame.container:
                first_line = doc.key_positions.get(loc, (0, 0))[0]
                doc.error(
                    *key_pos,
                    f"dubbele sleutel `{key}` (staat ook op regel {first_line}); "
                    "YAML houdt er stilzwijgend maar één over: voeg ze samen",
                )
                return True
            frame.container[key] = value
            doc.key_positions[loc] = key_pos
        doc.positions[loc] = line_col
        if scalar is not None:
            doc.scalars[loc] = scalar
        return True

    def child_loc() -> Loc:
        frame = stack[-1]
        if isinstance(frame.container, list):
            return frame.loc + (len(frame.container),)
        return frame.loc + (frame.pending_key,)

    # A value can only hold a bidi or control character when the file has one, or has a
    # backslash (escapes in double quotes): otherwise the per-value checks are skipped.
    check_characters = (
        "\\" in text or _control_character(text) is not None or bool(_BIDI_CONTROLS.intersection(text))
    )
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    doc.error(*pos(event), "meer dan één YAML-document (---) in één bestand; gebruik er één")
                    usable = False
                    break
            elif isinstance(event, yaml.AliasEvent):
                refuse_reference(event, f"alias `*{event.anchor}` is niet toegestaan; schrijf de waarde gewoon uit")
                usable = False
                if stack and isinstance(stack[-1].container, dict) and stack[-1].pending_key is None:
                    stack[-1].pending_key = "\0invalid"
                    stack[-1].pending_key_pos = pos(event)
                elif stack:
                    place(None, event, None)
            elif isinstance(event, yaml.ScalarEvent):
                refuse_anchor(event)
                if event.tag is not None and event.implicit == (False, False):
                    doc.error(*pos(event), f"YAML-tag `{event.tag}` is niet toegestaan; laat hem weg")
                raw = event.value
                if check_characters and _BIDI_CONTROLS.intersection(raw):
                    doc.error(
                        *pos(event),
                        "onzichtbaar tekstrichting-teken (bidi) in de tekst; verwijder het (het kan tekst misleidend tonen)",
                    )
                control = _control_character(raw) if check_characters else None
                if control is not None:
                    doc.error(
                        *pos(event),
                        f"niet-toegestaan stuurteken U+{ord(control):04X} in de tekst; verwijder het",
                    )
                plain = not event.style
                value = resolve_plain_scalar(raw) if plain else raw
                place(value, event, ScalarInfo(raw, plain))
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                refuse_anchor(event)
                if event.tag is not None and not event.implicit:
                    doc.error(*pos(event), f"YAML-tag `{event.tag}` is niet toegestaan; laat hem weg")
                if len(stack) >= MAX_DEPTH:
                    doc.error(*pos(event), f"te diep genest (meer dan {MAX_DEPTH} niveaus); zo diep gaat geen gegevensveld")
                    usable = False
                    break
                container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
                loc = child_loc() if stack else ()
                if stack and isinstance(stack[-1].container, dict) and stack[-1].pending_key is None:
                    # a mapping or list used as a key
                    place(container, event, None)
                    loc = ("\0invalid",)
                else:
                    place(container, event, None)
                stack.append(_Frame(container, loc))
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and "end of stream" in str(exc.problem):
            # an unclosed quote or bracket: point at where it opened, not past the last line
            mark = exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        doc.error(line, col, _syntax_message(str(exc.problem or exc)))
        usable = False
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        doc.error(
            line,
            1,
            f"niet-toegestaan teken U+{exc.character:04X} in het bestand; verwijder het"
            if isinstance(exc.character, int)
            else "niet-toegestaan teken in het bestand; verwijder het",
        )
        usable = False
    except yaml.YAMLError as exc:  # pragma: no cover - other libyaml errors
        doc.error(1, 1, _syntax_message(str(exc)))
        usable = False
    if len(references) > MAX_REFERENCE_ERRORS:
        hidden = len(references) - MAX_REFERENCE_ERRORS
        first_hidden = references[MAX_REFERENCE_ERRORS]
        doc.error(
            *first_hidden,
            f"en nog {hidden} ankers of aliassen (regel {first_hidden[0]} t/m {references[-1][0]}), "
            "niet allemaal getoond; schrijf elke waarde gewoon uit, zonder & en *",
        )
    if usable and not root_set:
        doc.error(1, 1, "het bestand bevat geen gegevens (alleen commentaar); vul het in of verwijder het")
        usable = False
    if usable and not isinstance(doc.data, dict):
        line, col = doc.positions.get((), (1, 1))
        doc.error(line, col, "het bestand moet beginnen met sleutels (`id: ...`, `naam: ...`), niet met een lijst of losse waarde")
        usable = False
    doc.usable = usable


def load_yaml_file(path: Path, root: Path) -> SourceDocument:
    """Read and compose one YAML file; never raises for bad content."""
    try:
        relpath = path.relative_to(root).as_posix()
    except ValueError:
        relpath = path.as_posix()
    doc = SourceDocument(path=path, relpath=relpath)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            doc.error(  # about the whole file: reported at its start, so it shows in pull requests
                1,
                1,
                f"bestand is te groot ({size:,} bytes; maximaal {MAX_FILE_BYTES:,}); "
                "splits het op of verwijder overbodige inhoud".replace(",", "."),
            )
            return doc
        data = path.read_bytes()
    except OSError as exc:
        doc.error(1, 1, f"kan het bestand niet lezen: {exc.strerror or exc}")
        return doc
    text = _decode(doc, data)
    if text is None:
        return doc
    if not _check_tabs(doc, text):
        return doc
    _compose(doc, text)
    return doc


def load_yaml_text(text: str, relpath: str = "test.yaml") -> SourceDocument:
    """Compose YAML from a string (used by tests and tools)."""
    doc = SourceDocument(path=Path(relpath), relpath=relpath)
    decoded = _decode(doc, text.encode("utf-8", "surrogatepass"))
    if decoded is not None and _check_tabs(doc, decoded):
        _compose(doc, decoded)
    return doc
