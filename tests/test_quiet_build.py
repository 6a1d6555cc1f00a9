"""A quiet build: `hhz generate`/`build` print their warnings grouped (at most 3 lines),
`hhz validate` still lists each with file and line, and -q prints only errors."""

from __future__ import annotations

import shutil
import subprocess
import sys

from hhz.cli.common import BUILD_WARNING_LINES, grouped_warnings
from hhz.diagnostics import Diagnostic
from helpers import REPO


def warning(path: str, line: int, message: str) -> Diagnostic:
    return Diagnostic(path, line, 17, message, "waarschuwing")


HINT = ": voeg bij niveau 4 of hoger een document toe"


def test_few_warnings_are_shown_each_with_file_and_line() -> None:
    warnings = [warning("regions/a.yaml", 3, "niveau 4 zonder `bewijs`" + HINT), warning("regions/b.yaml", 9, "iets anders")]
    assert grouped_warnings(warnings) == [
        "regions/a.yaml:3:17: waarschuwing: niveau 4 zonder `bewijs`" + HINT,
        "regions/b.yaml:9:17: waarschuwing: iets anders",
    ]


def test_many_warnings_of_one_kind_become_one_line_with_the_numbers_merged() -> None:
    warnings = [warning(f"regions/r{i % 9}.yaml", i, f"niveau {4 + i % 2} zonder `bewijs`" + HINT) for i in range(28)]
    assert grouped_warnings(warnings) == [
        "waarschuwing: 28 waarschuwingen in 9 regio's: niveau 4 of 5 zonder `bewijs` — `hhz validate` toont ze per regel"
    ]


def test_many_kinds_never_take_more_than_three_lines() -> None:
    warnings = [warning("regions/a.yaml", i, f"soort {chr(97 + i % 6)}") for i in range(30)]
    warnings += [warning("bouwstenen/x.yaml", 1, "soort a")]
    lines = grouped_warnings(warnings)
    assert len(lines) == BUILD_WARNING_LINES == 3
    assert lines[0] == "waarschuwing: 6 waarschuwingen in 2 bestanden: soort a"
    assert lines[1] == "waarschuwing: 5 waarschuwingen in 1 regio: soort b"
    assert lines[2] == "waarschuwing: nog 20 waarschuwingen van 4 andere soorten — `hhz validate` toont ze per regel"


def hhz(root, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hhz", *args], cwd=root, capture_output=True, text=True, timeout=300)


def test_generate_on_the_shipped_data_is_quiet_and_validate_still_lists_each(tmp_path, geo_dir) -> None:
    for name in ("regions", "bouwstenen", "schemas", "site_templates", "docs"):
        shutil.copytree(REPO / name, tmp_path / name)
    for name in ("mkdocs.yml", "pyproject.toml"):
        shutil.copy(REPO / name, tmp_path / name)
    geo = ["--geo-dir", str(geo_dir)]
    checked = hhz(tmp_path, "validate", ".", *geo)
    listed = [line for line in checked.stdout.splitlines() if ": waarschuwing: " in line]
    assert checked.returncode == 0 and len(listed) > BUILD_WARNING_LINES  # the shipped data has many
    assert all(line.startswith("regions/") and line.split(":")[1].isdigit() for line in listed)
    loud = hhz(tmp_path, "generate", ".", *geo)
    assert loud.returncode == 0, loud.stderr
    shown = [line for line in (loud.stdout + loud.stderr).splitlines() if "waarschuwing" in line]
    assert 1 <= len(shown) <= BUILD_WARNING_LINES, shown
    assert f"{len(listed)} waarschuwingen" in shown[0] and "hhz validate" in shown[0]
    quiet = hhz(tmp_path, "generate", ".", "-q", *geo)
    assert quiet.returncode == 0 and quiet.stdout == quiet.stderr == ""
