"""Messages that name the real cause (issue 13, part 2): each case breaks the valid project
the way editors do, and pins the exact message and the line it is reported on.

Syntax cases run with libyaml and with PyYAML's pure-Python parser (their errors differ,
the diagnosis must not).
"""

from __future__ import annotations

import pytest

A = "regions/alfa.yaml"
SCORE = "        niveau: 3\n        toelichting: Toelichting bij regiovisie."  # regiovisie, 2nd zelfevaluatie


def only(edit, geo=None):
    """The one diagnostic of the project, as (path, line, col, message)."""
    diagnostics = edit.validate(geo).diagnostics
    assert len(diagnostics) == 1, diagnostics
    d = diagnostics[0]
    return d.path, d.line, d.col, d.message


# --- syntax: the line that is really wrong -------------------------------------------------

SYNTAX = {
    "one space too many before toelichting": (
        SCORE,
        "        niveau: 3\n         toelichting: Toelichting bij regiovisie.",
        1,
        10,
        "de inspringing van regel {line} klopt niet: zet `toelichting` even ver in als `niveau` (8 spaties)",
    ),
    "niveau one space short": (
        SCORE,
        "       niveau: 3\n        toelichting: Toelichting bij regiovisie.",
        0,  # PyYAML stops on the next line
        8,
        "de inspringing van regel {line} klopt niet: zet `niveau` even ver in als `toelichting` (8 spaties)",
    ),
    "a key of a list item one space too far": (
        "            url: https://example.org/regiovisie",
        "             url: https://example.org/regiovisie",
        0,
        14,
        "de inspringing van regel {line} klopt niet: zet `url` even ver in als `titel` (12 spaties)",
    ),
    "a top-level block's key one space short": (
        "  mandaat: De",
        " mandaat: De",
        0,
        2,
        "de inspringing van regel {line} klopt niet: zet `mandaat` even ver in als `rechtsvorm` (2 spaties)",
    ),
    "a key after a block of text, one space too far": (
        "      De regio *deed* iets goeds.\n    datum: 2024-06-01",
        "      De regio *deed* iets goeds.\n     datum: 2024-06-01",
        1,  # the text's lines are indented further: they are text, this line is not
        6,
        "de inspringing van regel {line} klopt niet: zet `datum` even ver in als `tekst` (4 spaties)",
    ),
    "dedented ambitie block": (
        SCORE,
        SCORE + "\n        ambitie:\n        niveau: 4\n        jaar: 2026",
        3,  # the first line under `ambitie:`, not "dubbele sleutel"
        9,
        "de inspringing van regel {line} klopt niet: wat bij `ambitie` hoort, zet je verder in dan `ambitie` (10 spaties)",
    ),
    "unclosed quote, with another quote further on": (
        "naam: Regio alfa\nkorte_naam: ALFA",
        'naam: "Regio alfa\nkorte_naam: "ALFA"',
        0,
        7,
        'het aanhalingsteken `"` bij `naam` wordt niet afgesloten; zet ook een `"` aan het eind van de tekst',
    ),
    "unclosed single quote": (
        "  mandaat: De huisartsen geven mandaat via de ledenraad.",
        "  mandaat: 'De huisartsen geven mandaat via de ledenraad.",
        0,
        12,
        "het aanhalingsteken `'` bij `mandaat` wordt niet afgesloten; zet ook een `'` aan het eind van de tekst",
    ),
    "no space after the colon": (
        SCORE,
        "        niveau:3\n        toelichting: Toelichting bij regiovisie.",
        0,
        15,
        "na `niveau:` ontbreekt een spatie; schrijf `niveau: 3`",
    ),
    "no colon after the key": (
        "korte_naam: ALFA",
        "korte_naam ALFA",
        0,
        11,
        "na `korte_naam` ontbreekt de dubbele punt; schrijf `korte_naam: ALFA`",
    ),
    "colon and space inside a text": (
        "naam: Regio alfa",
        "naam: Regio alfa: de beste",
        0,
        17,
        'een dubbele punt op een onverwachte plek in de tekst van `naam`; zet de tekst tussen aanhalingstekens: `naam: "Regio alfa: de beste"`',
    ),
}


@pytest.mark.parametrize("case", SYNTAX)
def test_syntax_error_names_the_line_that_is_wrong(loader, edit, case) -> None:
    old, new, offset, col, message = SYNTAX[case]
    line = edit.replace(A, old, new) + offset
    assert only(edit) == (A, line, col, "YAML-syntaxfout: " + message.format(line=line))


def test_a_second_mistake_further_on_does_not_hide_the_first_cause(loader, edit) -> None:
    line = edit.replace(A, SCORE, "        niveau: 3\n         toelichting: Toelichting bij regiovisie.") + 1
    edit.replace(A, "    titel: Een goed voorbeeld", "    titel:Een goed voorbeeld")  # 40 lines on; YAML stops at the first
    message = f"YAML-syntaxfout: de inspringing van regel {line} klopt niet: zet `toelichting` even ver in als `niveau` (8 spaties)"
    assert only(edit) == (A, line, 10, message)


@pytest.mark.parametrize(
    "old, new, block, indent",
    [
        ("  bron: Jaarverslag", "bron: Jaarverslag", "kerngegevens", 2),
        ("  mandaat: De huisartsen", "mandaat: De huisartsen", "governance", 2),  # required there: not also "ontbreekt"
        ("            url: https://example.org/regiovisie", "        url: https://example.org/regiovisie", "bewijs", 12),
    ],
)
def test_a_key_indented_too_little_is_sent_back_to_its_block(edit, old, new, block, indent) -> None:
    """Valid YAML (a key of the mapping around it), so the model finds it: unknown here, known above."""
    line = edit.replace(A, old, new)
    key = new.split(":")[0].strip()
    message = (
        f"de inspringing van regel {line} klopt niet: `{key}` hoort bij `{block}` erboven; "
        f"zet `{key}` even ver in als de regels van `{block}` ({indent} spaties)"
    )
    assert only(edit) == (A, line, len(new) - len(new.lstrip()) + 1, message)


def test_an_unknown_key_that_no_block_above_knows_stays_unknown(edit) -> None:
    line = edit.replace(A, "  bron: Jaarverslag", "  bron: Jaarverslag\nbronnen: twee")
    path, found_line, col, message = only(edit)
    assert (path, found_line, col) == (A, line + 1, 1)
    assert message.startswith("onbekende sleutel `bronnen`; toegestaan zijn: contact, ")  # the list follows the model


def test_a_real_duplicate_key_is_still_called_one(loader, edit) -> None:
    first = edit.line_of(A, "  peildatum: 2025-01-01")
    line = edit.replace(A, "  huisartsen: 100\n", "  huisartsen: 100\n  peildatum: 2025-02-01\n") + 1
    message = f"dubbele sleutel `peildatum` (staat ook op regel {first}); YAML houdt er stilzwijgend maar één over: voeg ze samen"
    assert only(edit) == (A, line, 3, message)


def test_text_that_opens_with_a_quote_and_closes_it_is_fine(loader, edit) -> None:
    edit.replace(A, "naam: Regio alfa", "naam: 's-Hertogenbosch, zegt men'")
    assert edit.validate().diagnostics == []


# --- values: what the editor meant ----------------------------------------------------------

VALUES = {  # old text, new text, line of the error counted from the edit, column, message
    "a niveau as a word": (
        SCORE,
        "        niveau: drie\n        toelichting: Toelichting bij regiovisie.",
        0,
        17,
        "`drie` is geen getal; schrijf een getal van 1 tot 5, bijvoorbeeld 3",
    ),
    "an ambitie niveau as a word": (
        SCORE,
        SCORE + "\n        ambitie:\n          niveau: vier\n          jaar: 2026",
        3,
        19,
        "`vier` is geen getal; schrijf een getal van 1 tot 5, bijvoorbeeld 3",
    ),
    "a niveau with decimals": (
        SCORE,
        "        niveau: 3.5\n        toelichting: Toelichting bij regiovisie.",
        0,
        17,
        "`3.5` heeft decimalen; schrijf een getal van 1 tot 5, bijvoorbeeld 3",
    ),
    "a niveau left empty": (
        SCORE,
        "        niveau:\n        toelichting: Toelichting bij regiovisie.",
        0,
        16,
        "`niveau` is leeg; schrijf een getal van 1 tot 5, bijvoorbeeld 3",
    ),
    "a required number left empty": (
        SCORE,
        SCORE + "\n        ambitie:\n          niveau: 4\n          jaar:",
        4,
        16,
        "`jaar` is leeg; vul een geheel getal in (`jaar` is verplicht)",
    ),
    "a date written day first": (
        "datum: 2025-03-01",
        "datum: 1-5-2025",
        0,
        12,
        "`1-5-2025` is geen datum in de vorm JJJJ-MM-DD (jaar-maand-dag); schrijf 2025-05-01 (1 mei 2025)",
    ),
    "a date written with slashes": (
        "peildatum: 2025-01-01",
        "peildatum: 31/12/2024",
        0,
        14,
        "`31/12/2024` is geen datum in de vorm JJJJ-MM-DD (jaar-maand-dag); schrijf 2024-12-31 (31 december 2024)",
    ),
    "a date in words": (
        "datum: 2025-03-01",
        "datum: 1 maart 2025",
        0,
        12,
        "`1 maart 2025` is geen datum in de vorm JJJJ-MM-DD (jaar-maand-dag); schrijf 2025-03-01 (1 maart 2025)",
    ),
    "a thousands separator": (
        "huisartsen: 100",
        "huisartsen: 1.600",
        0,
        15,
        "`1.600` is geen geheel getal: in YAML is de punt een decimaalteken, geen scheiding tussen duizendtallen; "
        "schrijf 1600",
    ),
    "a thousands comma": (
        "inwoners: 200000",
        "inwoners: 200,000",
        0,
        13,
        "`200,000` is geen geheel getal: een getal heeft geen komma tussen de duizendtallen; schrijf 200000",
    ),
    "a bouwsteen with a capital": (
        "      regiovisie:\n        niveau: 3",
        "      Regiovisie:\n        niveau: 3",
        0,
        7,
        "ongeldige id `Regiovisie`: schrijf ids in kleine letters; bedoelde je `regiovisie`?",
    ),
    "a required text left empty": (
        "samenvatting: Wat de regio deed.",
        'samenvatting: ""',
        0,
        19,
        "`samenvatting` is leeg; vul tekst in (`samenvatting` is verplicht)",
    ),
    "a required text with nothing after the colon": (
        "samenvatting: Wat de regio deed.",
        "samenvatting:",
        0,
        18,  # no value: just after the colon
        "`samenvatting` is leeg; vul tekst in (`samenvatting` is verplicht)",
    ),
    "an optional text left empty": (
        "  email: info@example.org",
        "  email: info@example.org\n  telefoon: ''",
        1,
        13,
        "`telefoon` is leeg; vul tekst in of laat `telefoon` weg",
    ),
    "a gemeente code in lower case": (
        "GM0828",
        "gm0828",
        0,
        13,
        "ongeldige gemeentecode `gm0828`; schrijf GM gevolgd door vier cijfers: bedoelde je GM0828?",
    ),
}


@pytest.mark.parametrize("case", VALUES)
def test_a_wrong_value_says_what_to_write(edit, case) -> None:
    old, new, offset, col, message = VALUES[case]
    line = edit.replace(A, old, new) + offset
    assert only(edit) == (A, line, col, message)


def test_a_key_with_a_capital_is_the_key_itself_not_a_missing_field(edit) -> None:
    line = edit.replace(A, "naam: Regio alfa", "Naam: Regio alfa")
    assert only(edit) == (A, line, 1, "onbekende sleutel `Naam`; bedoelde je `naam`?")


@pytest.mark.parametrize(
    "written, message",
    [
        ("Almere", "ongeldige gemeentecode `Almere`; schrijf GM gevolgd door vier cijfers: bedoelde je GM0034 (Almere)?"),
        ("almere", "ongeldige gemeentecode `almere`; schrijf GM gevolgd door vier cijfers: bedoelde je GM0034 (Almere)?"),
        ("Gemeente Oss", "ongeldige gemeentecode `Gemeente Oss`; schrijf GM gevolgd door vier cijfers: bedoelde je GM0828 (Oss)?"),
        ("GM828", "ongeldige gemeentecode `GM828`; schrijf GM gevolgd door vier cijfers: bedoelde je GM0828 (Oss)?"),
        ("0828", "ongeldige gemeentecode `0828`; schrijf GM gevolgd door vier cijfers: bedoelde je GM0828 (Oss)?"),
    ],
)
def test_a_gemeente_by_name_or_short_code_gets_its_cbs_code(edit, geo, written: str, message: str) -> None:
    line = edit.replace(A, "GM0828", written)
    assert only(edit, geo) == (A, line, 13, message)


def test_a_gemeente_by_name_without_geodata_gets_the_format(edit) -> None:
    line = edit.replace(A, "GM0828", "Almere")
    message = "ongeldige gemeentecode `Almere`; schrijf GM gevolgd door vier cijfers (bijv. GM0828)"
    assert only(edit) == (A, line, 13, message)


# --- provincies and the gemeenten (with geodata) --------------------------------------------

B = "regions/beta.yaml"


def test_provincies_that_miss_the_gemeente_name_the_right_one(edit, geo) -> None:
    line = edit.replace(B, "provincies: [Gelderland]", "provincies: [Noord-Brabant]")
    found = [(d.path, d.line, d.col, d.message) for d in edit.validate(geo).diagnostics]
    assert found == [
        (B, line, 13, "`provincies` mist Gelderland: daar ligt gemeente GM0268 (Nijmegen); zet Gelderland bij `provincies`"),
        (B, line, 14, "geen gemeente van de regio ligt in Noord-Brabant; haal Noord-Brabant weg bij `provincies`"),
    ]


def test_a_provincie_too_many_is_named(edit, geo) -> None:
    line = edit.replace(B, "provincies: [Gelderland]", "provincies: [Gelderland, Limburg]")
    message = "geen gemeente van de regio ligt in Limburg; haal Limburg weg bij `provincies`"
    assert only(edit, geo) == (B, line, 26, message)


def test_provincies_are_not_checked_without_geodata(edit) -> None:
    edit.replace(B, "provincies: [Gelderland]", "provincies: [Limburg]")
    assert edit.validate().diagnostics == []


# --- pull requests: the changed files' errors are the ones GitHub annotates ---------------------


def test_github_annotations_put_the_changed_files_first_and_count_the_rest(edit, monkeypatch) -> None:
    from typer.testing import CliRunner

    from hhz.cli.main import app

    beta = edit.text(B)
    edit.write(B, beta.replace("niveau: 4", "niveau: 9"))  # 11 errors in a file the PR does not change
    line = edit.replace(A, "korte_naam: ALFA", "korte_naam ALFA")  # 1 in the file it changes
    monkeypatch.chdir(edit.root)
    result = CliRunner().invoke(app, ["validate", ".", "--format", "github", "--changed", A])
    assert result.exit_code == 1
    errors = [out for out in result.stdout.splitlines() if out.startswith("::error")]
    assert len(errors) == 12
    assert errors[0] == (
        f"::error file={A},line={line},col=11::YAML-syntaxfout: na `korte_naam` ontbreekt de dubbele punt; "
        "schrijf `korte_naam: ALFA`"
    )
    assert all(f"file={B}," in out for out in errors[1:])
    notice = (
        "GitHub toont per stap maximaal 10 fouten en 10 waarschuwingen als annotatie, die van de gewijzigde "
        "bestanden eerst; nog 2 fouten staan alleen in het log van de stap Gegevens valideren"
    )
    assert result.stdout.splitlines()[-1] == f"::notice::{notice}"
    assert "12 fouten in 2 bestanden, waarvan 1 in de gewijzigde bestanden" in result.stderr


def test_without_changed_files_the_order_is_by_file(edit, monkeypatch) -> None:
    from typer.testing import CliRunner

    from hhz.cli.main import app

    edit.replace(B, "korte_naam: BETA", "korte_naam BETA")
    edit.replace(A, "korte_naam: ALFA", "korte_naam ALFA")
    result = CliRunner().invoke(app, ["validate", str(edit.root), "--format", "github"])
    errors = [out for out in result.stdout.splitlines() if out.startswith("::error")]
    assert [out.split(",")[0] for out in errors] == [f"::error file={A}", f"::error file={B}"]
    assert "::notice::" not in result.stdout


def test_changed_paths_are_taken_relative_to_the_working_folder(edit, monkeypatch) -> None:
    """git names files from the repository root; the project may be a folder below it."""
    from typer.testing import CliRunner

    from hhz.cli.main import app

    edit.replace(A, "korte_naam: ALFA", "korte_naam ALFA")
    edit.replace(B, "korte_naam: BETA", "korte_naam BETA")
    monkeypatch.chdir(edit.root.parent)
    changed = f"{edit.root.name}/{B}"
    result = CliRunner().invoke(app, ["validate", edit.root.name, "--format", "github", "--changed", changed])
    errors = [out.split(",")[0] for out in result.stdout.splitlines() if out.startswith("::error")]
    assert errors == [f"::error file={B}", f"::error file={A}"]
    assert "2 fouten in 2 bestanden, waarvan 1 in de gewijzigde bestanden" in result.stderr
