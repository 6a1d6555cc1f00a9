"""`hhz new-region` (issue 13, part 3): a file that validates as it is, with skeletons for a
zelfevaluatie (all six bouwstenen), a goed voorbeeld, contact and kerngegevens that validate
too once their `# ` is removed; keys spelled as the validator reads them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hhz.cli.main import app
from hhz.models import Bewijs, BouwsteenScore, Regio, Toetsing, Zelfevaluatie
from hhz.editing.scaffold import hint
from hhz.validate import validate_root
from hhz.vocabulary import BOUWSTEEN_IDS
from hhz.load.source import load_yaml_file
from projectfactory import make_project

TODAY = dt.date(2026, 1, 15)
NEW = "regions/mijn-regio.yaml"
# a commented line of a skeleton: `# ` and then YAML (a key, a list item or block text)
SKELETON_LINE = re.compile(r"^# (?=\s*(- )?[a-z_]+:|\s{6}\S|# )")


pytestmark = pytest.mark.usefixtures("fixed_day")  # conftest: today is 2026-01-15, no geodata


def new_region(tmp_path: Path, *extra: str) -> Path:
    root = make_project(tmp_path / "p")
    result = CliRunner().invoke(app, ["new-region", "mijn-regio", "--naam", "Huisartsen Mijn Regio", "--root", str(root), *extra])
    assert result.exit_code == 0, result.output
    return root


def uncomment(text: str, levels: int) -> str:
    """Remove one `# ` from each skeleton line, ``levels`` times (the first line is the schema)."""
    lines = text.splitlines(keepends=True)
    for _ in range(levels):
        lines = [lines[0], *(line[2:] if SKELETON_LINE.match(line) else line for line in lines[1:])]
    return "".join(lines)


def errors_and_region(root: Path, geo) -> tuple[list[str], Regio]:
    result = validate_root(root, geo, today=TODAY)
    errors = [f"{d.path}:{d.line}: {d.message}" for d in result.errors]
    return errors, Regio.model_validate(load_yaml_file(root / NEW, root).data)


def test_the_new_file_validates_and_holds_the_skeletons(tmp_path: Path, geo) -> None:
    root = new_region(tmp_path)
    text = (root / NEW).read_text("utf-8")
    errors, region = errors_and_region(root, geo)
    assert errors == []
    assert region.korte_naam == "mijn-regio"  # the id, never the (cut-off) full name
    assert region.zelfevaluaties == [] and region.goede_voorbeelden == []
    assert "# zelfevaluaties:" in text and "# goede_voorbeelden:" in text and "# contact:" in text
    for bouwsteen_id in BOUWSTEEN_IDS:
        assert f"#       {bouwsteen_id}:\n" in text
    assert "#   email: info@organisatie.nl" in text and "e-mail:" not in text
    assert f"#   - datum: {TODAY.isoformat()}  # {hint(Zelfevaluatie, 'datum')}" in text
    assert "hhz new-evaluation" in text


def test_the_skeletons_validate_once_uncommented(tmp_path: Path, geo) -> None:
    root = new_region(tmp_path)
    path = root / NEW
    original = path.read_text("utf-8")
    path.write_text(uncomment(original, 1), encoding="utf-8")
    errors, region = errors_and_region(root, geo)
    assert errors == []
    (evaluation,) = region.zelfevaluaties
    assert (evaluation.datum, evaluation.status, evaluation.voorbeeld) == (TODAY, "concept", False)
    assert list(evaluation.bouwstenen) == list(BOUWSTEEN_IDS)
    assert all(score.ambitie is None for score in evaluation.bouwstenen.values())
    (practice,) = region.goede_voorbeelden
    assert practice.id == "mijn-regio-onderwerp" and practice.links == []
    assert region.contact.email == "info@organisatie.nl"
    assert region.kerngegevens.huisartsen == 100 and region.website == "https://www.organisatie.nl"
    # the lines that stay optional within a skeleton: commented twice
    path.write_text(uncomment(original, 2), encoding="utf-8")
    errors, region = errors_and_region(root, geo)
    assert errors == []
    evaluation = region.zelfevaluaties[0]
    assert evaluation.voorbeeld is True
    assert {score.ambitie.jaar for score in evaluation.bouwstenen.values() if score.ambitie} == {TODAY.year + 2}
    assert [link.url for link in region.goede_voorbeelden[0].links] == ["https://www.organisatie.nl/project"]
    # the optional fields of issue 14: toetsing, bewijs with type and datum, scores per groep
    assert evaluation.getoetst is not None
    assert (evaluation.getoetst.door, evaluation.getoetst.datum) == ("Nog in te vullen.", TODAY)
    first = evaluation.bouwstenen[BOUWSTEEN_IDS[0]]
    assert [(b.url, b.type, b.datum) for b in first.bewijs] == [
        (f"https://www.organisatie.nl/{BOUWSTEEN_IDS[0]}", "besluit", TODAY)
    ]
    assert first.scores == {"huisartsen": 1, "bestuur": 1}
    assert all(score.scores is None for key, score in evaluation.bouwstenen.items() if key != BOUWSTEEN_IDS[0])


def test_the_new_fields_have_their_model_hints(tmp_path: Path) -> None:
    text = (new_region(tmp_path) / NEW).read_text("utf-8")
    assert f"# #     getoetst:  # {hint(Zelfevaluatie, 'getoetst')}\n" in text
    assert f"# #       door: \"Nog in te vullen.\"  # {hint(Toetsing, 'door')}\n" in text
    assert f"# #       datum: {TODAY.isoformat()}  # {hint(Toetsing, 'datum')}\n" in text
    assert f"# #         bewijs:  # {hint(BouwsteenScore, 'bewijs')}\n" in text
    assert f"# #             type: besluit  # {hint(Bewijs, 'type')}\n" in text
    assert f"# #             datum: {TODAY.isoformat()}  # {hint(Bewijs, 'datum')}\n" in text
    assert f"# #         scores: {{huisartsen: 1, bestuur: 1}}  # {hint(BouwsteenScore, 'scores')}\n" in text


def test_korte_naam_can_be_given(tmp_path: Path) -> None:
    root = new_region(tmp_path, "--korte-naam", "Mijn Regio")
    assert 'korte_naam: "Mijn Regio"  #' in (root / NEW).read_text("utf-8")
    result = CliRunner().invoke(app, ["new-region", "andere", "--naam", "X", "--korte-naam", "y" * 41, "--root", str(root)])
    assert result.exit_code == 2
    assert "--korte-naam moet 1 tot 40 tekens lang zijn" in result.stderr
    assert not (root / "regions" / "andere.yaml").exists()


def test_new_region_takes_the_project_folder_as_plain_argument(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    result = CliRunner().invoke(app, ["new-region", "mijn-regio", "--naam", "Huisartsen Mijn Regio", str(root)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "gemaakt: regions/mijn-regio.yaml — vul de velden in en voer `hhz validate` uit\n"
    assert (root / NEW).read_text("utf-8").startswith("# yaml-language-server: $schema=../schemas/regio.schema.json\n")
