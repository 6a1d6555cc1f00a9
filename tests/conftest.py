"""Shared fixtures: a valid project to break, the reference geodata, helpers to check
diagnostics, and Chromium with a server for a module's built ``site``.

Helpers that are not fixtures live in tests/helpers/ (``from helpers.sites import ...``)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import yaml

from hhz.geo import reference as geo_module
from hhz.diagnostics import Diagnostic
from hhz.geo.reference import GeoReference, load_geo_reference
from hhz.config import SiteConfig
from hhz.render.outputs import render_site
from hhz.validate import ValidationResult, validate_root
from helpers import REPO
from helpers.browser import CHROMIUM, CHROMIUM_ARGS, Page, need_browser, serve_directory
from helpers.geodata import find_geo_dir, require_geo_dir
from helpers.builds import build_variant, hhz_build as run_hhz_build, needs_geodata
from projectfactory import make_project

# A fixed "today" after every date in projectfactory, so that no test depends on the clock.
TODAY = dt.date(2026, 1, 1)


# --- test tiers ------------------------------------------------------------------------------
# The fast loop is `pytest -m "not slow and not browser"` (make test-fast). The markers come from
# the fixtures a test uses, directly or through other fixtures: Chromium makes it `browser`; a
# full site build (the site factory, or ``hhz build`` run by a fixture) makes it `slow`. A test
# that runs a build in its own body carries @pytest.mark.slow. tests/test_tiers.py fails when
# a fixture that launches Chromium or builds a site is missing from these lists, or a test that
# builds is not marked.
BROWSER_FIXTURES = frozenset({"browser"})
SLOW_FIXTURES = frozenset(
    {
        "built_sites",
        "shipped_builds",
        "hhz_build",
        "local_form",  # tests/test_cms_local.py: `hhz serve --beheer` builds the site first
        "longest_site",  # tests/test_print.py: builds the longest valid region
        "reference_tree",  # tests/test_safety.py: the small project built once per module
    }
)


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if used & SLOW_FIXTURES:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def geo_dir() -> Path:
    """The CBS reference geodata, read in place (HHZ_GEO_DIR, else ../shared/geo); never copied."""
    return require_geo_dir()


@pytest.fixture(scope="session")
def geo_dir_optional() -> Path | None:
    """The reference geodata if present, else None: for tests that also run without it."""
    return find_geo_dir()


@pytest.fixture(scope="session")
def geo(geo_dir: Path) -> GeoReference:
    return load_geo_reference(geo_dir)


@pytest.fixture(scope="session")
def built_sites(tmp_path_factory, geo_dir_optional: Path | None):
    """``built_sites(variant, engine)``: the project root of a data variant of
    helpers/builds.py (``shipped``, ``shipped-with-form``, ``map``, ``hostile``) built with
    that engine, at most once per test run (also across pytest-xdist workers). Tests read
    it, never change it (``copy_built`` for a private copy); the site is ``root / "site"``."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if worker else base) / "built-sites"  # one folder for all workers
    folder.mkdir(exist_ok=True)

    def build(variant: str, engine: str = "mkdocs") -> Path:
        geo_dir = require_geo_dir() if needs_geodata(variant) else geo_dir_optional
        return build_variant(folder, variant, engine, geo_dir)

    return build


@pytest.fixture(scope="session")
def shipped_builds(built_sites):
    """``shipped_builds(engine)``: the site folder of the shipped data built with that engine
    (once per run). A module that audits the shipped site defines ``site`` with
    ``params=ENGINES`` and calls this."""
    return lambda engine: built_sites("shipped", engine) / "site"


@pytest.fixture(scope="session")
def hhz_build():
    """``hhz_build(root, *args, geo_dir=None, env=None)``: ``hhz build`` in a subprocess, for
    a test or fixture that builds a project of its own (it is then in the slow tier)."""
    return run_hhz_build


# 'Today' for the shipped data in memory: after every shipped date, so nothing reads the clock.
SHIPPED_TODAY = dt.date(2027, 1, 1)


@pytest.fixture(scope="session")
def shipped_dataset():
    """The shipped data, validated without geodata on SHIPPED_TODAY (once per run)."""
    result = validate_root(REPO, None, today=SHIPPED_TODAY)
    assert result.dataset is not None, [d.message for d in result.errors]
    return result.dataset


@pytest.fixture(scope="session")
def shipped_files(shipped_dataset) -> dict[str, bytes]:
    """Every generated file of the shipped data, in memory (no engine build; read only)."""
    return render_site(REPO, shipped_dataset, None, config=SiteConfig(), today=SHIPPED_TODAY).files


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

    def only_error(self, path: str = "regions/alfa.yaml", **kwargs) -> Diagnostic:
        """The project's one error, which must be in ``path`` (``kwargs`` go to ``errors``)."""
        errors = self.errors(**kwargs)
        assert len(errors) == 1, errors
        assert errors[0].path == path
        return errors[0]


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


# --- the browser ------------------------------------------------------------------------------
# A module that uses ``server`` or ``page`` defines a module-scoped ``site`` fixture: the built
# site folder to serve.


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright, once per test run (per pytest-xdist worker);
    every test gets its own context (helpers/browser.py), so nothing carries over between
    tests. Skipped without it (fails on CI)."""
    need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def server(site: Path):
    """The base URL of the module's ``site``, served on 127.0.0.1."""
    with serve_directory(site) as base:
        yield base


@pytest.fixture
def page(browser, server) -> Page:
    wrapper = Page(browser, server)
    yield wrapper
    wrapper.close()


@pytest.fixture(params=["libyaml", "python"])
def loader(request, monkeypatch) -> str:
    """Run a loader test with PyYAML's C parser and with its pure-Python one."""
    if request.param == "libyaml" and not getattr(yaml, "__with_libyaml__", False):
        pytest.skip("PyYAML is zonder libyaml geïnstalleerd")
    if request.param == "python":
        monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    return request.param


FIXED_DAY = dt.date(2026, 1, 15)


@pytest.fixture
def fixed_day(monkeypatch, tmp_path) -> dt.date:
    """'Today' is 2026-01-15 (the reference date, through SOURCE_DATE_EPOCH), and no
    geodata unless a test passes it (modules use it with ``pytestmark``)."""
    epoch = int(dt.datetime(FIXED_DAY.year, FIXED_DAY.month, FIXED_DAY.day, 12, tzinfo=dt.timezone.utc).timestamp())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    monkeypatch.delenv("HHZ_GEO_DIR", raising=False)
    monkeypatch.setattr(geo_module, "user_cache_geo_dir", lambda year=2025: tmp_path / "geen-cache")
    return FIXED_DAY
