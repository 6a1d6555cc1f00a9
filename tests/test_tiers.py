"""The test tiers stay complete: every test that opens Chromium is marked `browser`, every
test that builds a whole site is marked `slow`, so `pytest -m "not slow and not browser"`
(make test-fast) is the fast loop it claims to be.

The markers come from conftest.py (BROWSER_FIXTURES, SLOW_FIXTURES: from the fixtures a test
uses) or from an explicit mark. These tests read the test sources: a fixture that launches
Chromium or runs a build must be in conftest's lists or use a fixture that is, and a test that
runs a build in its own body must be marked slow (or use such a fixture).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

import conftest

TESTS = Path(__file__).resolve().parent
# hhz subcommands that build the whole site with the engine (`serve` builds it before serving)
BUILDING = {"build", "serve"}
# Tests that run such a command but are refused before anything is built (the reason: their
# assertion is the refusal, which comes before the first page).
REFUSED_BEFORE_BUILDING = {
    ("test_serve.py", "test_serve_refuses_a_staging_folder_that_is_not_ours"),
    ("test_opendata_package.py", "test_bad_catalogue_settings_get_a_dutch_error"),
    ("test_site_url.py", "test_the_build_command_refuses_a_bad_site_url_before_building"),
    ("test_look.py", "test_a_too_light_colour_stops_the_build_before_anything_is_written"),
}


@dataclass
class Function:
    module: str
    name: str
    node: ast.FunctionDef
    fixture: bool
    marks: set[str]  # its own marks and the module's pytestmark

    @property
    def params(self) -> set[str]:
        return {a.arg for a in self.node.args.args}


def _mark_names(node: ast.expr) -> set[str]:
    """`pytest.mark.slow`, `pytest.mark.slow(...)` and lists of them -> {"slow"}."""
    if isinstance(node, (ast.List, ast.Tuple)):
        return set().union(*(_mark_names(e) for e in node.elts)) if node.elts else set()
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute) and node.value.attr == "mark":
        return {node.attr}
    return set()


def _is_fixture(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return isinstance(target, ast.Attribute) and target.attr == "fixture"


def functions(path: Path) -> list[Function]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module_marks: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "pytestmark" for t in node.targets):
            module_marks |= _mark_names(node.value)
    found = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            marks = set(module_marks).union(*(_mark_names(d) for d in node.decorator_list))
            fixture = any(_is_fixture(d) for d in node.decorator_list)
            found.append(Function(path.name, node.name, node, fixture, marks))
    return found


def _constants(node: ast.AST) -> list[str]:
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def runs_a_build(node: ast.AST) -> bool:
    """A call with a building subcommand as an argument (``hhz(root, "build", ...)``,
    ``run("serve", ...)``), or a command line as a list (``[python, "-m", "hhz", "build",
    str(root), "-q"]``, ``[zensical, "build", "--config-file", ...]``)."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id == "build_shipped_site":
            return True
        if isinstance(sub, ast.Call) and any(
            isinstance(a, ast.Constant) and a.value in BUILDING for a in sub.args
        ):
            return True
        if isinstance(sub, (ast.List, ast.Tuple)):
            items = [e.value for e in sub.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            if BUILDING & set(items) and any(i.startswith("-") or i == "hhz" for i in items):
                return True
    return False


def launches_chromium(node: ast.AST) -> bool:
    return any(
        isinstance(sub, ast.Attribute) and sub.attr == "launch" and isinstance(sub.value, ast.Attribute)
        and sub.value.attr == "chromium"
        for sub in ast.walk(node)
    ) or "sync_playwright" in {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def all_functions() -> list[Function]:
    return [f for path in sorted(TESTS.glob("*.py")) for f in functions(path)]


def test_only_the_listed_fixtures_launch_chromium() -> None:
    launching = {(f.module, f.name) for f in all_functions() if launches_chromium(f.node)}
    assert launching == {("conftest.py", name) for name in conftest.BROWSER_FIXTURES}
    # nothing in the helpers launches it behind the fixtures' back
    assert not [p.name for p in (TESTS / "helpers").glob("*.py") if launches_chromium(ast.parse(p.read_text()))]


def _slow_by_fixture(function: Function) -> bool:
    return bool(function.params & (conftest.SLOW_FIXTURES | conftest.BROWSER_FIXTURES))


def test_every_fixture_that_builds_is_in_the_slow_tier() -> None:
    """A build fixture is conftest's (listed) or takes one of the listed fixtures, so every
    test that uses it, however indirectly, is marked slow."""
    unlisted = [
        f"{f.module}::{f.name}"
        for f in all_functions()
        if f.fixture and runs_a_build(f.node) and not _slow_by_fixture(f) and "slow" not in f.marks
        and f.name not in conftest.SLOW_FIXTURES
    ]
    assert unlisted == []


def test_the_site_factory_builds_through_the_listed_fixture() -> None:
    """helpers/builds.py runs the builds; only conftest's listed fixtures call it."""
    builds = ast.parse((TESTS / "helpers" / "builds.py").read_text(encoding="utf-8"))
    assert runs_a_build(builds)
    callers = {
        f"{f.module}::{f.name}"
        for f in all_functions()
        if {"build_variant", "run_hhz_build"} & {n.id for n in ast.walk(f.node) if isinstance(n, ast.Name)}
    }
    assert callers == {"conftest.py::built_sites", "conftest.py::hhz_build"}
    assert {"built_sites", "hhz_build"} <= conftest.SLOW_FIXTURES


def test_helpers_that_build_are_only_in_slow_modules() -> None:
    """A plain function that builds could be called from a fast test: it belongs in a module
    whose every test is slow (``pytestmark = pytest.mark.slow``), or in helpers/builds.py."""
    loose = [
        f"{f.module}::{f.name}"
        for f in all_functions()
        if not f.fixture and not f.name.startswith("test_") and runs_a_build(f.node) and "slow" not in f.marks
    ]
    assert loose == []


def test_every_test_that_builds_is_marked_slow() -> None:
    unmarked = [
        f"{f.module}::{f.name}"
        for f in all_functions()
        if not f.fixture and f.name.startswith("test_") and runs_a_build(f.node)
        and "slow" not in f.marks and not _slow_by_fixture(f)
        and (f.module, f.name) not in REFUSED_BEFORE_BUILDING
    ]
    assert unmarked == []


def test_the_source_checks_find_what_they_look_for() -> None:
    """Controls: the detectors see the forms of building and launching the suite uses."""
    source = '''
def a(root):
    hhz(root, "build", ".", "-q")
def b():
    subprocess.run([sys.executable, "-m", "hhz", "serve", ".", "-q"])
def c():
    assert list(results) == ["meta", "validate", "build"]
def d():
    with sync_playwright() as p:
        p.chromium.launch()
'''
    found = {f.name: f for f in (Function("x", n.name, n, False, set()) for n in ast.parse(source).body)}
    assert [runs_a_build(found[n].node) for n in "abc"] == [True, True, False]
    assert [launches_chromium(found[n].node) for n in "abd"] == [False, False, True]
    marked = ast.parse("pytestmark = [pytest.mark.slow, pytest.mark.browser]").body[0]
    assert _mark_names(marked.value) == {"slow", "browser"}


class _Item:
    def __init__(self, *fixturenames: str):
        self.fixturenames = list(fixturenames)
        self.marks: list[str] = []

    def add_marker(self, mark) -> None:
        self.marks.append(mark.name)


def test_the_markers_follow_the_fixtures() -> None:
    """conftest's hook marks a test by the fixtures it uses (its whole closure, as pytest
    lists it in ``fixturenames``), and leaves a test without them in the fast tier."""
    items = [_Item("tmp_path"), _Item("page", "browser", "server", "site", "shipped_builds", "built_sites"),
             _Item("built", "hhz_build"), _Item("watched", "browser", "site")]
    conftest.pytest_collection_modifyitems(None, items)
    assert [sorted(i.marks) for i in items] == [[], ["browser", "slow"], ["slow"], ["browser"]]
