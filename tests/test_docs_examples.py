"""Docs that run: every YAML example in docs/*.md and the README validates, with the shipped
data beside it (so an example's gemeenten cannot belong to a shipped region), and the field
reference in docs/bijdragen.md is the one the models give.

An example is a fenced block marked ``yaml``/``yml`` or an indented code block that starts
with a YAML key. A whole region file (it starts with the schema line) is validated as
``regions/<id>.yaml``; a fragment (``zelfevaluaties:``, ``goede_voorbeelden:`` …) is added to
the page's first whole region example and validated with it.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from hhz.schema.fieldref import BEGIN, DOCS_PAGE, END
from hhz.geo.reference import GeoReference
from hhz.models import Regio
from hhz.schema.files import project_schema_files
from hhz.validate import validate_root

REPO = Path(__file__).resolve().parents[1]
PAGES = sorted((REPO / "docs").glob("*.md")) + [REPO / "README.md"]
REGION_MODELINE = "# yaml-language-server: $schema=../schemas/regio.schema.json"
YAML_START = re.compile(r"^(# yaml-language-server: |[a-z_]+:( |$))")
FENCE = re.compile(r"^(```|~~~)\s*(?P<info>\S*)")


@dataclass(frozen=True)
class Example:
    page: Path
    line: int  # 1-based line of the block's first line
    text: str

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(REPO)}:{self.line}"

    @property
    def is_region_file(self) -> bool:
        return self.text.startswith(REGION_MODELINE + "\n")


def _fenced(lines: list[str], start: int) -> tuple[int, str | None, list[str]]:
    """From an opening fence at START: the index after the block, its info word, its lines."""
    fence = FENCE.match(lines[start])
    assert fence
    end = start + 1
    while end < len(lines) and not lines[end].startswith(fence.group(1)):
        end += 1
    return end + 1, fence["info"].lower(), lines[start + 1 : end]


def _indented(lines: list[str], start: int) -> tuple[int, list[str]]:
    end = start
    while end < len(lines) and (lines[end].startswith("    ") or not lines[end].strip()):
        end += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return end, [line[4:] for line in lines[start:end]]


def examples(page: Path) -> list[Example]:
    lines = page.read_text(encoding="utf-8").split("\n")
    found: list[Example] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if FENCE.match(line):
            after, info, body = _fenced(lines, index)
            if info in ("yaml", "yml"):
                found.append(Example(page, index + 2, "\n".join(body) + "\n"))
            index = after
        elif line.startswith("    ") and index > 0 and not lines[index - 1].strip():
            after, body = _indented(lines, index)
            if YAML_START.match(body[0]):
                found.append(Example(page, index + 1, "\n".join(body) + "\n"))
            index = after
        else:
            index += 1
    return found


ALL = [example for page in PAGES for example in examples(page)]


def _validate_region(tmp_path: Path, geo: GeoReference, text: str, where: str) -> None:
    """TEXT as a region file beside the shipped data: no errors."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "bouwstenen", root / "bouwstenen")
    shutil.copytree(REPO / "regions", root / "regions")
    region_id = re.search(r"^id: (\S+)$", text, re.MULTILINE)
    assert region_id, f"{where}: het voorbeeld heeft geen `id:`"
    path = root / "regions" / f"{region_id[1]}.yaml"
    assert not path.exists(), f"{where}: het voorbeeld heeft de id van een meegeleverde regio"
    path.write_text(text, encoding="utf-8")
    result = validate_root(root, geo)
    errors = [f"{d.path}:{d.line}: {d.message}" for d in result.errors]
    assert errors == [], f"{where}: het voorbeeld is niet geldig"


def test_the_pages_have_yaml_examples() -> None:
    """The extractor finds them: the contributors' guide has a whole region file and fragments."""
    guide = [e for e in ALL if e.page.name == "bijdragen.md"]
    assert any(e.is_region_file for e in guide)
    assert any(not e.is_region_file for e in guide)


@pytest.mark.parametrize("example", [e for e in ALL if e.is_region_file], ids=lambda e: e.where)
def test_a_whole_region_example_validates(example: Example, tmp_path: Path, geo: GeoReference) -> None:
    _validate_region(tmp_path, geo, example.text, example.where)


@pytest.mark.parametrize("example", [e for e in ALL if not e.is_region_file], ids=lambda e: e.where)
def test_a_fragment_validates_in_the_pages_region_example(example: Example, tmp_path: Path, geo: GeoReference) -> None:
    keys = re.findall(r"^([a-z_]+):", example.text, re.MULTILINE)
    assert keys and set(keys) <= set(Regio.model_fields), f"{example.where}: geen deel van een regiobestand: {keys}"
    bases = [e for e in ALL if e.page == example.page and e.is_region_file]
    assert bases, f"{example.where}: de pagina heeft geen volledig regiovoorbeeld om het aan toe te voegen"
    base = bases[0].text
    assert not set(keys) & set(re.findall(r"^([a-z_]+):", base, re.MULTILINE)), example.where
    _validate_region(tmp_path, geo, base + example.text, example.where)


def test_a_broken_example_is_caught(tmp_path: Path, geo: GeoReference) -> None:
    """The check itself: the old minimal example, whose gemeenten are DokNoord's."""
    (base,) = [e for e in ALL if e.page.name == "bijdragen.md" and e.is_region_file][:1]
    old = base.text.replace("provincies: [Fryslân]", "provincies: [Groningen]")
    old = re.sub(r"^gemeenten: \[.*\]$", "gemeenten: [GM0014, GM0037]", old, flags=re.MULTILINE)
    with pytest.raises(AssertionError, match="niet geldig"):
        _validate_region(tmp_path, geo, old, base.where)


# --- the field reference ----------------------------------------------------------------------


def test_the_field_reference_is_the_models(geo: GeoReference) -> None:
    page = (REPO / DOCS_PAGE).read_text(encoding="utf-8")
    assert page.count(BEGIN) == 1 and page.count(END) == 1
    expected = project_schema_files(REPO, geo)[DOCS_PAGE]
    assert page == expected, "voer `hhz schema .` uit: het veldenoverzicht in docs/bijdragen.md is verouderd"
    reference = page.split(BEGIN, 1)[1].split(END, 1)[0]
    for name, field in Regio.model_fields.items():
        assert f"| `{name}` |" in reference and field.description in reference
