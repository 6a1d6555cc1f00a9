"""Diagnostics (errors and warnings) and the formats they are printed in."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Collection, Iterable, Literal

Severity = Literal["fout", "waarschuwing"]
GITHUB_ANNOTATION_LIMIT = 10  # GitHub shows this many error and this many warning annotations per step


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


def changed_first(diagnostics: Iterable[Diagnostic], changed: Collection[str]) -> list[Diagnostic]:
    """The diagnostics of the ``changed`` files (paths as in the diagnostics) first, each
    group in its own order: GitHub annotates only the first few of a step."""
    return sorted(diagnostics, key=lambda d: d.path not in changed)


def _count(number: int, one: str, more: str) -> str:
    return f"{number} {one if number == 1 else more}"


def in_changed_files(diagnostics: Iterable[Diagnostic], changed: Collection[str]) -> str:
    """", waarvan 2 in de gewijzigde bestanden" for the summary (empty without ``changed``)."""
    if not changed:
        return ""
    errors = sum(1 for d in diagnostics if d.is_error and d.path in changed)
    return f", waarvan {errors} in de gewijzigde bestanden"


def annotation_overflow(diagnostics: Iterable[Diagnostic]) -> str | None:
    """What GitHub does not show as an annotation, in Dutch; None when it shows everything."""
    listed = list(diagnostics)
    errors = sum(1 for d in listed if d.is_error)
    hidden_errors = max(0, errors - GITHUB_ANNOTATION_LIMIT)
    hidden_warnings = max(0, len(listed) - errors - GITHUB_ANNOTATION_LIMIT)
    if not hidden_errors and not hidden_warnings:
        return None
    hidden = [
        _count(n, one, more)
        for n, one, more in ((hidden_errors, "fout", "fouten"), (hidden_warnings, "waarschuwing", "waarschuwingen"))
        if n
    ]
    return (
        f"GitHub toont per stap maximaal {GITHUB_ANNOTATION_LIMIT} fouten en {GITHUB_ANNOTATION_LIMIT} "
        "waarschuwingen als annotatie, die van de gewijzigde bestanden eerst; nog "
        f"{' en '.join(hidden)} staan alleen in het log van de stap Gegevens valideren"
    )


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
