"""The schemas in the editor: yaml-language-server (the server behind VS Code's YAML
extension, pinned in tests/npm) driven over stdio, as an editor does. What it says about a
file must be what `hhz validate` says, as far as a JSON Schema can express it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers.yamlls import REPO, YamlLanguageServer, need_yaml_language_server
from hhz.geo.reference import load_geo_reference
from hhz.models import Regio, Toetsing
from hhz.schema.data import load_schema_data
from hhz.validate import validate_root
from hhz.vocabulary import BOUWSTEEN_IDS

SHIPPED = sorted((REPO / "regions").glob("*.yaml")) + sorted((REPO / "bouwstenen").glob("*.yaml"))
EXAMPLE = REPO / "regions" / "doknoord.yaml"
MODELINE = "# yaml-language-server: $schema=../schemas/regio.schema.json\n"


@pytest.fixture(scope="module")
def server():
    need_yaml_language_server()
    client = YamlLanguageServer()
    client.initialize()
    yield client
    client.shutdown()


class Doc:
    """An unsaved document beside the region files, so its modeline finds the schema."""

    counter = 0

    def __init__(self, server: YamlLanguageServer, text: str) -> None:
        Doc.counter += 1
        self.server, self.text = server, text
        self.uri = (REPO / "regions" / f"editortest-{Doc.counter}.yaml").as_uri()
        server.open(self.uri, text)

    def diagnostics(self) -> list[dict]:
        return self.server.wait_for_diagnostics(self.uri)

    def position(self, needle: str, after: int = 0) -> tuple[int, int]:
        """Line and column (0-based) of NEEDLE, plus AFTER characters."""
        offset = self.text.index(needle) + after
        line = self.text.count("\n", 0, offset)
        return line, offset - (self.text.rfind("\n", 0, offset) + 1)

    def close(self) -> None:
        self.server.close(self.uri)


def _lines(diagnostics: list[dict]) -> list[int]:
    return [d["range"]["start"]["line"] for d in diagnostics]


def _validator_errors(tmp_path: Path, geo_dir: Path, text: str) -> dict[int, str]:
    """Line (1-based) -> message of the errors `hhz validate` reports for TEXT as regions/doknoord.yaml."""
    shutil.copytree(REPO / "bouwstenen", tmp_path / "bouwstenen")
    (tmp_path / "regions").mkdir()
    (tmp_path / "regions" / EXAMPLE.name).write_text(text, encoding="utf-8")
    result = validate_root(tmp_path, load_geo_reference(geo_dir))
    return {d.line: d.message for d in result.errors}


# --- the shipped files ----------------------------------------------------------------------


def test_every_shipped_file_is_clean_in_the_editor(server: YamlLanguageServer) -> None:
    assert SHIPPED
    problems = {}
    for path in SHIPPED:
        uri = path.as_uri()
        server.open(uri, path.read_text(encoding="utf-8"))
        found = server.wait_for_diagnostics(uri)
        if found:
            problems[path.name] = [(d["range"]["start"]["line"] + 1, d["message"]) for d in found]
        server.close(uri)
    assert problems == {}


# --- the four cases -----------------------------------------------------------------


def test_completion_under_bouwstenen_lists_the_six_ids(server: YamlLanguageServer, geo) -> None:
    doc = Doc(server, MODELINE + "zelfevaluaties:\n  - datum: 2024-01-01\n    bouwstenen:\n      \n")
    items = server.completion(doc.uri, 4, 6)
    assert sorted(item["label"] for item in items) == sorted(BOUWSTEEN_IDS)
    names = {b.id: b for b in load_schema_data(REPO, geo).bouwstenen}
    for item in items:
        shown = item["documentation"]["value"] if isinstance(item["documentation"], dict) else item["documentation"]
        assert names[item["label"]].samenvatting.split(",")[0] in shown
    doc.close()


def test_niveau_6_gives_the_dutch_diagnostic_on_its_line(server, tmp_path: Path, geo_dir: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace("        niveau: 2\n", "        niveau: 6\n", 1)
    doc = Doc(server, text)
    line, _ = doc.position("niveau: 6")
    found = doc.diagnostics()
    dutch = [d for d in found if "niveau van de groeischaal" in d["message"]]
    assert len(dutch) == 1 and _lines(dutch) == [line]
    assert set(_lines(found)) == {line}
    errors = _validator_errors(tmp_path, geo_dir, text)
    assert "niveau 6 staat niet op de schaal" in errors.pop(line + 1)  # the validator: the same line
    # and one thing only the validator sees: the ambitie (4) is now below the niveau
    assert [m.startswith("ambitieniveau 4 is lager dan het huidige niveau 6") for m in errors.values()] == [True]
    doc.close()


def test_an_unknown_gemeente_gives_one_diagnostic(server, tmp_path: Path, geo_dir: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace("gemeenten: [GM0014,", "gemeenten: [GM9999,", 1)
    doc = Doc(server, text)
    found = doc.diagnostics()
    assert len(found) == 1
    assert found[0]["message"] == (
        "Schrijf een CBS-gemeentecode uit de CBS-lijst van 2025: GM en vier cijfers, bijvoorbeeld GM0034 (Almere)."
    )
    line, column = doc.position("GM9999")
    assert found[0]["range"]["start"] == {"line": line, "character": column}
    assert list(_validator_errors(tmp_path, geo_dir, text)) == [line + 1]
    doc.close()


def test_hover_on_korte_naam_shows_its_dutch_description(server: YamlLanguageServer) -> None:
    doc = Doc(server, EXAMPLE.read_text(encoding="utf-8"))
    line, column = doc.position("\nkorte_naam:", after=3)
    shown = server.hover(doc.uri, line, column).replace("\\", "")
    field = Regio.model_fields["korte_naam"]
    assert field.title in shown and field.description in shown
    doc.close()


# --- more of what an editor sees --------------------------------------------------------------


def test_typing_a_municipality_name_offers_its_code(server: YamlLanguageServer) -> None:
    doc = Doc(server, MODELINE + "gemeenten:\n  - Alm\n")
    items = server.completion(doc.uri, 2, 7)
    offered = [item for item in items if item["label"] == "GM0034 (Almere)"]
    assert len(offered) == 1 and offered[0]["insertText"] == "GM0034"
    doc.close()


def test_the_zelfevaluatie_snippet_has_all_six_bouwstenen(server: YamlLanguageServer) -> None:
    doc = Doc(server, MODELINE + "zelfevaluaties:\n  - \n")
    items = {item["label"]: item for item in server.completion(doc.uri, 2, 4)}
    snippet = items["Zelfevaluatie met alle 6 bouwstenen"]["insertText"]
    assert all(f"\n    {bouwsteen_id}:\n" in snippet for bouwsteen_id in BOUWSTEEN_IDS)
    assert "datum: ${1:JJJJ-MM-DD}" in snippet
    doc.close()


def test_an_unknown_key_is_reported_in_dutch(server: YamlLanguageServer) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace("\nkorte_naam:", "\nKorte_naam:", 1)
    doc = Doc(server, text)
    messages = [d["message"] for d in doc.diagnostics()]
    assert any(m.startswith("Hier hoort een blok met de sleutels id, naam, korte_naam") for m in messages)
    doc.close()


def test_a_level_written_as_a_word_is_reported_in_dutch(server: YamlLanguageServer) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace("        niveau: 2\n", "        niveau: twee\n", 1)
    doc = Doc(server, text)
    messages = [d["message"] for d in doc.diagnostics()]
    assert messages and all("niveau van de groeischaal" in m for m in messages)
    doc.close()


def test_hover_on_getoetst_shows_dutch_only(server: YamlLanguageServer) -> None:
    # the object behind `getoetst` (Toetsing) once carried its English class docstring
    doc = Doc(server, EXAMPLE.read_text(encoding="utf-8"))
    line, column = doc.position("\n    getoetst:", after=6)
    shown = server.hover(doc.uri, line, column).replace("\\", "")
    # the optional block (anyOf Toetsing / null) is shown with the object's own title and text
    assert "#### Toetsing" in shown
    assert Toetsing.model_config["json_schema_extra"]["description"] in shown
    assert "Wie de zelfevaluatie toetste (een organisatie of rol), wanneer en met welke opmerking." in shown
    assert "review" not in shown.lower() and "evidence" not in shown.lower()
    doc.close()


def test_hover_on_a_bewijs_type_shows_dutch(server: YamlLanguageServer) -> None:
    url = "\n            url: https://www.doktersdienstgroningen.nl/"
    text = EXAMPLE.read_text(encoding="utf-8")
    start = text.index(url)
    end = text.index("\n", start + 1)
    doc = Doc(server, text[:end] + "\n            type: besluit" + text[end:])
    line, column = doc.position("\n            type: ", after=13)
    shown = server.hover(doc.uri, line, column).replace("\\", "")
    assert "Soort bewijs" in shown and "evidence" not in shown.lower()
    doc.close()
