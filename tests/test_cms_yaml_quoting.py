"""The form's YAML format writes what our loader reads (issue 23, item 1).

The CMS format (site_templates/beheer/hhz-yaml-format.js, run here with node) and our strict
loader (hhz.yamlvalues) must agree on every plain scalar: a text the editor typed comes back
as that same text, whatever it looks like (a date, a number in any notation, a boolean,
null, ``~``, ``.inf``, ...). The format quotes by the loader's own rules, exported into the
built ``beheer/`` (one source of truth), and only where those rules need it, so the shipped
files keep their look.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hhz.editing.cms.bundle import yaml_rules_json
from hhz.load.source import load_yaml_text
from hhz.load.values import PLAIN_SCALAR_RULES, plain_scalar_rules, resolve_plain_scalar
from helpers import REPO
from helpers.cms import FormatProcess, copy_project, hhz, need_cms_tools, run_format, shipped_form_fields

# Texts an editor may type that look like something else to some YAML reader.
LOOKALIKES = [
    "2025-01-01", "2024-02-30", "2025-01-01T10:00:00Z", "2025-01-01 10:00", "12", "-3", "+12", "0", "-0",
    "1.5", ".5", "1.", "1.0e+3", "1e3", ".inf", "-.Inf", "+.INF", ".NaN", "~", "null", "NULL", "Null",
    "true", "False", "TRUE", "yes", "No", "ON", "off", "y", "N", "0x1F", "0o17", "012", "1_000", "12:30",
    "190:20:30", "-1:30", "0b101",
]


@pytest.fixture(scope="module")
def fields():
    return shipped_form_fields()


def region(texts: list[str], toelichting: str = "Tekst.") -> dict:
    """A region as the form holds it, with ``texts`` as deelnemers (free text)."""
    block = {"niveau": 2, "toelichting": toelichting}
    evaluation = {"datum": "2024-05-01", "status": "concept", "deelnemers": texts, "bouwstenen": {"regiovisie": block}}
    return {"id": "x", "naam": "X", "gemeenten": ["GM0828"], "zelfevaluaties": [evaluation]}


def loaded(text: str) -> object:
    doc = load_yaml_text(text, "regions/x.yaml")
    assert not doc.diagnostics, (text, [d.message for d in doc.diagnostics])
    return doc.data


def deelnemers(text: str) -> list:
    return loaded(text)["zelfevaluaties"][0]["deelnemers"]


def test_the_loader_resolves_by_its_exported_rules() -> None:
    """The rules the form gets are the ones the loader runs: each one, and text outside all."""
    rules = plain_scalar_rules()
    assert json.loads(yaml_rules_json())["plain_scalars"] == rules  # what beheer/ serves to the form
    assert [r["kind"] for r in rules] == [kind for kind, _ in PLAIN_SCALAR_RULES]
    assert json.loads(json.dumps(rules)) == rules
    for raw in LOOKALIKES:
        kinds = [r["kind"] for r in rules if re.fullmatch(r["pattern"], raw)]
        value = resolve_plain_scalar(raw)
        assert (not kinds) == (isinstance(value, str)), (raw, kinds, value)


def test_lookalike_text_is_saved_as_that_text_and_only_it_quoted(tmp_path: Path, fields) -> None:
    need_cms_tools()
    (saved,), _ = run_format([region(LOOKALIKES, toelichting="2025-01-01")], [], tmp_path, fields, plain_scalar_rules())
    assert deelnemers(saved) == LOOKALIKES
    evaluation = loaded(saved)["zelfevaluaties"][0]
    assert evaluation["bouwstenen"]["regiovisie"]["toelichting"] == "2025-01-01"
    assert evaluation["datum"] == dt.date(2024, 5, 1)  # a date field stays a date, written bare
    assert "datum: 2024-05-01\n" in saved
    for raw in LOOKALIKES:  # only what our loader would read as something else is quoted
        bare = f"- {raw}\n" in saved
        assert bare == isinstance(resolve_plain_scalar(raw), str), (raw, saved)


def test_the_saved_file_validates(tmp_path: Path, fields) -> None:
    """The issue's case: ``2025-01-01`` in deelnemers, saved by the form, then hhz validate."""
    need_cms_tools()
    humo = loaded((REPO / "regions" / "humo.yaml").read_text(encoding="utf-8"))
    evaluation = humo["zelfevaluaties"][0]
    evaluation["deelnemers"] = ["2025-01-01", "12:30", "yes", "1.0"]
    form = json.loads(json.dumps(humo, default=str))  # dates as the form holds them: text
    (saved,), _ = run_format([form], [], tmp_path / "node", fields, plain_scalar_rules())
    root = copy_project(tmp_path / "project")
    (root / "regions" / "humo.yaml").write_text(saved, encoding="utf-8")
    checked = hhz(root, "validate", ".")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_form_reads_plain_scalars_as_our_loader_does(tmp_path: Path) -> None:
    """``0x1F``, ``1e3``, ``12:30`` and ``012`` are text to our loader, so the form shows
    them as text (a YAML 1.2 core reader would make numbers of them and save those)."""
    need_cms_tools()
    text = (
        "id: x\nkerngegevens:\n  peildatum: 2025-01-01\n  inwoners: 1200\n"
        "zelfevaluaties:\n  - datum: 2024-05-01\n    deelnemers: [0x1F, 1e3, '12', 12:30, 012, 0o17, yes]\n"
        "    bouwstenen:\n      regiovisie: {niveau: 3, toelichting: .inf}\n"
    )
    _, (form,) = run_format([], [text], tmp_path, None, plain_scalar_rules())
    evaluation = form["zelfevaluaties"][0]
    assert evaluation["deelnemers"] == ["0x1F", "1e3", "12", "12:30", "012", "0o17", "yes"]
    assert evaluation["datum"] == "2024-05-01" and form["kerngegevens"] == {"peildatum": "2025-01-01", "inwoners": 1200}
    assert evaluation["bouwstenen"]["regiovisie"]["niveau"] == 3
    assert evaluation["bouwstenen"]["regiovisie"]["toelichting"] is None  # .inf: a number; JSON has none


# --- the property: any text, through the real format and back through our loader ----------

SPECIAL = "0123456789-+._:eExXoObB~#'\"nNuUlLtTrRfFaAsSyYiI ,[]{}&*!|>%@`?\n\\é😀"
rule_shaped = st.sampled_from([p for _, p in PLAIN_SCALAR_RULES]).flatmap(lambda p: st.from_regex(f"^(?:{p})$"))
texts = st.one_of(
    st.text(alphabet=SPECIAL, min_size=1, max_size=12),
    rule_shaped.map(lambda s: s.rstrip("\n")),
    st.sampled_from(LOOKALIKES),
    st.builds(lambda a, b: f"{a}{b}", st.sampled_from(LOOKALIKES), st.text(alphabet=SPECIAL, max_size=3)),
)


@pytest.fixture(scope="module")
def format_process(tmp_path_factory):
    """The CMS format in one node process for every example (starting node per example
    was most of this module's time)."""
    need_cms_tools()
    process = FormatProcess(tmp_path_factory.mktemp("format"))
    yield process
    process.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(batch=st.lists(texts, min_size=1, max_size=40))
def test_any_text_comes_back_as_the_same_text(format_process: FormatProcess, fields, batch: list[str]) -> None:
    toelichting = batch[0] or "Tekst."  # an empty text is what the form leaves behind: not saved
    (saved,), _ = format_process.run([region(batch, toelichting)], [], fields, plain_scalar_rules())
    assert deelnemers(saved) == batch
    assert loaded(saved)["zelfevaluaties"][0]["bouwstenen"]["regiovisie"]["toelichting"] == toelichting
    _, (form,) = format_process.run([], [saved], None, plain_scalar_rules())
    assert form["zelfevaluaties"][0]["deelnemers"] == batch  # the form reads back what it saved
