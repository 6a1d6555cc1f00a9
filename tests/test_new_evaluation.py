"""`hhz new-evaluation` / `hhz nieuwe-zelfevaluatie` (issue 13, part 3): a concept copy of the
latest vastgestelde zelfevaluatie, appended as text, the rest of the file byte for byte."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hhz.cli.main import app
from hhz.models import Regio
from hhz.load.source import load_yaml_file
from projectfactory import make_project, region_yaml

TODAY = dt.date(2026, 1, 15)
A = "regions/alfa.yaml"


pytestmark = pytest.mark.usefixtures("fixed_day")  # conftest: today is 2026-01-15, no geodata


def run(*args: str | Path):
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


COMMENTED = region_yaml("alfa", ["GM0828", "GM1948"]).replace(
    "zelfevaluaties:\n", "# De zelfevaluaties, oudste eerst.\nzelfevaluaties:   # commentaar achter de sleutel\n"
).replace(
    "  - datum: 2025-03-01\n", "  # de tweede, na de regioraad\n  - datum: 2025-03-01   # vastgesteld in maart\n"
).replace(
    "goede_voorbeelden:\n", "\n# Hieronder de goede voorbeelden.\ngoede_voorbeelden:\n"
)


def project_with(tmp_path: Path, text: str) -> Path:
    return make_project(tmp_path / "p", {"alfa": text})


def second_evaluation(text: str) -> str:
    """The source text of the 2025 zelfevaluatie in COMMENTED (up to the blank line)."""
    start = text.index("  - datum: 2025-03-01")
    return text[start : text.index("\n\n# Hieronder", start) + 1]


def test_appends_a_concept_copy_and_keeps_everything_else_byte_for_byte(tmp_path: Path, geo_dir: Path) -> None:
    root = project_with(tmp_path, COMMENTED)
    before = (root / A).read_bytes().decode("utf-8")
    result = run("new-evaluation", "alfa", "--datum", "2026-01-10", "--root", root)
    assert result.exit_code == 0, result.output
    after = (root / A).read_bytes().decode("utf-8")
    source = second_evaluation(before)
    block = (
        source.replace("  - datum: 2025-03-01   # vastgesteld", "  - datum: 2026-01-10   # vastgesteld")
        .replace("    status: vastgesteld\n", "    status: concept\n")
        .replace("    voorbeeld: true\n", "")
    )
    insert_at = before.index("\n\n# Hieronder") + 1  # right after the last zelfevaluatie
    assert after == before[:insert_at] + block + before[insert_at:]
    line = before[:insert_at].count("\n") + 1
    assert f"toegevoegd: {A}:{line}: concept-zelfevaluatie van 2026-01-10" in result.stdout
    assert "gekopieerd van de vastgestelde van 2025-03-01" in result.stdout
    check = run("validate", root, "--geo-dir", geo_dir)
    assert check.exit_code == 0, check.output
    evaluations = Regio.model_validate(load_yaml_file(root / A, root).data).zelfevaluaties
    assert [(z.datum.isoformat(), z.status, z.voorbeeld) for z in evaluations] == [
        ("2024-03-01", "vastgesteld", True),
        ("2025-03-01", "vastgesteld", True),
        ("2026-01-10", "concept", False),
    ]
    assert evaluations[2].bouwstenen == evaluations[1].bouwstenen


def test_the_dutch_alias_and_today_as_the_default_date(tmp_path: Path) -> None:
    root = project_with(tmp_path, COMMENTED)
    result = run("nieuwe-zelfevaluatie", "alfa", "--root", root)
    assert result.exit_code == 0, result.output
    assert f"concept-zelfevaluatie van {TODAY.isoformat()}" in result.stdout
    assert f"  - datum: {TODAY.isoformat()}   # vastgesteld in maart\n    status: concept\n" in (root / A).read_text("utf-8")


def test_a_date_in_the_future_is_refused(tmp_path: Path) -> None:
    root = project_with(tmp_path, COMMENTED)
    before = (root / A).read_bytes()
    result = run("new-evaluation", "alfa", "--datum", "2026-01-16", "--root", root)
    assert result.exit_code == 2
    assert (
        "fout: --datum 2026-01-16 ligt in de toekomst (vandaag is 2026-01-15); een zelfevaluatie krijgt de datum "
        "waarop ze is gehouden: kies vandaag of eerder"
    ) in result.stderr
    assert (root / A).read_bytes() == before


@pytest.mark.parametrize("bad", ["15-1-2026", "2026-02-30", "morgen"])
def test_a_date_that_is_no_date_is_refused(tmp_path: Path, bad: str) -> None:
    root = project_with(tmp_path, COMMENTED)
    result = run("new-evaluation", "alfa", "--datum", bad, "--root", root)
    assert result.exit_code == 2
    assert f"fout: --datum `{bad}` is geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2026-01-15" in result.stderr


def test_a_region_without_a_vastgestelde_evaluation(tmp_path: Path) -> None:
    root = project_with(tmp_path, COMMENTED.replace("status: vastgesteld", "status: concept"))
    before = (root / A).read_bytes()
    result = run("new-evaluation", "alfa", "--root", root)
    assert result.exit_code == 2
    assert (
        f"fout: {A} heeft nog geen vastgestelde zelfevaluatie om te kopiëren; schrijf de eerste zelfevaluatie "
        "met de hand"
    ) in result.stderr
    assert (root / A).read_bytes() == before


def test_an_unknown_region_names_the_known_ones(tmp_path: Path) -> None:
    root = project_with(tmp_path, COMMENTED)
    result = run("new-evaluation", "alpha", "--root", root)
    assert result.exit_code == 2
    assert "fout: regions/alpha.yaml bestaat niet; bekende regio's: alfa" in result.stderr


def test_a_region_with_errors_is_not_touched(tmp_path: Path) -> None:
    root = project_with(tmp_path, COMMENTED.replace("niveau: 3", "niveau: 9", 1))
    before = (root / A).read_bytes()
    result = run("new-evaluation", "alfa", "--root", root)
    assert result.exit_code == 2
    assert f"fout: {A} heeft fouten; los die eerst op (`hhz validate`): {A}:" in result.stderr
    assert (root / A).read_bytes() == before


def test_a_newer_concept_is_to_be_worked_on_instead(tmp_path: Path) -> None:
    root = project_with(tmp_path, COMMENTED)
    assert run("new-evaluation", "alfa", "--datum", "2025-12-01", "--root", root).exit_code == 0
    result = run("new-evaluation", "alfa", "--root", root)
    assert result.exit_code == 2
    assert "heeft al een concept-zelfevaluatie van 2025-12-01, nieuwer dan de vastgestelde van 2025-03-01" in result.stderr


def test_a_date_before_the_latest_vastgestelde_or_on_an_existing_one(tmp_path: Path) -> None:
    root = project_with(tmp_path, COMMENTED)
    early = run("new-evaluation", "alfa", "--datum", "2025-01-01", "--root", root)
    assert early.exit_code == 2
    assert "--datum 2025-01-01 ligt vóór de nieuwste vastgestelde zelfevaluatie (2025-03-01)" in early.stderr
    same = run("new-evaluation", "alfa", "--datum", "2024-03-01", "--root", root)
    assert same.exit_code == 2
    assert f"{A} heeft al een zelfevaluatie van 2024-03-01; kies een andere --datum" in same.stderr


def test_an_ambition_year_before_the_new_year_is_moved_and_named(tmp_path: Path) -> None:
    text = COMMENTED.replace(
        "      innovatie-kwaliteit:\n        niveau: 3\n",
        "      innovatie-kwaliteit:\n        niveau: 3\n        ambitie: {niveau: 4, jaar: 2025}\n",
    )
    root = project_with(tmp_path, text)
    result = run("new-evaluation", "alfa", "--datum", "2026-01-02", "--root", root)
    assert result.exit_code == 0, result.output
    assert (
        "let op: innovatie-kwaliteit: ambitiejaar 2025 ligt vóór 2026, het jaar van de nieuwe zelfevaluatie; "
        "op 2026 gezet: pas het aan"
    ) in result.stdout
    after = (root / A).read_text("utf-8")
    assert after.count("ambitie: {niveau: 4, jaar: 2025}") == 1  # the vastgestelde one is left as it was
    assert after.count("ambitie: {niveau: 4, jaar: 2026}") == 1
    assert run("validate", root).exit_code == 0


def test_voorbeeld_as_the_first_key_and_windows_line_ends(tmp_path: Path) -> None:
    text = COMMENTED.replace(
        "  - datum: 2025-03-01   # vastgesteld in maart\n    status: vastgesteld\n    deelnemers: [Bestuur, Regioraad]\n"
        "    voorbeeld: true\n",
        "  - voorbeeld: true\n    datum: 2025-03-01\n    status: vastgesteld\n    deelnemers: [Bestuur, Regioraad]\n",
    ).replace("\n", "\r\n")
    root = project_with(tmp_path, "")
    (root / A).write_bytes(text.encode("utf-8"))
    result = run("new-evaluation", "alfa", "--datum", "2026-01-02", "--root", root)
    assert result.exit_code == 0, result.output
    after = (root / A).read_bytes().decode("utf-8")
    assert "\r\n  - datum: 2026-01-02\r\n    status: concept\r\n    deelnemers: [Bestuur, Regioraad]\r\n" in after
    assert after.replace("\r\n", "") == after.replace("\n", "").replace("\r", "")  # no lone line ends
    assert after.startswith(text[: text.index("\r\n\r\n# Hieronder")])
    assert after.endswith(text[text.index("\r\n\r\n# Hieronder") + 2 :])
    assert run("validate", root).exit_code == 0


def test_a_review_is_not_copied(tmp_path: Path) -> None:
    text = COMMENTED.replace(
        "    deelnemers: [Bestuur, Regioraad]\n",
        "    deelnemers: [Bestuur, Regioraad]\n    getoetst:\n      door: InEen, programmateam\n      datum: 2025-04-01\n",
    )
    root = project_with(tmp_path, text)
    assert run("validate", root).exit_code == 0
    result = run("new-evaluation", "alfa", "--datum", "2026-01-02", "--root", root)
    assert result.exit_code == 0, result.output
    after = (root / A).read_text("utf-8")
    assert after.count("getoetst:") == 1
    new = after[after.index("  - datum: 2026-01-02") :]
    assert new.startswith("  - datum: 2026-01-02   # vastgesteld in maart\n    status: concept\n    deelnemers: [Bestuur, Regioraad]\n    bouwstenen:\n")


@pytest.mark.parametrize("bad", ["../alfa", "Alfa", "alfa.yaml", "regions/alfa"])
def test_only_a_region_id_is_accepted(tmp_path: Path, bad: str) -> None:
    root = project_with(tmp_path, COMMENTED)
    (tmp_path / "alfa.yaml").write_text(COMMENTED, encoding="utf-8")  # what ../alfa would reach
    result = run("new-evaluation", bad, "--root", root)
    assert result.exit_code == 2
    assert f"fout: ongeldige id `{bad}`; gebruik de id van de regio" in result.stderr
    assert (tmp_path / "alfa.yaml").read_text("utf-8") == COMMENTED


def test_a_linked_region_file_is_not_followed(tmp_path: Path) -> None:
    root = project_with(tmp_path, COMMENTED)
    outside = tmp_path / "elders.yaml"
    outside.write_text(COMMENTED.replace("id: alfa", "id: gamma"), encoding="utf-8")
    (root / "regions" / "gamma.yaml").symlink_to(outside)
    result = run("new-evaluation", "gamma", "--root", root)
    assert result.exit_code == 2
    assert "fout: regions/gamma.yaml is een symbolische link; hhz wijzigt alleen gewone bestanden" in result.stderr
    assert outside.read_text("utf-8") == COMMENTED.replace("id: alfa", "id: gamma")


def test_the_project_folder_as_plain_argument_like_validate(tmp_path: Path, monkeypatch) -> None:
    root = project_with(tmp_path, COMMENTED)
    result = run("nieuwe-zelfevaluatie", "alfa", "--datum", "2026-01-10", root)
    assert result.exit_code == 0, result.output
    assert "  - datum: 2026-01-10   # vastgesteld in maart\n    status: concept\n" in (root / A).read_text("utf-8")
    # `.` as in the issue: `hhz nieuwe-zelfevaluatie humo --datum 2026-11-01 .`
    (root / A).write_text(COMMENTED, encoding="utf-8")
    monkeypatch.chdir(root)
    result = run("new-evaluation", "alfa", "--datum", "2026-01-11", ".")
    assert result.exit_code == 0, result.output
    assert "  - datum: 2026-01-11   # vastgesteld in maart\n" in (root / A).read_text("utf-8")


def test_the_folder_and_root_must_agree(tmp_path: Path) -> None:
    root = project_with(tmp_path, COMMENTED)
    result = run("new-evaluation", "alfa", root, "--root", tmp_path)
    assert result.exit_code == 2
    assert result.stderr == f"fout: twee verschillende projectmappen: {root} en --root {tmp_path}; geef er één\n"
    assert (root / A).read_text("utf-8") == COMMENTED
    assert run("new-evaluation", "alfa", root, "--root", root, "--datum", "2026-01-10").exit_code == 0
