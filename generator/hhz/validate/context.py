"""What the rules look at: one loaded file, a folder of them, and what the whole run knows
(today, the scale, the CBS gemeenten). Rules yield diagnostics made here."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, NamedTuple

from ..diagnostics import Diagnostic
from ..geo.reference import GeoReference
from ..models import GEMEENTE_PATTERN
from ..load.source import SourceDocument

Loc = tuple[Any, ...]


class Rule(NamedTuple):
    """One line of the rule book: a short name, what it checks, and the function that does."""

    name: str
    checks: str
    check: Callable[..., Any]  # (subject, context) -> its diagnostics (or, for a file rule, a message)


@dataclass
class Loaded:
    """A file whose fields are all valid: its source and its model value."""

    doc: SourceDocument
    model: Any


@dataclass
class Folder:
    """`regions/` or `bouwstenen/` after loading."""

    name: str
    exists: bool
    stems: list[str] = field(default_factory=list)  # the files that passed the file rules
    items: list[Loaded] = field(default_factory=list)  # ... and whose fields are valid
    invalid: list[SourceDocument] = field(default_factory=list)  # read, but with field errors

    @property
    def docs(self) -> list[SourceDocument]:
        """Every file that could be read, valid or not."""
        return [item.doc for item in self.items] + self.invalid


@dataclass(frozen=True)
class Site:
    bouwstenen: Folder
    regions: Folder
    schaal: Loaded | None  # bouwstenen/schaal.yaml, when its fields are valid


@dataclass(frozen=True)
class Context:
    today: dt.date
    geo: GeoReference | None
    levels: frozenset[int]  # the niveaus on the scale; empty without a valid schaal

    def error(self, doc: SourceDocument, loc: Loc, message: str, key: bool = False) -> Diagnostic:
        """An error at the value at ``loc`` (at its key with ``key``)."""
        line, col = doc.key_position_of(loc) if key else doc.position_of(loc)
        return Diagnostic(doc.relpath, line, col, message)

    def warning(self, doc: SourceDocument, loc: Loc, message: str) -> Diagnostic:
        line, col = doc.position_of(loc)
        return Diagnostic(doc.relpath, line, col, message, "waarschuwing")

    def off_scale(self, number: int) -> bool:
        """Whether ``number`` is not on the scale (never without a valid schaal)."""
        return bool(self.levels) and number not in self.levels

    @property
    def scale_text(self) -> str:
        return f"{min(self.levels)} t/m {max(self.levels)}" if self.levels else "leeg"


def raw_gemeente_codes(doc: SourceDocument) -> list[tuple[int, str]]:
    """(index, code) of the well-formed codes in a file's raw `gemeenten` list (codes in the
    wrong format are reported by the model already). For a valid file: all its codes."""
    raw = doc.data.get("gemeenten") if isinstance(doc.data, dict) else None
    if not isinstance(raw, list):
        return []
    return [(i, code) for i, code in enumerate(raw) if isinstance(code, str) and re.match(GEMEENTE_PATTERN, code)]


def raw_leaves(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from raw_leaves(item, loc + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from raw_leaves(item, loc + (index,))
    else:
        yield loc, value
