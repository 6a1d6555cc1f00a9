"""Shared fixtures: a valid project to break, the reference geodata, and helpers to check diagnostics."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from hhz.diagnostics import Diagnostic
from hhz.geo import GeoReference, load_geo_reference
from hhz.validate import ValidationResult, validate_root
from projectfactory import make_project

REPO = Path(__file__).resolve().parents[1]

# A fixed "today" after every date in projectfactory, so that no test depends on the clock.
TODAY = dt.date(2026, 1, 1)


def _geo_candidate() -> Path:
    return Path(os.environ.get("HHZ_GEO_DIR") or REPO.parent / "shared" / "geo")


@pytest.fixture(scope="session")
def geo_dir() -> Path:
    """The CBS reference geodata, read in place (HHZ_GEO_DIR, else ../shared/geo); never copied."""
    candidate = _geo_candidate()
    if not (candidate / "gemeente_2025.topojson").is_file():
        if os.environ.get("CI"):
            pytest.fail(f"geen CBS-geodata op CI (HHZ_GEO_DIR={candidate})")
        pytest.skip("geen CBS-geodata (HHZ_GEO_DIR of ../shared/geo)")
    return candidate


@pytest.fixture(scope="session")
def geo(geo_dir: Path) -> GeoReference:
    return load_geo_reference(geo_dir)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A small valid project (scale, six bouwstenen, regions alfa and beta) in its own folder.

    It lives one level below tmp_path, so tests can put files *outside* the project.
    """
    return make_project(tmp_path / "project")


class Editor:
    """Break one thing in the project by editing YAML text; then look at the diagnostics."""

    def __init__(self, root: Path):
        self.root = root

    def text(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    def write(self, rel: str, content: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def replace(self, rel: str, old: str, new: str, occurrence: int = 1) -> int:
        """Replace the n-th occurrence of ``old``; return the 1-based line where ``new`` starts."""
        text = self.text(rel)
        start = -1
        for _ in range(occurrence):
            start = text.find(old, start + 1)
            assert start >= 0, f"{old!r} (#{occurrence}) niet gevonden in {rel}"
        self.write(rel, text[:start] + new + text[start + len(old) :])
        return text.count("\n", 0, start) + 1

    def line_of(self, rel: str, needle: str, occurrence: int = 1) -> int:
        """1-based line of the n-th occurrence of ``needle`` in the current text of ``rel``."""
        text = self.text(rel)
        start = -1
        for _ in range(occurrence):
            start = text.find(needle, start + 1)
            assert start >= 0, f"{needle!r} (#{occurrence}) niet gevonden in {rel}"
        return text.count("\n", 0, start) + 1

    def validate(self, geo: GeoReference | None = None, today: dt.date = TODAY) -> ValidationResult:
        return validate_root(self.root, geo, today=today)

    def errors(self, geo: GeoReference | None = None, today: dt.date = TODAY) -> list[Diagnostic]:
        return self.validate(geo, today).errors


def find(diagnostics: list[Diagnostic], path: str, line: int, text: str) -> Diagnostic:
    """The one diagnostic at ``path:line`` whose message contains ``text``; fails with all of them shown."""
    hits = [d for d in diagnostics if d.path == path and d.line == line and text in d.message]
    shown = "\n".join(f"  {d.path}:{d.line}:{d.col}: {d.severity}: {d.message}" for d in diagnostics) or "  (geen)"
    assert len(hits) == 1, f"verwacht één melding {path}:{line} met {text!r}, kreeg:\n{shown}"
    return hits[0]


@pytest.fixture
def edit(project: Path) -> Editor:
    return Editor(project)


@pytest.fixture
def expect():
    """``expect(diagnostics, path, line, text)``: assert and return exactly one matching diagnostic."""
    return find
