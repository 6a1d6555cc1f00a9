"""Composing PyYAML's *event stream* into plain Python values with positions.

Iterative (depth cannot blow the stack) and strict: duplicate keys, anchors, aliases,
explicit tags, several documents, non-text keys and absurd nesting are refused, each with
a Dutch message at its line and column. Used by ``yamlsource``, which reads the files.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .cause import dedented_block, syntax_cause
from .values import (
    _BIDI_CONTROLS,
    MAX_DEPTH,
    MAX_REFERENCE_ERRORS,
    Loc,
    ScalarInfo,
    SourceDocument,
    _control_character,
    resolve_plain_scalar,
)

INVALID_KEY = "\0invalid"  # stands for a key that could not be used; its value is dropped

_SYNTAX_HINTS = {
    # PyYAML says "... allowed here", libyaml "... allowed in this context"
    "mapping values are not allowed": (
        "een dubbele punt op een onverwachte plek; controleer of de regel even ver inspringt als de regels "
        "ernaast, en zet tekst met ': ' erin tussen aanhalingstekens"
    ),
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


_ESCAPE_RE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})")


def _bad_escape(text: str, line_index: int) -> str:
    """The escape on that line that is no character (a lone surrogate, beyond U+10FFFF), named."""
    lines = text.splitlines()
    for match in _ESCAPE_RE.finditer(lines[line_index] if line_index < len(lines) else ""):
        code = int(match.group(1)[1:], 16)
        if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
            return f" (`{match.group(0)}` is U+{code:04X}, geen teken: een losse surrogaathelft of buiten Unicode)"
    return ""


class _Frame:
    __slots__ = ("container", "loc", "pending_key", "pending_key_pos")

    def __init__(self, container: Any, loc: Loc):
        self.container = container
        self.loc = loc
        self.pending_key: str | None = None
        self.pending_key_pos: tuple[int, int] | None = None


def _pos(event: Any) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


class _Composer:
    """One pass over the events of one file, filling ``doc``."""

    def __init__(self, doc: SourceDocument, text: str):
        self.doc = doc
        self.text = text
        self.stack: list[_Frame] = []
        self.documents = 0
        self.root_set = False
        self.usable = True
        self.references: list[tuple[int, int]] = []  # refused anchors and aliases (a YAML bomb has thousands)
        # A value can only hold a bidi or control character when the file has one, or has a
        # backslash (escapes in double quotes): otherwise the per-value checks are skipped.
        self.check_characters = (
            "\\" in text or _control_character(text) is not None or bool(_BIDI_CONTROLS.intersection(text))
        )
        self.handlers = {
            yaml.DocumentStartEvent: self.document_start,
            yaml.AliasEvent: self.alias,
            yaml.ScalarEvent: self.scalar,
            yaml.MappingStartEvent: self.collection_start,
            yaml.SequenceStartEvent: self.collection_start,
            yaml.MappingEndEvent: self.collection_end,
            yaml.SequenceEndEvent: self.collection_end,
        }

    # -- refusals ----------------------------------------------------------------------

    def refuse_reference(self, event: Any, message: str) -> None:
        self.references.append(_pos(event))
        if len(self.references) <= MAX_REFERENCE_ERRORS:
            self.doc.error(*_pos(event), message)

    def refuse_anchor(self, event: Any) -> None:
        if getattr(event, "anchor", None) is not None:
            self.refuse_reference(event, f"anker `&{event.anchor}` is niet toegestaan; schrijf de waarde gewoon uit")

    def refuse_characters(self, event: Any, raw: str) -> None:
        if _BIDI_CONTROLS.intersection(raw):
            self.doc.error(
                *_pos(event),
                "onzichtbaar tekstrichting-teken (bidi) in de tekst; verwijder het (het kan tekst misleidend tonen)",
            )
        control = _control_character(raw)
        if control is not None:
            self.doc.error(*_pos(event), f"niet-toegestaan stuurteken U+{ord(control):04X} in de tekst; verwijder het")

    # -- placing values ----------------------------------------------------------------

    def place(self, value: Any, event: Any, scalar: ScalarInfo | None) -> bool:
        """Attach a value to its parent; return False when it was a mapping key."""
        mark = event.start_mark
        line_col = (mark.line + 1, mark.column + 1)
        doc = self.doc
        if not self.stack:
            doc.data = value
            doc.positions[()] = line_col
            self.root_set = True
            return True
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            loc = frame.loc + (len(frame.container),)
            frame.container.append(value)
        else:
            if frame.pending_key is None:
                self.take_key(frame, scalar, line_col)
                return False
            loc = self.place_in_mapping(frame, value)
            if loc is None:
                return True
        doc.positions[loc] = line_col
        if scalar is not None:
            doc.scalars[loc] = scalar
        return True

    def take_key(self, frame: _Frame, scalar: ScalarInfo | None, line_col: tuple[int, int]) -> None:
        if scalar is None:
            self.doc.error(*line_col, "een sleutel moet gewone tekst zijn, geen lijst of mapping")
            frame.pending_key = INVALID_KEY
        else:
            frame.pending_key = scalar.raw
        frame.pending_key_pos = line_col

    def place_in_mapping(self, frame: _Frame, value: Any) -> Loc | None:
        """Store the value under the pending key; None when the key is unusable or doubled."""
        key, key_pos = frame.pending_key, frame.pending_key_pos
        frame.pending_key = None
        loc = frame.loc + (key,)
        if key == INVALID_KEY:
            return None
        if key in frame.container:
            cause = dedented_block(self.text, key_pos[0])
            if cause is not None:  # not two values for one key: a block indented too little
                self.doc.error(cause.line, cause.col, f"YAML-syntaxfout: {cause.message}")
                self.usable = False
                return None
            first_line = self.doc.key_positions.get(loc, (0, 0))[0]
            self.doc.error(
                *key_pos,
                f"dubbele sleutel `{key}` (staat ook op regel {first_line}); "
                "YAML houdt er stilzwijgend maar één over: voeg ze samen",
            )
            return None
        frame.container[key] = value
        self.doc.key_positions[loc] = key_pos
        return loc

    def child_loc(self) -> Loc:
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            return frame.loc + (len(frame.container),)
        return frame.loc + (frame.pending_key,)

    def expects_key(self) -> bool:
        return bool(self.stack) and isinstance(self.stack[-1].container, dict) and self.stack[-1].pending_key is None

    # -- one handler per event; False stops the pass -----------------------------------

    def document_start(self, event: Any) -> bool:
        self.documents += 1
        if self.documents > 1:
            self.doc.error(*_pos(event), "meer dan één YAML-document (---) in één bestand; gebruik er één")
            self.usable = False
            return False
        return True

    def alias(self, event: Any) -> bool:
        self.refuse_reference(event, f"alias `*{event.anchor}` is niet toegestaan; schrijf de waarde gewoon uit")
        self.usable = False
        if self.expects_key():
            self.stack[-1].pending_key = INVALID_KEY
            self.stack[-1].pending_key_pos = _pos(event)
        elif self.stack:
            self.place(None, event, None)
        return True

    def scalar(self, event: Any) -> bool:
        # the hot path (one call per value): the rare checks are guarded inline
        if event.anchor is not None:
            self.refuse_anchor(event)
        if event.tag is not None and event.implicit == (False, False):
            self.doc.error(*_pos(event), f"YAML-tag `{event.tag}` is niet toegestaan; laat hem weg")
        raw = event.value
        if self.check_characters:
            self.refuse_characters(event, raw)
        plain = not event.style
        self.place(resolve_plain_scalar(raw) if plain else raw, event, ScalarInfo(raw, plain))
        return True

    def collection_start(self, event: Any) -> bool:
        self.refuse_anchor(event)
        if event.tag is not None and not event.implicit:
            self.doc.error(*_pos(event), f"YAML-tag `{event.tag}` is niet toegestaan; laat hem weg")
        if len(self.stack) >= MAX_DEPTH:
            self.doc.error(*_pos(event), f"te diep genest (meer dan {MAX_DEPTH} niveaus); zo diep gaat geen gegevensveld")
            self.usable = False
            return False
        container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
        loc = self.child_loc() if self.stack else ()
        if self.expects_key():  # a mapping or list used as a key
            self.place(container, event, None)
            loc = (INVALID_KEY,)
        else:
            self.place(container, event, None)
        self.stack.append(_Frame(container, loc))
        return True

    def collection_end(self, event: Any) -> bool:
        self.stack.pop()
        return True

    # -- the pass ------------------------------------------------------------------------

    def run(self) -> None:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        handlers = self.handlers
        try:
            for event in yaml.parse(self.text, Loader=loader):
                handler = handlers.get(type(event))
                if handler is not None and not handler(event):
                    break
        except yaml.MarkedYAMLError as exc:
            self.syntax_error(exc)
        except yaml.reader.ReaderError as exc:
            self.reader_error(exc)
        except yaml.YAMLError as exc:  # pragma: no cover - other libyaml errors
            self.doc.error(1, 1, _syntax_message(str(exc)))
            self.usable = False
        self.finish()

    def syntax_error(self, exc: yaml.MarkedYAMLError) -> None:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and "end of stream" in str(exc.problem):
            # an unclosed quote or bracket: point at where it opened, not past the last line
            mark = exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        cause = syntax_cause(self.text, max(line, exc.problem_mark.line + 1 if exc.problem_mark else 1))
        if cause is not None:
            self.doc.error(cause.line, cause.col, f"YAML-syntaxfout: {cause.message}")
        else:
            message = _syntax_message(str(exc.problem or exc))
            if exc.problem_mark is not None and "invalid Unicode character escape" in str(exc.problem):
                message += _bad_escape(self.text, exc.problem_mark.line)
            self.doc.error(line, col, message)
        self.usable = False

    def reader_error(self, exc: yaml.reader.ReaderError) -> None:
        line = self.text[: exc.position].count("\n") + 1
        self.doc.error(
            line,
            1,
            f"niet-toegestaan teken U+{exc.character:04X} in het bestand; verwijder het"
            if isinstance(exc.character, int)
            else "niet-toegestaan teken in het bestand; verwijder het",
        )
        self.usable = False

    def finish(self) -> None:
        doc, references = self.doc, self.references
        if len(references) > MAX_REFERENCE_ERRORS:
            hidden = len(references) - MAX_REFERENCE_ERRORS
            first_hidden = references[MAX_REFERENCE_ERRORS]
            doc.error(
                *first_hidden,
                f"en nog {hidden} ankers of aliassen (regel {first_hidden[0]} t/m {references[-1][0]}), "
                "niet allemaal getoond; schrijf elke waarde gewoon uit, zonder & en *",
            )
        if self.usable and not self.root_set:
            doc.error(1, 1, "het bestand bevat geen gegevens (alleen commentaar); vul het in of verwijder het")
            self.usable = False
        if self.usable and not isinstance(doc.data, dict):
            line, col = doc.positions.get((), (1, 1))
            doc.error(line, col, "het bestand moet beginnen met sleutels (`id: ...`, `naam: ...`), niet met een lijst of losse waarde")
            self.usable = False
        doc.usable = self.usable


def compose(doc: SourceDocument, text: str) -> None:
    """Build ``doc.data`` (and its positions and diagnostics) from the YAML ``text``."""
    _Composer(doc, text).run()
