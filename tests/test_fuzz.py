"""Property-based tests (hypothesis) on the loader and the validator.

For any content of a region file, ``validate_root`` returns either a valid dataset, or
diagnostics that each name a file of the project and a line and column >= 1, and no
dataset. It never raises and never hangs. The inputs: YAML-ish token soup, raw bytes,
arbitrary nested documents, and mutations (replaced values, deleted and added keys) of a
valid region file, bouwsteen file and scale.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hhz.validate import ValidationResult, validate_root
from hhz.load.source import load_yaml_text
from projectfactory import make_project, region_yaml

A = "regions/alfa.yaml"
TODAY = dt.date(2026, 1, 1)
FUZZ = settings(
    max_examples=60,
    deadline=None,
    database=None,  # write nothing into the working tree
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("fuzz") / "project")


def validate_with(root: Path, content: str | bytes) -> ValidationResult:
    path = root / A
    if isinstance(content, str):
        content = content.encode("utf-8", "surrogatepass")
    path.write_bytes(content)
    return validate_root(root, None, today=TODAY)


def assert_sound(result: ValidationResult, root: Path) -> None:
    """A valid dataset, or located diagnostics and no dataset."""
    files = {p.relative_to(root).as_posix() for p in root.rglob("*.yaml")}
    for d in result.diagnostics:
        assert d.path in files, d
        assert d.line >= 1 and d.col >= 1, d
        assert d.message.strip(), d
    if result.errors:
        assert result.dataset is None
        assert any(d.path == A for d in result.errors), result.errors
    else:
        assert result.dataset is not None
        assert "alfa" in {r.id for r in result.dataset.regions}


# --- strategies ---------------------------------------------------------------------------

TOKENS = [
    "id", "naam", "alfa", "zelfevaluaties", "bouwstenen", "niveau", "datum", "gemeenten",
    ":", ": ", "- ", "-", "\n", "  ", "    ", "\t", "{", "}", "[", "]", ",", "? ", "|", "|-\n", ">\n",
    "&a ", "*a", "!!str ", "!!python/object:os.system ", "!tag ", "'", '"', "\\", "\\0", "\\u202e", "\\x",
    "#", " # x", "---\n", "...\n", "%YAML 1.2\n", "~", "null", "yes", "no", "true", ".nan", "-.inf",
    "1e400", "0x1F", "012", "9" * 30, "-1", "2024-02-30", "2024-02-29", "12:30", "GM0828",
    "\x00", "\x07", "\ufeff", "\u202e", "\u200b", "\u00a0", "\r\n", "\x85", "é", "😀",
    "<script>alert(1)</script>", "javascript:alert(1)", "data:text/html,x", "https://example.org",
]
yamlish = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=8)), max_size=60).map("".join)

KEYS = [
    "id", "naam", "korte_naam", "provincies", "website", "contact", "email", "gemeenten", "organisaties",
    "type", "governance", "rechtsvorm", "mandaat", "kerngegevens", "peildatum", "huisartsen", "bron",
    "regioplan", "status", "jaar", "zelfevaluaties", "datum", "deelnemers", "voorbeeld", "bouwstenen",
    "regiovisie", "niveau", "toelichting", "bewijs", "titel", "url", "ambitie", "goede_voorbeelden",
    "samenvatting", "tekst", "resultaten", "links",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.text(max_size=30),
    st.sampled_from(["alfa", "GM0828", "regiovisie", "vastgesteld", "openbaar", "zorggroep", "https://example.org"]),
)
keys = st.one_of(st.sampled_from(KEYS), st.text(max_size=12), st.integers(-5, 5), st.none(), st.booleans())
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(keys, children, max_size=5),
    ),
    max_leaves=25,
)


def dump(document: Any) -> str:
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=10_000)


# --- properties ----------------------------------------------------------------------------


@FUZZ
@given(text=yamlish)
def test_yamlish_text(root: Path, text: str) -> None:
    assert_sound(validate_with(root, text), root)


@FUZZ
@given(data=st.binary(max_size=200))
def test_raw_bytes(root: Path, data: bytes) -> None:
    assert_sound(validate_with(root, data), root)


@FUZZ
@given(document=documents)
def test_arbitrary_documents(root: Path, document: Any) -> None:
    assert_sound(validate_with(root, dump(document)), root)


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every location in a document (keys of mappings, indexes of lists)."""
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, prefix + (index,))
    return found


def _parent(document: Any, path: tuple) -> Any:
    node = document
    for part in path[:-1]:
        node = node[part]
    return node


def mutate(document: Any, data) -> None:
    """One to three random edits: a value replaced, a key or item deleted, or one added."""
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        paths = _paths(document)
        if not paths:
            break
        path = data.draw(st.sampled_from(paths), label="path")
        parent = _parent(document, path)
        operation = data.draw(st.sampled_from(["replace", "delete", "add"]), label="operation")
        if operation == "replace":
            parent[path[-1]] = data.draw(documents, label="value")
        elif operation == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[data.draw(keys, label="key")] = data.draw(documents, label="value")
        else:
            parent.insert(path[-1], data.draw(documents, label="value"))


@FUZZ
@given(data=st.data())
def test_mutations_of_a_valid_region(root: Path, data) -> None:
    document = yaml.safe_load(region_yaml("alfa", ["GM0828", "GM1948"]))
    mutate(document, data)
    assert_sound(validate_with(root, dump(document)), root)


def test_the_unmutated_region_is_valid(root: Path) -> None:
    """The baseline of the mutation test: without mutations the dataset is valid."""
    document = yaml.safe_load(region_yaml("alfa", ["GM0828", "GM1948"]))
    result = validate_with(root, dump(document))
    assert result.errors == [] and result.dataset is not None


@settings(max_examples=150, deadline=None, database=None)
@given(text=yamlish)
def test_loader_alone_never_raises_and_locates_every_problem(text: str) -> None:
    doc = load_yaml_text(text, "regions/x.yaml")
    if doc.diagnostics:
        assert not doc.usable or all(d.message for d in doc.diagnostics)
    for d in doc.diagnostics:
        assert d.path == "regions/x.yaml" and d.line >= 1 and d.col >= 1, d
        assert d.line <= text.count("\n") + text.count("\r") + 2, (d, text)
    if doc.usable:
        assert isinstance(doc.data, dict)
        for loc in doc.positions:
            line, col = doc.positions[loc]
            assert line >= 1 and col >= 1



@FUZZ
@given(data=st.data())
@pytest.mark.parametrize("target", ["bouwstenen/arbeidsmarkt.yaml", "bouwstenen/schaal.yaml"])
def test_mutations_of_a_valid_bouwsteen_and_the_scale(root: Path, target: str, data) -> None:
    """The same for the other kinds of file. A mutated scale may be valid and still make a
    region's level invalid, so the errors need not be in the mutated file itself."""
    path = root / target
    original = path.read_bytes()
    document = yaml.safe_load(original)
    mutate(document, data)
    try:
        path.write_text(dump(document), encoding="utf-8")
        result = validate_root(root, None, today=TODAY)
    finally:
        path.write_bytes(original)
    files = {p.relative_to(root).as_posix() for p in root.rglob("*.yaml")}
    for d in result.diagnostics:
        assert d.path in files and d.line >= 1 and d.col >= 1 and d.message.strip(), d
    assert (result.dataset is None) == bool(result.errors)
