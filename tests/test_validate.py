"""The validator: every rule with a failing case (message, file, line); the valid project is the passing case."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from hhz.geo import reference as geo_module
from hhz.cli.main import run_validation
from hhz.project import open_project
from hhz.validate import ProjectError, validate_root
from projectfactory import BOUWSTEEN_IDS, region_yaml

A = "regions/alfa.yaml"
B = "regions/beta.yaml"


# --- the passing case ------------------------------------------------------------------


def test_valid_project_has_no_diagnostics_at_all(edit) -> None:
    result = edit.validate()
    assert result.diagnostics == []
    assert result.errors == []
    assert result.ok
    assert [r.id for r in result.dataset.regions] == ["alfa", "beta"]
    assert [b.id for b in result.dataset.bouwstenen] == list(BOUWSTEEN_IDS)


def test_valid_project_has_no_diagnostics_with_the_reference_geodata(edit, geo) -> None:
    result = edit.validate(geo=geo)
    assert result.diagnostics == []
    assert result.ok
    assert result.dataset.gemeente_namen["GM0828"] == "Oss"


def test_valid_project_with_todays_clock(project) -> None:
    assert validate_root(project).errors == []


def test_errors_mean_no_dataset(edit) -> None:
    edit.replace(A, "GM0828", "GM12")
    result = edit.validate()
    assert not result.ok and result.dataset is None


def test_warnings_do_not_block(edit, expect) -> None:
    line = edit.replace(A, "gemeenten: [GM0828, GM1948]", "gemeenten: []")
    result = edit.validate()
    assert result.ok and result.errors == []
    warning = expect(result.diagnostics, A, line, "nog geen gemeenten")
    assert warning.severity == "waarschuwing"


def test_not_a_project_folder(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="geen hhz-project"):
        validate_root(tmp_path)
    with pytest.raises(ProjectError, match="geen map"):
        validate_root(tmp_path / "bestaat-niet")


def test_every_problem_is_reported_at_once(edit, expect) -> None:
    first = edit.replace(A, "GM0828", "GM12")
    second = edit.replace(B, "status: openbaar", "status: geheim")
    third = edit.replace("bouwstenen/regiovisie.yaml", "volgorde: 1", "volgorde: een")
    errors = edit.errors()
    assert len(errors) == 3
    expect(errors, A, first, "ongeldige gemeentecode")
    expect(errors, B, second, "ongeldige waarde `geheim` voor `status`; kies uit: openbaar")
    expect(errors, "bouwstenen/regiovisie.yaml", third, "hier hoort een geheel getal")


# --- keys and types (strict model) -------------------------------------------------------


def test_unknown_key_suggests_the_nearest_key(edit) -> None:
    line = edit.replace(A, "gemeenten: [", "gemeentes: [")
    assert line == 9
    error = edit.only_error()
    assert (error.line, error.col) == (9, 1)
    assert error.message == "onbekende sleutel `gemeentes`; bedoelde je `gemeenten`?"




def test_missing_required_key_at_top_level_is_reported_at_the_mapping(edit) -> None:
    edit.replace(A, "naam: Regio alfa\n", "")
    error = edit.only_error()
    assert (error.line, error.col) == (2, 1)  # the top-level mapping starts on line 2 (after the comment)
    assert error.message == "verplicht veld `naam` ontbreekt"


def test_missing_required_key_in_a_nested_mapping(edit) -> None:
    edit.replace(A, "  bron: Jaarverslag\n", "")
    parent = edit.line_of(A, "kerngegevens:")
    error = edit.only_error()
    assert error.line == parent + 1 and error.col == 3  # the first line of the kerngegevens mapping
    assert error.message == "verplicht veld `bron` ontbreekt"


def test_missing_required_key_in_a_list_item(edit) -> None:
    line = edit.replace(A, "  - naam: Zorggroep alfa\n    type: zorggroep\n", "  - naam: Zorggroep alfa\n")
    error = edit.only_error()
    assert (error.line, error.col) == (line, 5)
    assert error.message == "verplicht veld `type` ontbreekt"


# --- YAML 1.1 surprises ---------------------------------------------------------------


def test_quoted_yes_is_text(edit) -> None:
    edit.replace(A, "rechtsvorm: coöperatie", 'rechtsvorm: "yes"')
    assert edit.errors() == []


def test_leap_day_is_a_real_date(edit) -> None:
    edit.replace(A, "peildatum: 2025-01-01", "peildatum: 2024-02-29")
    assert edit.errors() == []


# --- ids and references ----------------------------------------------------------------


def test_index_is_not_a_region_or_practice_id(edit, expect) -> None:
    """regios/index and goede-voorbeelden/index are the overview pages: such an id would replace them."""
    text = edit.text(A).replace("id: alfa\n", "id: index\n").replace("id: alfa-voorbeeld", "id: index")
    edit.write("regions/index.yaml", text)
    (edit.root / A).unlink()
    diagnostics = edit.errors()
    expect(diagnostics, "regions/index.yaml", edit.line_of("regions/index.yaml", "id: index"), "de id `index` is gereserveerd (de overzichtspagina regios/index)")
    expect(diagnostics, "regions/index.yaml", edit.line_of("regions/index.yaml", "id: index", 2), "gereserveerd (de overzichtspagina goede-voorbeelden/index)")
    assert len(diagnostics) == 2


def test_good_practice_id_is_unique_site_wide(edit) -> None:
    edit.replace(B, "gemeenten:", "# een regel extra, zodat de regelnummers verschillen\ngemeenten:")
    line = edit.replace(B, "id: beta-voorbeeld", "id: alfa-voorbeeld")
    other = edit.line_of(A, "id: alfa-voorbeeld")
    assert line != other
    error = edit.only_error(B)
    assert (error.line, error.col) == (line, 9)
    assert f"goed-voorbeeld-id `alfa-voorbeeld` bestaat al in regions/alfa.yaml:{other}" in error.message


def test_good_practice_id_is_unique_within_a_file(edit) -> None:
    text = edit.text(A)
    practice = text[text.index("  - id: alfa-voorbeeld") :]
    edit.write(A, text + practice)
    first = edit.line_of(A, "id: alfa-voorbeeld")
    second = edit.line_of(A, "id: alfa-voorbeeld", occurrence=2)
    error = edit.only_error()
    assert error.line == second
    assert f"bestaat al in regions/alfa.yaml:{first}" in error.message


def test_unknown_bouwsteen_in_a_zelfevaluatie(edit) -> None:
    edit.replace(A, "status: vastgesteld", "status: concept")  # a concept may leave out regiovisie
    line = edit.replace(A, "      regiovisie:", "      regiovsie:")
    error = edit.only_error()
    assert (error.line, error.col) == (line, 7)
    assert error.message == "onbekende bouwsteen `regiovsie`; bedoelde je `regiovisie`?"


def test_unknown_bouwsteen_file(edit) -> None:
    path = "bouwstenen/extra.yaml"
    edit.write(path, edit.text("bouwstenen/regiovisie.yaml").replace("id: regiovisie", "id: extra").replace("volgorde: 1", "volgorde: 7"))
    error = edit.only_error(path)
    assert error.line == 2
    assert "onbekende bouwsteen `extra`" in error.message


def test_vastgesteld_zelfevaluatie_must_cover_every_bouwsteen(edit) -> None:
    block = "      ontzorging:\n        niveau: 2\n        toelichting: Toelichting bij ontzorging.\n"
    edit.replace(A, block + "        bewijs:\n          - titel: Regioplan\n            url: https://example.org/ontzorging\n", "")
    mapping = edit.line_of(A, "      regiovisie:")  # first line of the first zelfevaluatie's bouwstenen
    error = edit.only_error()
    assert (error.line, error.col) == (mapping, 7)
    assert "een vastgestelde zelfevaluatie beschrijft alle zes bouwstenen; ontbreekt: ontzorging" in error.message


def test_concept_zelfevaluatie_may_be_partial(edit) -> None:
    block = "      ontzorging:\n        niveau: 2\n        toelichting: Toelichting bij ontzorging.\n"
    edit.replace(A, block + "        bewijs:\n          - titel: Regioplan\n            url: https://example.org/ontzorging\n", "")
    edit.replace(A, "status: vastgesteld", "status: concept")
    assert edit.errors() == []


# --- the scale ----------------------------------------------------------------------


@pytest.mark.parametrize("level", [0, 6, 100])
def test_ambitie_out_of_range_has_one_message(edit, level: int) -> None:
    line = _add_ambitie(edit, level)
    error = edit.only_error()
    assert (error.line, error.message) == (line, f"ambitieniveau {level} staat niet op de schaal (1 t/m 5)")


def _add_ambitie(edit, niveau: int) -> int:
    """Give regiovisie in alfa's 2025 zelfevaluatie (level 3) an ambitie; return the ambitie's niveau line."""
    old = "        niveau: 3\n        toelichting: Toelichting bij regiovisie.\n"
    line = edit.replace(A, old, old + f"        ambitie:\n          niveau: {niveau}\n          jaar: 2027\n")
    return line + 3


def test_ambitie_below_the_current_niveau(edit) -> None:
    line = _add_ambitie(edit, 2)
    error = edit.only_error()
    assert (error.line, error.col) == (line, 19)
    assert "ambitieniveau 2 is lager dan het huidige niveau 3" in error.message


def test_ambitie_off_the_scale(edit) -> None:
    line = _add_ambitie(edit, 7)
    error = edit.only_error()
    assert error.line == line
    assert "ambitieniveau 7 staat niet op de schaal (1 t/m 5)" in error.message


def test_ambitie_year_before_its_own_zelfevaluatie(edit) -> None:
    """An ambition that was already in the past when it was written (the evaluation is of 2025)."""
    line = _add_ambitie(edit, 4)
    edit.replace(A, "          jaar: 2027\n", "          jaar: 2024\n")
    error = edit.only_error()
    assert (error.line, error.col) == (line + 1, 17)
    assert error.message == (
        "ambitiejaar 2024 ligt vóór het jaar van deze zelfevaluatie (2025); "
        "een ambitie ligt in de toekomst: kies 2025 of later"
    )


def test_ambitie_in_the_year_of_the_zelfevaluatie_is_fine(edit) -> None:
    _add_ambitie(edit, 4)
    edit.replace(A, "          jaar: 2027\n", "          jaar: 2025\n")
    assert edit.errors() == []


@pytest.mark.parametrize(
    "key,alfa,beta,label",
    [
        ("naam", "naam: Regio alfa", "naam: Regio alfa", "naam"),
        ("naam", "naam: Regio alfa", "naam: '  regio   ALFA '", "naam"),
        ("korte_naam", "korte_naam: ALFA", "korte_naam: alfa", "korte naam"),
    ],
)
def test_two_regions_with_the_same_name(edit, expect, key: str, alfa: str, beta: str, label: str) -> None:
    """Visitors could not tell them apart: an error in both files, each naming the other's line."""
    B = "regions/beta.yaml"
    b_line = edit.replace(B, f"{key}: " + ("Regio beta" if key == "naam" else "BETA"), beta)
    a_line = edit.line_of(A, alfa)
    errors = edit.errors()
    assert len(errors) == 2, errors
    expect(errors, A, a_line, f"heeft ook {B}:{b_line}; bezoekers kunnen de regio's dan niet uit elkaar houden")
    expect(errors, B, b_line, f"heeft ook {A}:{a_line}")
    assert all(e.message.startswith(f"de {label} `") for e in errors)


def test_the_same_name_is_found_also_when_the_file_has_other_errors(edit, expect) -> None:
    B = "regions/beta.yaml"
    line = edit.replace(B, "naam: Regio beta", "naam: Regio alfa")
    edit.replace(B, "huisartsen: 100", "huisartsen: veel")
    expect(edit.errors(), B, line, "heeft ook regions/alfa.yaml:3")


@pytest.mark.parametrize("value", ["jan.de-vries@huisartsen-noord.nl", "info@zorggroep.amsterdam", "zorg@münchen.de"])
def test_valid_email_addresses(edit, value: str) -> None:
    edit.replace(A, "email: info@example.org", f"email: {value}")
    assert edit.errors() == []


@pytest.mark.parametrize("level", [3, 5])
def test_ambitie_at_or_above_the_current_niveau_is_fine(edit, level: int) -> None:
    _add_ambitie(edit, level)
    assert edit.errors() == []


def test_bouwsteen_niveaus_must_cover_the_scale(edit) -> None:
    path = "bouwstenen/ontzorging.yaml"
    edit.replace(path, "  - niveau: 5\n    tekst: Niveau 5 van ontzorging.\n", "")
    error = edit.only_error(path)
    assert error.line == edit.line_of(path, "  - niveau: 1")
    assert error.message == "beschrijving ontbreekt voor niveau 5"


def test_bouwsteen_niveau_not_on_the_scale(edit, expect) -> None:
    path = "bouwstenen/ontzorging.yaml"
    line = edit.replace(path, "  - niveau: 5\n", "  - niveau: 6\n")
    errors = edit.errors()
    expect(errors, path, line, "niveau 6 staat niet op de schaal (1 t/m 5)")
    expect(errors, path, edit.line_of(path, "  - niveau: 1"), "beschrijving ontbreekt voor niveau 5")
    assert len(errors) == 2


def test_schaal_must_be_numbered_in_order(edit, expect) -> None:
    path = "bouwstenen/schaal.yaml"
    edit.replace(path, "  - niveau: 1\n", "  - niveau: 9\n")
    edit.replace(path, "  - niveau: 2\n", "  - niveau: 1\n")
    edit.replace(path, "  - niveau: 9\n", "  - niveau: 2\n")
    error = edit.only_error(path)
    assert error.line == 3  # the list of niveaus
    assert "de niveaus moeten oplopend genummerd zijn vanaf 1 (1, 2, 3, 4, 5); gevonden: 2, 1, 3, 4, 5" in error.message


def test_schaal_has_at_most_five_levels(edit) -> None:
    """The programme's scale is 1-5; the charts and the map have a colour for each of those."""
    path = "bouwstenen/schaal.yaml"
    edit.write(path, edit.text(path) + "  - niveau: 6\n    naam: Verder\n    betekenis: Nog verder.\n")
    error = edit.only_error(path)
    assert error.line == 3
    assert "maximaal 5" in error.message


def test_schaal_with_a_gap(edit, expect) -> None:
    path = "bouwstenen/schaal.yaml"
    edit.replace(path, "  - niveau: 5\n", "  - niveau: 6\n")
    errors = edit.errors()
    error = expect(errors, path, 3, "de niveaus moeten oplopend genummerd zijn vanaf 1 (1, 2, 3, 4, 5)")
    assert "gevonden: 1, 2, 3, 4, 6" in error.message


def test_missing_schaal(edit) -> None:
    (edit.root / "bouwstenen" / "schaal.yaml").unlink()
    result = edit.validate()
    assert [(e.path, e.line) for e in result.errors] == [("bouwstenen/schaal.yaml", 0)]
    assert "de schaal ontbreekt" in result.errors[0].message
    assert result.dataset is None


def test_missing_bouwsteen_file(edit) -> None:
    (edit.root / "bouwstenen" / "ontzorging.yaml").unlink()
    error = edit.only_error("bouwstenen")
    assert error.line == 0
    assert error.message == "bouwsteen `ontzorging` ontbreekt: maak bouwstenen/ontzorging.yaml"


# --- dates ----------------------------------------------------------------------------


def test_future_dates_are_measured_against_today(edit, expect) -> None:
    today = dt.date(2025, 2, 28)
    errors = edit.errors(today=today)
    for path in (A, B):
        line = edit.line_of(path, "datum: 2025-03-01")
        error = expect(errors, path, line, "datum 2025-03-01 ligt in de toekomst (vandaag is 2025-02-28)")
        assert error.col == 12
    assert len(errors) == 2
    # a date on the day itself is not in the future
    assert edit.errors(today=dt.date(2025, 3, 1)) == []


# --- URLs -------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["http://example.org", "https://example.org/pad?q=1#x", "mailto:info@example.org"])
def test_good_urls(edit, url: str) -> None:
    edit.replace(A, "website: https://example.org/alfa", f"website: {url}")
    assert edit.errors() == []


# --- gemeenten ------------------------------------------------------------------------


def test_file_with_errors_still_gets_the_gemeente_and_date_rules(edit, expect) -> None:
    """One run reports all problems: a wrong type does not hide a gemeente that another
    region has too (reported in both files), nor a date in the future."""
    b_line = edit.line_of("regions/beta.yaml", "gemeenten:")
    a_line = edit.replace(A, "gemeenten: [GM0828", "gemeenten: [GM0268, GM0828")  # GM0268 is beta's
    edit.replace(A, "korte_naam: ALFA", "korte_naam: [ALFA]")
    future = edit.replace(A, "peildatum: 2025-01-01", "peildatum: 2099-01-01")
    diagnostics = edit.errors()
    expect(diagnostics, A, a_line, "gemeente GM0268 hoort ook bij regions/beta.yaml")
    expect(diagnostics, "regions/beta.yaml", b_line, "gemeente GM0268 hoort ook bij regions/alfa.yaml")
    expect(diagnostics, A, future, "datum 2099-01-01 ligt in de toekomst")
    expect(diagnostics, A, edit.line_of(A, "korte_naam:"), "tekst")
    assert len(diagnostics) == 4


def test_unknown_gemeente_is_reported_also_when_other_fields_have_errors(edit, geo) -> None:
    """One run reports all problems: a wrong type elsewhere in the file does not hide the
    unknown gemeente code (the gemeente checks then run on the file's raw list)."""
    code_line = edit.replace(A, "GM0828", "GM9999")
    type_line = edit.replace(A, "korte_naam: ALFA", "korte_naam: [ALFA]")
    messages = {(e.line, e.message.split(";")[0]) for e in edit.errors(geo=geo)}
    assert (code_line, "gemeentecode GM9999 bestaat niet in de CBS-indeling 2025") in messages
    assert any(line == type_line for line, _message in messages)
    assert len(messages) == 2


def test_gemeente_existence_is_not_checked_without_geodata_and_says_so(edit, monkeypatch, tmp_path) -> None:
    edit.replace(A, "GM0828", "GM9999")
    assert edit.errors() == []
    monkeypatch.delenv("HHZ_GEO_DIR", raising=False)
    monkeypatch.setattr(geo_module, "user_cache_geo_dir", lambda year=2025: tmp_path / "geen-cache")
    project = open_project(edit.root, None)
    result, extra = run_validation(project)
    assert project.geo is None
    assert result.errors == []
    assert len(extra) == 1
    assert extra[0].severity == "waarschuwing"
    assert "het bestaan van gemeentecodes is niet gecontroleerd" in extra[0].message


def test_same_gemeente_in_two_regions_reports_both_files_and_lines(edit, expect, geo) -> None:
    edit.replace(B, "gemeenten:", "# een regel extra, zodat de regelnummers verschillen\ngemeenten:")
    beta_line = edit.replace(B, "gemeenten: [GM0268]", "gemeenten: [GM0268, GM1948]")
    edit.replace(B, "provincies: [Gelderland]", "provincies: [Gelderland, Noord-Brabant]")  # GM1948's
    alfa_line = edit.line_of(A, "GM1948")
    assert (alfa_line, beta_line) == (9, 10)
    errors = edit.errors(geo=geo)
    assert len(errors) == 2
    in_alfa = expect(errors, A, alfa_line, f"gemeente GM1948 (Meierijstad) hoort ook bij regions/beta.yaml:{beta_line}")
    in_beta = expect(errors, B, beta_line, f"gemeente GM1948 (Meierijstad) hoort ook bij regions/alfa.yaml:{alfa_line}")
    assert in_alfa.col == in_beta.col == 21


def test_same_gemeente_in_two_regions_without_geodata(edit, expect) -> None:
    line = edit.replace(B, "gemeenten: [GM0268]", "gemeenten: [GM0828]")
    errors = edit.errors()
    expect(errors, A, 9, f"gemeente GM0828 hoort ook bij regions/beta.yaml:{line}")
    expect(errors, B, line, "gemeente GM0828 hoort ook bij regions/alfa.yaml:9")
    assert len(errors) == 2


# --- files ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, text",
    [
        ("mijn regio.yaml", "ongeldige bestandsnaam"),
        ("één.yaml", "ongeldige bestandsnaam"),
        ("Alfa.yaml", "ongeldige bestandsnaam"),
        ("alfa.YAML", "ongeldige bestandsnaam"),
        ("alfa\n.yaml", "ongeldige bestandsnaam"),
        ("alfa.yml", "gebruik de extensie .yaml in plaats van .yml"),
    ],
)
def test_bad_file_names(edit, name: str, text: str) -> None:
    (edit.root / A).rename(edit.root / "regions" / name)
    error = edit.only_error(f"regions/{name}")
    assert (error.line, error.col) == (1, 1)  # the whole file: at its start, so PRs show it
    assert text in error.message


def test_other_files_in_the_folder_are_ignored(edit) -> None:
    edit.write("regions/LEESMIJ.md", "# uitleg\n")
    edit.write("regions/.gitkeep", "")
    assert edit.errors() == []


def test_directory_named_like_a_yaml_file(edit) -> None:
    (edit.root / "regions" / "gamma.yaml").mkdir()
    error = edit.only_error("regions/gamma.yaml")
    assert "geen gewoon bestand" in error.message


def _symlink(link: Path, target: Path) -> None:
    try:
        link.symlink_to(target, target_is_directory=target.is_dir())
    except (OSError, NotImplementedError):  # pragma: no cover - e.g. Windows without rights
        pytest.skip("symbolische links worden hier niet ondersteund")


def test_symlink_pointing_outside_the_project_is_refused(edit, tmp_path) -> None:
    outside = tmp_path / "buiten" / "gamma.yaml"
    outside.parent.mkdir()
    outside.write_text(region_yaml("gamma", ["GM0014"]), encoding="utf-8")
    _symlink(edit.root / "regions" / "gamma.yaml", outside)
    result = edit.validate()
    assert [(e.path, e.line) for e in result.errors] == [("regions/gamma.yaml", 1)]
    assert "symbolische link naar een bestand buiten de repository" in result.errors[0].message
    assert result.dataset is None


@pytest.mark.skipif(os.name != "posix", reason="/etc/passwd bestaat alleen op POSIX")
def test_symlink_to_a_secret_file_is_refused_unread(edit) -> None:
    _symlink(edit.root / "regions" / "gamma.yaml", Path("/etc/passwd"))
    error = edit.only_error("regions/gamma.yaml")
    assert "buiten de repository" in error.message


def test_regions_folder_that_is_a_symlink_outside_the_project_is_refused(edit, tmp_path) -> None:
    outside = tmp_path / "buiten"
    outside.mkdir()
    for name in ("alfa", "beta"):
        (edit.root / "regions" / f"{name}.yaml").rename(outside / f"{name}.yaml")
    (edit.root / "regions").rmdir()
    _symlink(edit.root / "regions", outside)
    errors = edit.errors()
    assert [(e.path, e.line) for e in errors] == [("regions/alfa.yaml", 1), ("regions/beta.yaml", 1)]
    assert all("buiten de repository" in e.message for e in errors)


def test_symlink_inside_the_project_is_allowed(edit) -> None:
    inside = edit.write("gedeeld/gamma.yaml", region_yaml("gamma", ["GM0014"]))
    _symlink(edit.root / "regions" / "gamma.yaml", inside)
    result = edit.validate()
    assert result.errors == []
    assert [r.id for r in result.dataset.regions] == ["alfa", "beta", "gamma"]


def test_missing_regions_folder(edit) -> None:
    for path in (edit.root / "regions").iterdir():
        path.unlink()
    (edit.root / "regions").rmdir()
    error = edit.only_error("regions")
    assert "de map `regions/` ontbreekt" in error.message


def test_an_unknown_provincie_still_lists_the_twelve(edit) -> None:
    edit.replace(A, "provincies: [Noord-Brabant]", "provincies: [Vlaanderen]")
    message = edit.only_error().message
    assert message.startswith("ongeldige waarde `Vlaanderen` voor `provincies`; kies uit: Groningen, Fryslân, Drenthe")
    assert message.endswith("Noord-Brabant of Limburg")


# --- one edit, one error: the table -------------------------------------------------------
# Each case replaces ``old`` by ``new`` in ``path`` (the first occurrence) and expects exactly
# one error, in that file, on the line where ``new`` starts (plus ``below``), at column ``col``
# when given, whose message is ``message`` (``exact``) or contains each of ``parts``.


@dataclass(frozen=True)
class Case:
    id: str
    old: str
    new: str
    parts: tuple[str, ...]
    col: int | None = None
    exact: bool = False
    path: str = A
    below: int = 0
    geo: bool = False  # with the reference geodata (skipped without it)


def case(id: str, old: str, new: str, *parts: str, **options) -> Case:
    return Case(id, old, new, parts, **options)


NIVEAU = "        niveau: 2\n"
ONE_EDIT_ONE_ERROR = [
    # keys and types (strict model)
    case("unknown_nested_key_suggests_the_nearest_key", "  huisartsen: 100", "  huisarts: 100",
         "onbekende sleutel `huisarts`; bedoelde je `huisartsen`?", col=3),
    case("unknown_key_without_a_near_match_lists_the_allowed_keys", "contact:\n  email: info@example.org",
         "contact:\n  fax: 0123", "onbekende sleutel `fax`; toegestaan zijn: adres, email, telefoon", below=1),
    case("wrong_type_text_for_a_number", NIVEAU, '        niveau: "drie"\n',
         "`drie` is geen getal; schrijf een getal van 1 tot 5, bijvoorbeeld 3", col=17, exact=True),
    case("strict_mode_refuses_a_quoted_number", NIVEAU, '        niveau: "2"\n',
         "hier hoort een geheel getal zonder aanhalingstekens"),
    case("strict_mode_refuses_a_number_for_text", "korte_naam: ALFA", "korte_naam: 1234",
         'hier hoort tekst, maar `1234` is een getal; zet het tussen aanhalingstekens: "1234"'),
    case("decimal_number_in_an_int_field", "huisartsen: 100", "huisartsen: 100.5",
         "`100.5` heeft decimalen; schrijf een geheel getal"),
    case("value_not_in_the_list_of_choices", "type: zorggroep", "type: ziekenhuis",
         "ongeldige waarde `ziekenhuis` voor `type`; kies uit:"),
    case("empty_value_for_a_mapping", "regioplan:\n  status: openbaar\n  jaar: 2024\n", "regioplan:\n",
         "`regioplan` moet een mapping zijn (sleutel: waarde), niet leeg", col=11),  # just after `regioplan:`
    case("invalid_id", "id: alfa-voorbeeld", "id: Alfa_Voorbeeld", "ongeldige id `Alfa_Voorbeeld`"),
    # YAML 1.1 surprises
    *[
        case(f"unquoted_yaml11_boolean_where_text_is_expected[{word}]", "rechtsvorm: coöperatie", f"rechtsvorm: {word}",
             f"`{word}` zonder aanhalingstekens leest YAML 1.1 als ja/nee", f'zet het tussen aanhalingstekens: "{word}"', col=15)
        for word in ["yes", "no", "on", "off", "No"]
    ],
    case("yaml11_boolean_where_a_choice_is_expected", "status: openbaar", "status: no",
         "`no` zonder aanhalingstekens leest YAML 1.1 als ja/nee"),
    case("yes_in_a_bool_field", "voorbeeld: true", "voorbeeld: yes",
         "`yes` is dubbelzinnig in YAML; schrijf true of false", col=16),
    case("date_where_text_is_expected", "korte_naam: ALFA", "korte_naam: 2024-01-01",
         "hier hoort tekst, maar YAML leest `2024-01-01` als datum", 'zet het tussen aanhalingstekens: "2024-01-01"'),
    case("impossible_date", "peildatum: 2025-01-01", "peildatum: 2024-02-30", "`2024-02-30` is geen bestaande datum", col=14),
    *[
        case(f"special_float_in_an_int_field[{value[:8]}]", "huisartsen: 100", f"huisartsen: {value}",
             f"`{value[:60]}", "is geen geldig getal; schrijf een geheel getal")
        for value in [".nan", ".inf", "-.Inf", "9" * 5000]
    ],
    case("quoted_date_in_a_date_field", "peildatum: 2025-01-01", 'peildatum: "2025-01-01"',
         "hier hoort een datum zonder aanhalingstekens (JJJJ-MM-DD), niet tekst `2025-01-01`"),
    # ids and references
    case("region_id_must_equal_the_file_name", "id: alfa\n", "id: gamma\n",
         "`id` is `gamma` maar het bestand heet `alfa.yaml`", col=5),
    case("bouwsteen_id_must_equal_the_file_name", "id: arbeidsmarkt", "id: arbeid",
         "`id` is `arbeid` maar het bestand heet `arbeidsmarkt.yaml`", path="bouwstenen/arbeidsmarkt.yaml"),
    case("unknown_bouwsteen_in_a_good_practice", "bouwstenen: [regiovisie]", "bouwstenen: [arbeidsmarkt, regiovisi]",
         "onbekende bouwsteen `regiovisi`; bedoelde je `regiovisie`?", col=len("    bouwstenen: [arbeidsmarkt, ") + 1, exact=True),
    case("unknown_bouwsteen_without_a_near_match_lists_the_choices", "bouwstenen: [regiovisie]", "bouwstenen: [xyz]",
         "onbekende bouwsteen `xyz`; kies uit: arbeidsmarkt, informatiebeleid"),
    # the scale
    *[
        case(f"niveau_off_the_scale[{level}]", NIVEAU, f"        niveau: {level}\n",
             f"niveau {level} staat niet op de schaal (1 t/m 5)", col=17, exact=True)
        for level in [6, 7, 99]
    ],
    *[  # beyond the model's bounds: the same message as a level just off the scale
        case(f"niveau_out_of_range[{level}]", NIVEAU, f"        niveau: {level}\n",
             f"niveau {level} staat niet op de schaal (1 t/m 5)", exact=True)
        for level in [0, -3, 100, 1000]
    ],
    *[
        case(f"group_score_out_of_range_has_one_message[{level}]", NIVEAU,
             f"        scores: {{huisartsen: 2, bestuur: {level}}}\n" + NIVEAU,
             f"de score {level} van groep `bestuur` staat niet op de schaal (1 t/m 5)", exact=True)
        for level in [0, 6, 100]
    ],
    *[
        case(f"email_syntax[{index}]", "email: info@example.org", f"email: {value}", message)
        for index, (value, message) in enumerate([
            ("|\n    info@example.org", "eindigt met een spatie of regeleinde (staat het in een `|`-blok?)"),
            ("mailto:info@example.org", "zonder `mailto:` ervoor: info@example.org"),
            ("info@@example.org", "ongeldig e-mailadres `info@@example.org`; schrijf het als naam@organisatie.nl"),
            ("info@example", "ongeldig e-mailadres `info@example`"),
            ("in fo@example.org", "ongeldig e-mailadres"),
            ("info@exa_mple.org", "ongeldig e-mailadres"),
            ("'\"info\"@example.org'", "ongeldig e-mailadres"),
        ])
    ],
    case("bouwsteen_volgorde_is_unique", "volgorde: 2", "volgorde: 1",
         "volgorde 1 wordt ook gebruikt in bouwstenen/regiovisie.yaml", path="bouwstenen/samenwerkingsafspraken.yaml"),
    case("criterium_id_is_unique", "id: tweede", "id: eerste", "criterium-id `eerste` komt twee keer voor",
         path="bouwstenen/regiovisie.yaml"),
    # dates
    case("date_in_the_far_future", "peildatum: 2025-01-01", "peildatum: 2999-01-01", "datum 2999-01-01 ligt in de toekomst"),
    case("good_practice_date_in_the_future", "datum: 2024-06-01", "datum: 2999-06-01", "ligt in de toekomst"),
    case("two_zelfevaluaties_on_the_same_date", "datum: 2025-03-01", "datum: 2024-03-01",
         "er is al een zelfevaluatie op 2024-03-01", col=12),
    # URLs
    *[
        case(f"only_http_and_mailto_urls[{url[:20]}]", "website: https://example.org/alfa", f"website: '{url}'",
             f"ongeldige URL `{url}`; alleen https://…, http://… of mailto:… is toegestaan", col=10)
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(document.cookie)",
            "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
            "ftp://example.org/bestand",
            "//example.org/zonder-schema",
            "https://",
            "mailto:geen-adres",
        ]
    ],
    case("url_in_evidence_and_links_is_checked_too", "url: https://example.org/informatiebeleid",
         "url: 'javascript:alert(1)'", "ongeldige URL `javascript:alert(1)`", col=18),
    case("url_with_a_space", "website: https://example.org/alfa", "website: https://example.org/a lfa",
         "een URL mag geen spaties of stuurtekens bevatten"),
    # gemeenten
    *[
        case(f"gemeente_code_format[{code}]", "GM0828", code,
             f"ongeldige gemeentecode `{code}`; schrijf GM gevolgd door vier cijfers", col=13)
        for code in ["GM12", "gm0828", "GM08280", "0828"]
    ],
    case("gemeente_code_not_in_the_reference_list", "GM0828", "GM9999",
         "gemeentecode GM9999 bestaat niet in de CBS-indeling 2025", col=13, geo=True),
    case("gemeente_twice_in_one_region", "gemeenten: [GM0268]", "gemeenten: [GM0268, GM0268]",
         "gemeente GM0268 staat twee keer in de lijst", col=21, path=B),
    *[
        case(f"a_provincie_spelled_another_way_gets_the_official_name[{written}]", "provincies: [Noord-Brabant]",
             f"provincies: [Noord-Brabant, {written}]",
             f"ongeldige waarde `{written}` voor `provincies`; bedoelde je {meant}?", exact=True)
        for written, meant in [("Friesland", "Fryslân"), ("Fryslan", "Fryslân"), ("fryslân", "Fryslân"),
                               ("Noord Brabant", "Noord-Brabant"), ("Brabant", "Noord-Brabant"),
                               ("Holland", "Noord-Holland of Zuid-Holland")]
    ],
]


@pytest.mark.parametrize("case", ONE_EDIT_ONE_ERROR, ids=lambda c: c.id)
def test_one_edit_gives_one_error(edit, request, case: Case) -> None:
    geo = request.getfixturevalue("geo") if case.geo else None
    line = edit.replace(case.path, case.old, case.new)
    error = edit.only_error(case.path, geo=geo)
    assert error.line == line + case.below
    if case.col is not None:
        assert error.col == case.col
    if case.exact:
        assert (error.message,) == case.parts
    else:
        missing = [part for part in case.parts if part not in error.message]
        assert missing == [], error.message

