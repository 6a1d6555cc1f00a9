"""Hostile and broken input not covered by test_yamlsource.py and test_validate.py:
a 50 MB file, control characters hidden in escapes, invisible and zero-width characters,
special and out-of-range numbers, odd dates, and the real command on all of them at once.

Every case ends in a Dutch error at the right file and line, never in a traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from projectfactory import region_yaml

A = "regions/alfa.yaml"


# --- size ---------------------------------------------------------------------------------


def test_50_megabyte_file_is_refused_fast_without_reading_it(edit, monkeypatch) -> None:
    path = edit.root / A
    with path.open("wb") as handle:
        handle.write(b"id: alfa\nnaam: " + b"x" * (50 * 1024 * 1024) + b"\n")
    read: list[Path] = []
    original = Path.read_bytes

    def spy(self: Path) -> bytes:
        read.append(self)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    start = time.perf_counter()
    error = edit.only_error()
    assert time.perf_counter() - start < 2
    assert path not in read  # the size is checked before a single byte is read
    assert "bestand is te groot (52.428.816 bytes; maximaal 1.000.000)" in error.message


# --- characters -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "escape, code",
    [("\\0", "0000"), ("\\x07", "0007"), ("\\e", "001B"), ("\\x85", "0085"), ("\\x9b", "009B"), ("\\u007f", "007F")],
)
def test_control_character_written_as_an_escape_is_refused(edit, escape: str, code: str) -> None:
    line = edit.replace(A, "naam: Regio alfa", f'naam: "Regio{escape}alfa"')
    error = edit.only_error()
    assert (error.line, error.col) == (line, 7)
    assert error.message == f"niet-toegestaan stuurteken U+{code} in de tekst; verwijder het"


def test_tab_and_newline_escapes_are_fine(edit) -> None:
    edit.replace(A, "toelichting: Toelichting bij regiovisie.", 'toelichting: "Eerste\\tregel\\nTweede regel"')
    assert edit.errors() == []


def test_bidi_override_written_as_an_escape_is_refused(edit) -> None:
    line = edit.replace(A, "naam: Regio alfa", 'naam: "Regio \\u202Eafla"')
    error = edit.only_error()
    assert error.line == line and "tekstrichting-teken (bidi)" in error.message


@pytest.mark.parametrize("invisible", ["\\u200B", "\\u00A0\\u200B", "\\u2060\\uFEFF", "\\u200C\\u200D "])
def test_text_of_only_invisible_characters_counts_as_empty(edit, invisible: str) -> None:
    line = edit.replace(A, "naam: Regio alfa", f'naam: "{invisible}"')
    error = edit.only_error()
    assert error.line == line
    assert error.message == "`naam` bevat alleen spaties of onzichtbare tekens; vul tekst in (`naam` is verplicht)"


@pytest.mark.parametrize(
    "old, new, fragment",
    [
        ("id: alfa\n", "id: \"al\\u200Bfa\"\n", "ongeldige id"),
        ("id: alfa-voorbeeld", "id: \"alfa-voor\\u200Dbeeld\"", "ongeldige id"),
        ("      regiovisie:\n        niveau: 3", "      \"regio\\u200Bvisie\":\n        niveau: 3", "ongeldige id"),
        ("bouwstenen: [regiovisie]", "bouwstenen: [\"regio\\uFEFFvisie\"]", "ongeldige id"),
        ("naam: Regio alfa", "\"na\\u200Bam\": Regio alfa", "onbekende sleutel"),
    ],
    ids=["regio-id", "goed-voorbeeld-id", "bouwsteen-sleutel", "bouwsteen-lijst", "veldnaam"],
)
def test_zero_width_characters_in_ids_and_keys(edit, old: str, new: str, fragment: str) -> None:
    line = edit.replace(A, old, new)
    errors = edit.errors()
    assert any(e.path == A and e.line == line and fragment in e.message for e in errors), errors


def test_zero_width_character_in_a_criterium_id(edit) -> None:
    rel = "bouwstenen/regiovisie.yaml"
    line = edit.replace(rel, "  - id: eerste", '  - id: "eer\\u200Bste"')
    error = edit.only_error(rel)
    assert (error.line, error.col) == (line, 9)
    assert "ongeldige id" in error.message


# --- numbers and dates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, fragment",
    [
        ("-1", "`-1` is te klein voor `huisartsen`; minimaal 0"),
        ("100000001", "is te groot voor `huisartsen`; maximaal 100000000"),
        ("9" * 400, "is te groot voor `huisartsen`"),
        ("1e400", "hier hoort een geheel getal"),
        (".nan", "`.nan` is geen geldig getal"),
        ("-.inf", "`-.inf` is geen geldig getal"),
        ("'100'", "hier hoort een geheel getal zonder aanhalingstekens, niet tekst `100`"),
        ("honderd", "hier hoort een geheel getal"),
        ("1.5", "`1.5` heeft decimalen"),
        ("true", "hier hoort een geheel getal, niet een ja/nee-waarde"),
        ("[100]", "hier hoort een geheel getal, niet een lijst"),
    ],
)
def test_hostile_counts(edit, value: str, fragment: str) -> None:
    line = edit.replace(A, "huisartsen: 100", f"huisartsen: {value}")
    error = edit.only_error()
    assert (error.line, error.col) == (line, 15)
    assert fragment in error.message


@pytest.mark.parametrize("value", [".nan", ".inf", "12", "1.5", "2024-01-01", "true"])
def test_numbers_and_dates_where_text_is_expected(edit, value: str) -> None:
    line = edit.replace(A, "rechtsvorm: coöperatie", f"rechtsvorm: {value}")
    error = edit.only_error()
    assert (error.line, error.col) == (line, 15)
    assert error.message.startswith("hier hoort tekst") and f'"{value}"' in error.message


@pytest.mark.parametrize(
    "value, fragment",
    [
        ("2024-02-30", "`2024-02-30` is geen bestaande datum"),
        ("2023-02-29", "`2023-02-29` is geen bestaande datum"),
        ("2024-13-01", "`2024-13-01` is geen bestaande datum"),
        ("0000-01-01", "`0000-01-01` is geen bestaande datum"),
        ("20245-01-01", "hier hoort een datum"),
        ("2024-01-01T10:00:00", "hier hoort een datum"),
        ("20240101", "hier hoort een datum (JJJJ-MM-DD), niet een getal"),
        ("9999-12-31", "ligt in de toekomst"),
    ],
)
def test_hostile_dates(edit, value: str, fragment: str) -> None:
    line = edit.replace(A, "peildatum: 2025-01-01", f"peildatum: {value}")
    error = edit.only_error()
    assert (error.line, error.col) == (line, 14)
    assert fragment in error.message


def test_data_url_in_a_good_practice_link(edit) -> None:
    line = edit.replace(
        A, "    datum: 2024-06-01\n", "    datum: 2024-06-01\n    links:\n      - titel: x\n        url: data:text/html,<b>x</b>\n"
    ) + 3
    error = edit.only_error()
    assert (error.line, error.col) == (line, 14)
    assert "ongeldige URL `data:text/html,<b>x</b>`" in error.message


# --- the real command, everything at once ---------------------------------------------------

# file name -> (region YAML, expected line of the error, expected text); ids match the file names.
CASES: dict[str, tuple[str, int, str]] = {}


def _case(name: str, old: str, new: str, fragment: str) -> None:
    text = region_yaml(name, [])
    assert old in text
    start = text.index(old)
    CASES[name] = (text.replace(old, new, 1), text.count("\n", 0, start) + 1, fragment)


_case("stuurteken", "naam: Regio stuurteken", 'naam: "a\\0b"', "niet-toegestaan stuurteken U+0000")
_case("nulbreed", "id: nulbreed", 'id: "nul\\u200Bbreed"', "ongeldige id")
_case("nan", "huisartsen: 100", "huisartsen: .nan", "geen geldig getal")
_case("negatief", "praktijken: 40", "praktijken: -40", "te klein voor `praktijken`")
_case("datum", "peildatum: 2025-01-01", "peildatum: 2024-02-30", "geen bestaande datum")
_case("data-url", "website: https://example.org/data-url", "website: 'data:text/html,<script>alert(1)</script>'", "ongeldige URL")
_case("rtl", "naam: Regio rtl", "naam: Regio \u202elrt", "tekstrichting-teken")
_case("getal-tekst", "inwoners: 200000", "inwoners: '200000'", "hier hoort een geheel getal")


def test_real_command_on_broken_values(project, tmp_path) -> None:
    """A fresh process on the installed entry point: exit 1, each error at its file and line."""
    for name, (text, _line, _fragment) in CASES.items():
        (project / "regions" / f"{name}.yaml").write_text(text, encoding="utf-8")
    (project / "regions" / "groot.yaml").write_bytes(b"id: groot\n" + b"#" * (50 * 1024 * 1024) + b"\n")
    (project / "regions" / "met spatie.yaml").write_text(region_yaml("alfa", []), encoding="utf-8")
    (project / "regions" / "één.yaml").write_text(region_yaml("alfa", []), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "HHZ_GEO_DIR")}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "hhz", "validate", str(project)], capture_output=True, text=True, env=env, timeout=60
    )
    assert time.perf_counter() - start < 30
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for name, (_text, line, fragment) in CASES.items():
        prefix = f"regions/{name}.yaml:{line}:"
        assert any(out.startswith(prefix) and ": fout: " in out and fragment in out for out in lines), (
            prefix,
            fragment,
            result.stdout,
        )
    assert any(out.startswith("regions/groot.yaml:1:1: fout: bestand is te groot") for out in lines), result.stdout
    for name in ("met spatie", "één"):
        assert any(out.startswith(f"regions/{name}.yaml:1:1: fout: ongeldige bestandsnaam") for out in lines), result.stdout
