"""The values of a YAML file as the strict loader builds them: how a plain scalar resolves
(YAML 1.2 core rules, with sentinels for the YAML 1.1 surprises), the characters no value
may hold, and ``SourceDocument``, the result with the position of every key and value.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 40
MAX_REFERENCE_ERRORS = 5  # anchors and aliases reported one by one per file; the rest as a count

Loc = tuple[Any, ...]

# How a plain (unquoted) scalar resolves: the first rule whose pattern matches all of it
# gives its kind; text that no rule matches stays text. One table, used by the loader below
# and exported into the built beheer/ (``plain_scalar_rules``), so the form quotes exactly
# the texts this loader would read as something else. The patterns use only the syntax that
# Python's ``re`` and JavaScript's ``RegExp`` read alike (ASCII classes, groups, ? * + {n}).
PLAIN_SCALAR_RULES: tuple[tuple[str, str], ...] = (
    ("null", r"(?:~|null|Null|NULL)?"),
    ("true", r"true|True|TRUE"),
    ("false", r"false|False|FALSE"),
    ("yaml11-bool", r"[yY]|[nN]|[yY][eE][sS]|[nN][oO]|[oO][nN]|[oO][fF][fF]"),
    ("int", r"[-+]?(?:0|[1-9][0-9]*)"),
    ("float", r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"),
    ("special-float", r"\.[nN][aA][nN]|[-+]?\.[iI][nN][fF]"),
    ("date", r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
)
_RULES = tuple((kind, re.compile(pattern)) for kind, pattern in PLAIN_SCALAR_RULES)
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


def plain_scalar_rules() -> list[dict[str, str]]:
    """The loader's rules for plain scalars, as data for the form (``beheer/``)."""
    return [{"kind": kind, "pattern": pattern} for kind, pattern in PLAIN_SCALAR_RULES]


def plain_scalar_kind(raw: str) -> str | None:
    """The kind of the first rule that matches all of ``raw``; None: it is text."""
    return next((kind for kind, rule in _RULES if rule.fullmatch(raw)), None)


_SPECIAL_FLOATS = {".nan": math.nan, ".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf}


def _date(raw: str) -> dt.date | InvalidDate:
    try:
        return dt.date(int(raw[:4]), int(raw[5:7]), int(raw[8:10]))
    except ValueError:
        return InvalidDate(raw)


def _int(raw: str) -> int | float:
    try:
        return int(raw)
    except ValueError:  # more digits than Python will convert (sys.get_int_max_str_digits)
        return float(raw)  # inf: reported as "geen geldig getal"


_RESOLVE = {
    "null": lambda raw: None,
    "true": lambda raw: True,
    "false": lambda raw: False,
    "yaml11-bool": Yaml11Bool,
    "int": _int,
    "float": float,
    "special-float": lambda raw: _SPECIAL_FLOATS[raw.lower()],
    "date": _date,
}


def resolve_plain_scalar(raw: str) -> Any:
    """Resolve an unquoted scalar by YAML 1.2 core rules, with sentinels for surprises."""
    kind = plain_scalar_kind(raw)
    return raw if kind is None else _RESOLVE[kind](raw)
