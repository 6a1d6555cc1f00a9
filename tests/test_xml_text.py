"""Text the outputs can carry (issue 23): whatever text the validator accepts, every XML file
the generator writes (every output family in render/outputs.py: the feeds, the SVG
scorecard and badge, ...) is well-formed.

The validator refuses, with file, line and the character, what XML 1.0 cannot carry or
should not (``validate/site_checks.text_xml_safe``; control characters and lone surrogates
are refused by the YAML reader already). The sitemap is written by the engine from page
addresses, which are ids (``[a-z0-9-]``), not free text.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from hhz.config import SiteConfig
from hhz.render.outputs import OUTPUTS, site_inputs
from hhz.validate import validate_root
from helpers import REPO
from projectfactory import make_project

A = "regions/alfa.yaml"
REGIOVISIE = "bouwstenen/regiovisie.yaml"
TODAY = dt.date(2026, 1, 1)

# Code points around every boundary of XML 1.0 `Char` and of the noncharacters, and XML's own
# special characters; drawn often, besides any code point at all.
BOUNDARIES = [
    "\ud7ff", "\ue000", "\ufdcf", "\ufdd0", "\ufdef", "\ufdf0", "\ufffd", "\ufffe", "\uffff", "\U00010000",
    "\U0001fffe", "\U0001ffff", "\U0010fffd", "\U0010fffe", "\U0010ffff", "<", "&", "]", ">", '"', "'", "\\",
    "\t", "\n", "\r", " ",
]
REFUSED_BY_THE_READER = ["\x00", "\x08", "\x1f", "\x7f", "\x85", "\x9f", "\ud800", "\udbff", "\udc00", "\udfff"]
texts = st.lists(
    st.one_of(
        st.sampled_from(BOUNDARIES),
        st.sampled_from(REFUSED_BY_THE_READER),
        st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=()),
    ),
    min_size=1,
    max_size=12,
).map("".join)


def yaml_string(text: str) -> str:
    """``text`` as a double-quoted YAML scalar, every character that is not plain ASCII escaped."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code < 0x7F:
            out.append(char)
        else:
            out.append(f"\\U{code:08X}")
    return '"' + "".join(out) + '"'


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("xmltext") / "project")
    (project / "site_templates").symlink_to(REPO / "site_templates")  # read only
    return project


@pytest.fixture(scope="module")
def originals(root: Path) -> dict[str, str]:
    return {rel: (root / rel).read_text(encoding="utf-8") for rel in (A, REGIOVISIE)}


def with_text(root: Path, originals: dict[str, str], text: str) -> None:
    """The text in every free-text field that reaches an XML file: the region's naam and
    korte_naam, its goed voorbeeld's titel and samenvatting, a bouwsteen's naam."""
    value = yaml_string("X" + text + "X")  # never empty, never only spaces
    region = originals[A]
    for old in ("naam: Regio alfa", "korte_naam: ALFA"):
        assert old in region
        region = region.replace(old, old.split(":")[0] + ": " + value, 1)
    for field in ("titel", "samenvatting"):
        start = region.index(f"    {field}: ", region.index("goede_voorbeelden:"))
        end = region.index("\n", start)
        region = region[:start] + f"    {field}: {value}" + region[end:]
    (root / A).write_text(region, encoding="utf-8")
    bouwsteen = originals[REGIOVISIE].replace("naam: Naam van regiovisie", f"naam: {value}", 1)
    (root / REGIOVISIE).write_text(bouwsteen, encoding="utf-8")


def is_xml(path: str) -> bool:
    return path.endswith((".xml", ".svg"))


@pytest.fixture(scope="module")
def xml_outputs(root: Path) -> list:
    """The output families of the generator (render/outputs.OUTPUTS) that write XML files (the
    feeds, the SVGs, ...), found by running them all once on the valid project."""
    result = validate_root(root, None, today=TODAY)
    assert result.dataset is not None
    inputs = site_inputs(root, result.dataset, None, SiteConfig(), TODAY)
    found = [output for output in OUTPUTS if any(is_xml(p) for p in output.produce(inputs).files)]
    assert found
    return found


def xml_files(root: Path, outputs: list) -> dict[str, bytes]:
    """Every XML file those output families write for the project as it is now."""
    result = validate_root(root, None, today=TODAY)
    assert result.dataset is not None
    inputs = site_inputs(root, result.dataset, None, SiteConfig(), TODAY)
    out = {p: data for output in outputs for p, data in output.produce(inputs).files.items() if is_xml(p)}
    assert len(out) >= 7, sorted(out)  # feed.xml; per region a feed, a scorecard, a badge
    return out


@given(text=texts)
@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
)
def test_any_text_the_validator_accepts_gives_well_formed_xml(
    root: Path, originals: dict[str, str], xml_outputs: list, text: str
) -> None:
    with_text(root, originals, text)
    result = validate_root(root, None, today=TODAY)
    assume(result.ok)
    for path, data in xml_files(root, xml_outputs).items():
        try:
            ET.fromstring(data)
        except ET.ParseError as exc:
            pytest.fail(f"{path} is not well-formed XML for the accepted text {text!r}: {exc}")


@pytest.mark.parametrize(
    "char", ["\ufffe", "\uffff", "\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff", "\ud800", "\udfff", "\x00"]
)
def test_a_character_xml_cannot_carry_is_refused_with_file_line_and_code(
    root: Path, originals: dict[str, str], char: str
) -> None:
    with_text(root, originals, "a" + char + "b")
    result = validate_root(root, None, today=TODAY)
    assert result.dataset is None
    code = f"U+{ord(char):04X}"
    for path in (A, REGIOVISIE):
        found = [d for d in result.errors if d.path == path and code in d.message]
        assert found, (path, [d.message for d in result.errors])
        assert all(d.line > 1 and d.col >= 1 for d in found)
        assert "Traceback" not in found[0].message


def test_a_noncharacter_in_a_key_is_named_too(root: Path, originals: dict[str, str]) -> None:
    (root / A).write_text(originals[A] + '"sleutel\\uFFFF": 1\n', encoding="utf-8")
    (root / REGIOVISIE).write_text(originals[REGIOVISIE], encoding="utf-8")
    result = validate_root(root, None, today=TODAY)
    lines = len(originals[A].splitlines()) + 1
    assert any(d.path == A and d.line == lines and "de sleutel bevat het teken U+FFFF" in d.message for d in result.errors)
