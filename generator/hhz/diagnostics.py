"""Diagnostics (errors and warnings) and the formats they are printed in."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Iterable, Literal

Severity = Literal["fout", "waarschuwing"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one file, at a 1-based line and column (0 when unknown)."""

    path: str
    line: int
    col: int
    message: str
    severity: Severity = "fout"

    @property
    def is_error(self) -> bool:
        return self.severity == "fout"


def sorted_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diagnostics), key=lambda d: (d.path, d.line, d.col, d.message))


def format_text(d: Diagnostic) -> str:
    if d.line:
        return f"{d.path}:{d.line}:{d.col}: {d.severity}: {d.message}"
    return f"{d.path}: {d.severity}: {d.message}"


def _escape_github_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_github_property(value: str) -> str:
    return _escape_github_data(value).replace(":", "%3A").replace(",", "%2C")


def format_github(d: Diagnostic) -> str:
    """A GitHub Actions workflow command, shown inline on the pull request."""
    level = "error" if d.is_error else "warning"
    props = [f"file={_escape_github_property(d.path)}"]
    if d.line:
        props += [f"line={d.line}", f"col={max(d.col, 1)}"]
    return f"::{level} {','.join(props)}::{_escape_github_data(d.message)}"


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    items = [asdict(d) for d in diagnostics]
    return json.dumps({"diagnostics": items}, ensure_ascii=False, indent=2)
