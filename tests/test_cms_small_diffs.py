"""Saving in the form changes only the lines of what changed (issue 24, item 6).

beheer/ keeps the text each region file was loaded from, and the CMS format
(site_templates/beheer/hhz-yaml-format.js, run here with node) edits that text in place
instead of writing the whole file anew: on every shipped region file an unchanged save gives
the same bytes, one changed toelichting changes only its own lines, and a new zelfevaluatie
is an insertion and nothing else. Changed values are written by the same writer as before,
so the loader's quoting rules hold for them too (the property at the end).
"""

from __future__ import annotations

import copy
import difflib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hhz.load.source import load_yaml_text
from helpers import REPO
from helpers.cms import copy_project, git, hhz, need_cms_tools, run_format, save_in_place, shipped_form_fields

REGIONS = sorted((REPO / "regions").glob("*.yaml"))
LONG = "Nieuw in het formulier: de regioraad besprak de cijfers en stelde de aanpak bij; 2025-01-01 blijft tekst."


@pytest.fixture(scope="module")
def fields():
    return shipped_form_fields()


@pytest.fixture(scope="module")
def originals() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in REGIONS}


@pytest.fixture(scope="module")
def forms(originals, tmp_path_factory) -> dict[str, dict]:
    """Each shipped file as the form holds it (fromFile)."""
    need_cms_tools()
    names = list(originals)
    _, loaded = run_format([], [originals[n] for n in names], tmp_path_factory.mktemp("load"), None, _rules())
    return dict(zip(names, loaded, strict=True))


def _rules():
    from hhz.load.values import plain_scalar_rules

    return plain_scalar_rules()


def loaded(text: str, name: str = "x.yaml"):
    doc = load_yaml_text(text, f"regions/{name}")
    assert not doc.diagnostics, (text[:300], [d.message for d in doc.diagnostics])
    return doc.data


def changes(before: str, after: str) -> tuple[list[str], list[str]]:
    """The removed and the added lines, as `git diff` would count them."""
    removed, added = [], []
    for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0):
        if line.startswith(("---", "+++", "@@")):
            continue
        (removed if line.startswith("-") else added).append(line[1:])
    return removed, added


def new_evaluation(form: dict) -> dict:
    """What "start from last year" adds: a copy of the newest vastgestelde zelfevaluatie with
    today's date, concept, no voorbeeld, no getoetst; here with one toelichting rewritten."""
    newest = max((e for e in form["zelfevaluaties"] if e.get("status") == "vastgesteld"), key=lambda e: e["datum"])
    evaluation = copy.deepcopy(newest)
    evaluation.update(datum="2026-12-01", status="concept")
    for key in ("voorbeeld", "getoetst"):
        evaluation.pop(key, None)
    first = next(iter(evaluation["bouwstenen"]))
    evaluation["bouwstenen"][first]["toelichting"] = LONG
    return evaluation


def test_an_unchanged_save_gives_the_same_bytes_on_every_shipped_file(originals, fields, tmp_path: Path) -> None:
    need_cms_tools()
    saved = save_in_place([(text, None) for text in originals.values()], tmp_path, fields)
    assert len(saved) == len(originals) >= 10
    for (name, text), out in zip(originals.items(), saved, strict=True):
        assert out == text, name


def test_one_changed_toelichting_changes_only_its_lines(originals, forms, fields, tmp_path: Path) -> None:
    need_cms_tools()
    text, form = originals["humo.yaml"], copy.deepcopy(forms["humo.yaml"])
    block = form["zelfevaluaties"][0]["bouwstenen"]["regiovisie"]
    old = block["toelichting"]
    block["toelichting"] = LONG
    (saved,) = save_in_place([(text, form)], tmp_path, fields)
    removed, added = changes(text, saved)
    assert " ".join(line.strip() for line in removed) == old  # its folded lines, and nothing else
    assert " ".join(line.strip() for line in added) == LONG
    assert all(line.startswith(" " * 10) for line in added)  # in place, under `toelichting: >-`
    assert loaded(saved)["zelfevaluaties"][0]["bouwstenen"]["regiovisie"]["toelichting"] == LONG


def test_a_new_zelfevaluatie_is_an_insertion_and_nothing_else(originals, forms, fields, tmp_path: Path, geo_dir_optional) -> None:
    need_cms_tools()
    names = [n for n in originals if any(e.get("status") == "vastgesteld" for e in forms[n].get("zelfevaluaties", []))]
    assert len(names) >= 10
    saves = []
    for name in names:
        form = copy.deepcopy(forms[name])
        form["zelfevaluaties"].append(new_evaluation(form))
        saves.append((originals[name], form))
    edited = save_in_place(saves, tmp_path / "in-place", fields)
    whole = save_in_place([(None, form) for _, form in saves], tmp_path / "whole", fields)  # the form before: no original
    for name, (_, form), text in zip(names, saves, edited, strict=True):
        removed, added = changes(originals[name], text)
        assert removed == [], (name, removed)
        start = text.index("\n".join(added))
        assert text[:start] + text[start + len("\n".join(added)) + 1 :] == originals[name], name  # one block
        assert "  - datum: 2026-12-01" in added, (name, added[:2])
        values = loaded(text, name)
        assert json.loads(json.dumps(values["zelfevaluaties"][-1], default=str)) == form["zelfevaluaties"][-1], name
    root = copy_project(tmp_path / "project")
    (root / "regions" / "humo.yaml").write_text(edited[names.index("humo.yaml")], encoding="utf-8")
    in_place = git(root, "diff", "--numstat", "regions/humo.yaml").split()[:2]
    (root / "regions" / "humo.yaml").write_text(whole[names.index("humo.yaml")], encoding="utf-8")
    full = git(root, "diff", "--numstat", "regions/humo.yaml").split()[:2]
    print(f"\nnieuwe zelfevaluatie in humo.yaml: in place +{in_place[0]} -{in_place[1]}, hele bestand +{full[0]} -{full[1]}")
    assert in_place[1] == "0" and int(full[1]) > 0
    (root / "regions" / "humo.yaml").write_text(edited[names.index("humo.yaml")], encoding="utf-8")
    checked = hhz(root, "validate", ".", geo_dir=geo_dir_optional)
    assert checked.returncode == 0, checked.stdout + checked.stderr


HAND_WRITTEN = """# yaml-language-server: $schema=../schemas/regio.schema.json
id: x   # the file's name
naam: 'Regio X'
gemeenten: [GM0828]

# the zelfevaluaties, oldest first
zelfevaluaties:
  - datum: 2024-05-01
    status: vastgesteld
    deelnemers: [Bestuur, "Regioraad"]
    bouwstenen:
      regiovisie: {niveau: 2, toelichting: Kort.}
  - datum: 2025-05-01
    status: concept
    deelnemers:
      - Bestuur
    bouwstenen:
      regiovisie:
        niveau: 3
        # why three
        toelichting: Beter.
"""


def test_comments_quotes_and_flow_lists_stay_and_only_changed_lines_change(fields, tmp_path: Path) -> None:
    need_cms_tools()
    _, (form,) = run_format([], [HAND_WRITTEN], tmp_path / "load", None, _rules())
    first, second = form["zelfevaluaties"]
    added_deelnemer = copy.deepcopy(form)
    added_deelnemer["zelfevaluaties"][0]["deelnemers"].append("yes")  # a text our loader must not read as a boolean
    lookalike = copy.deepcopy(form)
    lookalike["zelfevaluaties"][1]["bouwstenen"]["regiovisie"]["toelichting"] = "2025-01-01"
    removed_first = copy.deepcopy(form)
    del removed_first["zelfevaluaties"][0]
    flow_block = copy.deepcopy(form)
    flow_block["zelfevaluaties"][0]["bouwstenen"]["regiovisie"]["niveau"] = 3
    indicators = copy.deepcopy(form)
    indicators["zelfevaluaties"][0]["deelnemers"] = ["?0", ":0", "Bestuur"]  # PyYAML misreads these in [ ]
    saved = save_in_place(
        [(HAND_WRITTEN, x) for x in (added_deelnemer, lookalike, removed_first, flow_block, indicators)], tmp_path, fields
    )
    assert changes(HAND_WRITTEN, saved[4])[1][:2] == ["    deelnemers:", "      - ?0"]  # a block list then
    assert loaded(saved[4])["zelfevaluaties"][0]["deelnemers"] == ["?0", ":0", "Bestuur"]

    assert changes(HAND_WRITTEN, saved[0]) == (
        ['    deelnemers: [Bestuur, "Regioraad"]'],
        ['    deelnemers: [Bestuur, Regioraad, "yes"]'],  # a changed flow list is written again, quoted by our rules
    )
    assert loaded(saved[0])["zelfevaluaties"][0]["deelnemers"] == ["Bestuur", "Regioraad", "yes"]
    assert changes(HAND_WRITTEN, saved[1]) == (["        toelichting: Beter."], ['        toelichting: "2025-01-01"'])
    assert loaded(saved[1])["zelfevaluaties"][1]["bouwstenen"]["regiovisie"]["toelichting"] == "2025-01-01"
    removed, added = changes(HAND_WRITTEN, saved[2])
    assert added == [] and removed == HAND_WRITTEN.splitlines()[7:12]  # that item's five lines
    assert changes(HAND_WRITTEN, saved[3]) == (
        ["      regiovisie: {niveau: 2, toelichting: Kort.}"],
        ["      regiovisie: {niveau: 3, toelichting: Kort.}"],
    )
    for text in saved:
        assert "# the file's name" in text or "id: x   # the file's name" in text
        assert "# the zelfevaluaties, oldest first" in text and text.startswith(HAND_WRITTEN.splitlines()[0] + "\n")
    assert "# why three" in saved[0] and second["datum"] == "2025-05-01" and first["status"] == "vastgesteld"


def test_a_file_that_cannot_be_edited_in_place_is_written_whole(fields, tmp_path: Path) -> None:
    """A file in flow style (one line) has no lines to keep: the whole file is written, with
    the same values, as for a new file; a file without the schema line gets it."""
    need_cms_tools()
    flow = "{id: x, naam: X, gemeenten: [GM0828]}\n"
    plain = "id: x\nnaam: X\ngemeenten: [GM0828]\n"
    _, forms = run_format([], [flow, plain], tmp_path / "load", None, _rules())
    changed = [dict(f, korte_naam="Kort") for f in forms]
    edited = save_in_place([(flow, changed[0]), (plain, changed[1])], tmp_path / "edit", fields)
    whole = save_in_place([(None, changed[0])], tmp_path / "whole", fields)
    assert edited[0] == whole[0]
    assert edited[1] == "# yaml-language-server: $schema=../schemas/regio.schema.json\nid: x\nnaam: X\nkorte_naam: Kort\ngemeenten: [GM0828]\n"


def test_a_long_quoted_text_is_never_folded_inside_an_emoji(originals, forms, fields, tmp_path: Path) -> None:
    """yaml 1.x folds a long double-quoted text at a fixed width, also between the two halves
    of an emoji (the saved file is then no valid UTF-8); the format writes such a text unfolded."""
    need_cms_tools()
    texts = ["- " + "x" * n + "😀😀😀😀 einde" for n in range(60, 72)]  # quoted (a leading "- "), long
    form = copy.deepcopy(forms["humo.yaml"])
    form["zelfevaluaties"][0]["deelnemers"] = texts
    (whole,), _ = run_format([form], [], tmp_path / "whole", fields, _rules())
    (edited,) = save_in_place([(originals["humo.yaml"], form)], tmp_path / "edit", fields)
    for text in (whole, edited):
        text.encode("utf-8")  # no lone surrogate
        assert loaded(text, "humo.yaml")["zelfevaluaties"][0]["deelnemers"] == texts


SPECIAL = "0123456789-+._:eExXoObB~#'\"nNuUlLtTrRfFaAsSyYiI ,[]{}&*!|>%@`?\n\\é😀"
texts = st.one_of(
    st.text(alphabet=SPECIAL, min_size=1, max_size=12),
    st.sampled_from(["2025-01-01", "12:30", "yes", "~", ".inf", "0x1F", "1e3", "null", "- a", "# b", "a: b"]),
    st.text(alphabet=SPECIAL + " " * 20, min_size=61, max_size=140),  # long: written folded (>-)
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(deelnemers=st.lists(texts, min_size=1, max_size=6), toelichting=texts)
def test_any_text_edited_in_place_comes_back_as_the_same_text(
    originals, forms, fields, tmp_path: Path, deelnemers: list[str], toelichting: str
) -> None:
    need_cms_tools()
    text, form = originals["humo.yaml"], copy.deepcopy(forms["humo.yaml"])
    evaluation = form["zelfevaluaties"][1]
    evaluation["deelnemers"] = deelnemers
    evaluation["bouwstenen"]["regiovisie"]["toelichting"] = toelichting
    form["zelfevaluaties"].append(dict(copy.deepcopy(evaluation), datum="2026-12-01", status="concept"))
    (saved,) = save_in_place([(text, form)], tmp_path, fields)
    values = loaded(saved, "humo.yaml")
    for index in (1, -1):
        assert values["zelfevaluaties"][index]["deelnemers"] == deelnemers
        assert values["zelfevaluaties"][index]["bouwstenen"]["regiovisie"]["toelichting"] == toelichting
    removed, _ = changes(text, saved)
    assert len(removed) <= 8, removed  # the deelnemers line and the old toelichting, nothing more
