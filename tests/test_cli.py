"""The `hhz` command line: exit codes, output formats, no tracebacks, `hhz new-region`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hhz.geo import reference as geo_module
from hhz.cli.main import app
from hhz.diagnostics import Diagnostic, format_github, format_text

A = "regions/alfa.yaml"
TEXT_LINE = re.compile(r"^(?P<path>[^:\s][^:]*):(?P<line>\d+):(?P<col>\d+): (?P<severity>fout|waarschuwing): (?P<message>.+)$")
GITHUB_LINE = re.compile(r"^::(?P<level>error|warning) file=(?P<file>[^,:]+)(,line=(?P<line>\d+),col=(?P<col>\d+))?::(?P<message>.+)$")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch, tmp_path) -> None:
    """Outside GitHub Actions and without geodata, unless a test says otherwise."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("HHZ_GEO_DIR", raising=False)
    monkeypatch.setattr(geo_module, "user_cache_geo_dir", lambda year=2025: tmp_path / "geen-cache")


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args: str | Path):
        result = runner.invoke(app, [str(a) for a in args])
        # a crash would show up as an exception other than the normal exit
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        assert "Traceback" not in result.output
        return result

    return invoke


def broken(edit) -> int:
    return edit.replace(A, "GM0828", "GM12")


# --- exit codes -------------------------------------------------------------------------


def test_validate_clean_project_exits_0(run, project, geo_dir) -> None:
    result = run("validate", project, "--geo-dir", geo_dir)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "geen fouten: 2 regio's, 6 bouwstenen" in result.stderr


def test_validate_with_errors_exits_1(run, edit, geo_dir) -> None:
    line = broken(edit)
    result = run("validate", edit.root, "--geo-dir", geo_dir)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{A}:{line}:13: fout: ongeldige gemeentecode `GM12`; schrijf GM gevolgd door vier cijfers (bijv. GM0828)"
    ]
    assert "1 fout in 1 bestand" in result.stderr


def test_validate_defaults_to_the_current_folder(run, project, geo_dir, monkeypatch) -> None:
    monkeypatch.chdir(project)
    assert run("validate", "--geo-dir", geo_dir).exit_code == 0
    monkeypatch.chdir(project / "regions")
    assert run("validate", "--geo-dir", geo_dir).exit_code == 2


@pytest.mark.parametrize("where", ["leeg", "bestaat-niet", "bestand"])
def test_validate_outside_a_project_is_a_usage_error(run, tmp_path, where: str) -> None:
    target = tmp_path / where
    if where == "leeg":
        target.mkdir()
    elif where == "bestand":
        target.write_text("id: x\n")
    result = run("validate", target)
    assert result.exit_code == 2
    assert result.stderr.startswith("fout: ")
    assert ("geen hhz-project" if where == "leeg" else "geen map") in result.stderr


def test_unknown_format_is_a_usage_error(run, project) -> None:
    result = run("validate", project, "--format", "xml")
    assert result.exit_code == 2


def test_broken_geodata_folder_is_a_usage_error(run, project, tmp_path) -> None:
    (tmp_path / "geo").mkdir()
    (tmp_path / "geo" / "gemeente_2025.topojson").write_text("{niet json")
    result = run("validate", project, "--geo-dir", tmp_path / "geo")
    assert result.exit_code == 2
    assert "fout:" in result.stderr
    assert run("validate", project, "--geo-dir", tmp_path / "nergens").exit_code == 2


# --- formats ------------------------------------------------------------------------------


def test_text_format_line_shape(run, edit) -> None:
    broken(edit)
    edit.replace("regions/beta.yaml", "voorbeeld: true", "voorbeeld: yes")
    result = run("validate", edit.root)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    parsed = [TEXT_LINE.match(line) for line in lines[1:]]
    assert all(parsed), lines
    assert [(m["path"], m["line"], m["col"], m["severity"]) for m in parsed] == [
        (A, "9", "13", "fout"),
        ("regions/beta.yaml", "29", "16", "fout"),
    ]
    # without geodata: one warning first, about the whole folder
    assert lines[0].startswith("regions: waarschuwing: geen geodata gevonden")
    assert "2 fouten in 2 bestanden" in result.stderr


def test_warning_without_geodata_appears_once(run, project) -> None:
    result = run("validate", project)
    assert result.exit_code == 0  # a warning is not an error
    warnings = [line for line in result.stdout.splitlines() if "waarschuwing" in line]
    assert len(warnings) == 1
    assert "het bestaan van gemeentecodes is niet gecontroleerd" in warnings[0]


def test_github_format(run, edit, geo_dir) -> None:
    line = broken(edit)
    result = run("validate", edit.root, "--format", "github", "--geo-dir", geo_dir)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines == [
        f"::error file={A},line={line},col=13::ongeldige gemeentecode `GM12`; schrijf GM gevolgd door vier cijfers (bijv. GM0828)"
    ]
    assert GITHUB_LINE.match(lines[0])


def test_github_format_is_automatic_on_github_actions(run, edit, monkeypatch) -> None:
    line = broken(edit)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = run("validate", edit.root)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert all(GITHUB_LINE.match(line) for line in lines), lines
    assert f"::error file={A},line={line},col=13::ongeldige gemeentecode `GM12`" in lines[1]
    assert lines[0].startswith("::warning file=regions::geen geodata gevonden")
    # an explicit --format wins
    text = run("validate", edit.root, "--format", "text")
    assert f"{A}:{line}:13: fout: ongeldige gemeentecode" in text.stdout
    assert "::error" not in text.stdout


def test_github_format_escapes_newlines_percent_colons_and_commas() -> None:
    d = Diagnostic("regions/a,b:c.yaml", 3, 0, "100% fout\nop twee regels")
    assert format_github(d) == "::error file=regions/a%2Cb%3Ac.yaml,line=3,col=1::100%25 fout%0Aop twee regels"
    warning = Diagnostic("bouwstenen", 0, 0, "let op", "waarschuwing")
    assert format_github(warning) == "::warning file=bouwstenen::let op"
    assert format_text(warning) == "bouwstenen: waarschuwing: let op"


def test_json_format(run, edit, geo_dir) -> None:
    line = broken(edit)
    result = run("validate", edit.root, "--format", "json", "--geo-dir", geo_dir)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data == {
        "diagnostics": [
            {
                "path": A,
                "line": line,
                "col": 13,
                "message": "ongeldige gemeentecode `GM12`; schrijf GM gevolgd door vier cijfers (bijv. GM0828)",
                "severity": "fout",
            }
        ]
    }


def test_json_format_of_a_clean_project(run, project, geo_dir) -> None:
    result = run("validate", project, "--format", "json", "--geo-dir", geo_dir)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"diagnostics": []}


# --- hostile input never gives a traceback ------------------------------------------------------

HOSTILE = {
    "binair": b"\x00\x01\x02\xff" * 100,
    "latin-1": "naam: co\xf6peratie\n".encode("latin-1"),
    "diep": b"[" * 10000,
    "alias-bom": b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n",
    "python-tag": b"id: !!python/object/apply:os.system ['echo oeps']\n",
    "syntax": b"id: alfa\nnaam: \"open\n  - [\n",
    "lijst": b"- 1\n- 2\n",
    "leeg": b"",
    "tabs": b"id: alfa\n\tnaam: x\n",
    "twee-documenten": b"id: a\n---\nid: b\n",
    "groot-getal": b"id: alfa\nkerngegevens:\n  huisartsen: " + b"9" * 5000 + b"\n",
    "rare-sleutels": b"? [a, b]\n: 1\n{x: 1}: 2\n1: een\nnull: twee\n",
    "lange-regel": b"naam: " + b"x" * 500_000 + b"\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_gives_errors_not_a_traceback(run, edit, name: str) -> None:
    edit.write(A, HOSTILE[name])
    for fmt in ("text", "github", "json"):
        result = run("validate", edit.root, "--format", fmt)
        assert result.exit_code == 1, result.output
        if fmt == "json":
            diagnostics = json.loads(result.stdout)["diagnostics"]
            assert any(d["path"] == A and d["severity"] == "fout" for d in diagnostics)
        elif fmt == "text":
            assert any(line.startswith(f"{A}:") for line in result.stdout.splitlines()), result.stdout


def test_real_command_on_hostile_files(project, tmp_path) -> None:
    """The installed entry point, in a fresh process: exit 1, Dutch messages, no traceback."""
    for index, name in enumerate(sorted(HOSTILE)):
        (project / "regions" / f"vijandig-{index}.yaml").write_bytes(HOSTILE[name])
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "HHZ_GEO_DIR")}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    result = subprocess.run(
        [sys.executable, "-m", "hhz", "validate", str(project)], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    files = {line.split(":", 1)[0] for line in result.stdout.splitlines() if ": fout: " in line}
    assert files == {f"regions/vijandig-{i}.yaml" for i in range(len(HOSTILE))}


# --- hhz new-region -------------------------------------------------------------------------------


def test_new_region_creates_a_file_that_validates(run, project, geo_dir) -> None:
    result = run("new-region", "mijn-regio", "--naam", "Mijn Regio", "--root", project)
    assert result.exit_code == 0, result.output
    path = project / "regions" / "mijn-regio.yaml"
    assert path.is_file()
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/regio.schema.json\n")
    assert "id: mijn-regio" in text and '"Mijn Regio"' in text
    check = run("validate", project, "--geo-dir", geo_dir)
    assert check.exit_code == 0, check.output
    # warnings are allowed: the placeholders and the empty list of gemeenten
    assert "regions/mijn-regio.yaml:" in check.stdout and "waarschuwing" in check.stdout
    assert ": fout:" not in check.stdout


def test_new_region_with_awkward_characters_in_the_name(run, project) -> None:
    naam = 'Regio "Het Noorden": #1 & co — 100% samen'
    assert run("new-region", "het-noorden", "--naam", naam, "--root", project).exit_code == 0
    assert run("validate", project).exit_code == 0
    from hhz.load.source import load_yaml_file

    doc = load_yaml_file(project / "regions" / "het-noorden.yaml", project)
    assert doc.data["naam"] == naam


def test_new_region_refuses_an_existing_id(run, project) -> None:
    path = project / "regions" / "alfa.yaml"
    before = path.read_bytes()
    result = run("new-region", "alfa", "--naam", "Andere Alfa", "--root", project)
    assert result.exit_code == 2
    assert "regions/alfa.yaml bestaat al" in result.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "bad", ["Mijn-Regio", "mijn regio", "mijn_regio", "-mijn", "mijn--regio", "één", "../buiten", "", "mijn-regio\n", "a" * 81]
)
def test_new_region_refuses_a_bad_id(run, project, bad: str) -> None:
    before = sorted(p.name for p in (project / "regions").iterdir())
    result = run("new-region", bad, "--naam", "Mijn Regio", "--root", project)
    assert result.exit_code == 2
    if not bad.startswith("-"):  # "-mijn" looks like an option: Click's own usage error
        assert "ongeldige id" in result.stderr
    assert sorted(p.name for p in (project / "regions").iterdir()) == before
    assert not (project / "buiten.yaml").exists()


@pytest.mark.parametrize("naam", ["  ", "x" * 301])
def test_new_region_refuses_an_empty_or_too_long_name(run, project, naam: str) -> None:
    result = run("new-region", "mijn-regio", "--naam", naam, "--root", project)
    assert result.exit_code == 2
    assert "--naam" in result.stderr
    assert not (project / "regions" / "mijn-regio.yaml").exists()


def test_new_region_longest_id_still_validates(run, project) -> None:
    region_id = "a" * 80
    assert run("new-region", region_id, "--naam", "Lang", "--root", project).exit_code == 0
    assert run("validate", project).exit_code == 0


def test_version(run) -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert re.match(r"hhz \d+\.\d+", result.stdout)
