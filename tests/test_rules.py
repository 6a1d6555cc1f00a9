"""The rule book (hhz/validate/rules.py): every listed rule has a case that makes it fail.

``CASES`` maps each rule's name to one edit of the valid project and the diagnostic it
must give (file, line, part of the message). Each case is checked twice: with the rule the
diagnostic is there, exactly once; with only that rule taken out of its list it is gone,
so the case really is that rule's. A rule added to a list without a case here fails
``test_every_rule_has_a_failing_case``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, NamedTuple

import pytest

from hhz.vocabulary import PLACEHOLDER
from hhz.validate import files, rules
from hhz.validate.rules import RULE_BOOK
from projectfactory import region_yaml

if TYPE_CHECKING:
    from conftest import Editor

A = "regions/alfa.yaml"
B = "regions/beta.yaml"
ONTZORGING = "bouwstenen/ontzorging.yaml"
SCHAAL = "bouwstenen/schaal.yaml"


class Case(NamedTuple):
    path: str
    make: Callable[[Editor], int]  # breaks the project; returns the line of the diagnostic
    text: str  # part of its message
    geo: bool = False  # needs the CBS geodata


def rename(e: Editor, old: str, new: str) -> int:
    (e.root / old).rename(e.root / new)
    return 1  # file rules report at the start of the file


def outside_link(e: Editor) -> int:
    outside = e.root.parent / "buiten" / "gamma.yaml"
    outside.parent.mkdir()
    outside.write_text(region_yaml("gamma", ["GM0014"]), encoding="utf-8")
    (e.root / "regions" / "gamma.yaml").symlink_to(outside)
    return 1


def folder_named_yaml(e: Editor) -> int:
    (e.root / "regions" / "gamma.yaml").mkdir()
    return 1


def remove(e: Editor, rel: str) -> int:
    path = e.root / rel
    if path.is_dir():
        for child in path.iterdir():
            child.unlink()
        path.rmdir()
    else:
        path.unlink()
    return 0  # about a file or folder that is not there: no line


def schaal_with_a_gap(e: Editor) -> int:
    e.replace(SCHAAL, "  - niveau: 5\n", "  - niveau: 6\n")
    return e.line_of(SCHAAL, "  - niveau: 1")  # the list of niveaus


def without_level_5(e: Editor) -> int:
    e.replace(ONTZORGING, "  - niveau: 5\n    tekst: Niveau 5 van ontzorging.\n", "")
    return e.line_of(ONTZORGING, "  - niveau: 1")


def reserved_region_id(e: Editor) -> int:
    e.write("regions/index.yaml", e.text(A).replace("id: alfa\n", "id: index\n"))
    (e.root / A).unlink()
    return e.line_of("regions/index.yaml", "id: index")


def add_ambitie(e: Editor, niveau: int, jaar: int = 2027) -> int:
    """An ambitie for regiovisie in alfa's 2025 zelfevaluatie (niveau 3); returns the line of its niveau."""
    old = "        niveau: 3\n        toelichting: Toelichting bij regiovisie.\n"
    return e.replace(A, old, old + f"        ambitie:\n          niveau: {niveau}\n          jaar: {jaar}\n") + 3


def without_ontzorging(e: Editor) -> int:
    block = "      ontzorging:\n        niveau: 2\n        toelichting: Toelichting bij ontzorging.\n"
    e.replace(A, block + "        bewijs:\n          - titel: Regioplan\n            url: https://example.org/ontzorging\n", "")
    return e.line_of(A, "      regiovisie:")


def unknown_scored_bouwsteen(e: Editor) -> int:
    e.replace(A, "status: vastgesteld", "status: concept")  # a concept may leave out regiovisie
    return e.replace(A, "      regiovisie:", "      regiovsie:")


REGIOVISIE_2025 = "        niveau: 3\n        toelichting: Toelichting bij regiovisie.\n"


def group_scores(e: Editor, scores: str, keep_niveau: bool = True) -> int:
    """Scores per groep on regiovisie in alfa's 2025 zelfevaluatie; returns the line of `scores`."""
    new = (REGIOVISIE_2025 if keep_niveau else REGIOVISIE_2025.replace("        niveau: 3\n", ""))
    return e.replace(A, REGIOVISIE_2025, f"        scores: {scores}\n" + new)


def level_4_without_bewijs(e: Editor) -> int:
    bewijs = "        bewijs:\n          - titel: Regioplan\n            url: https://example.org/regiovisie\n"
    return e.replace(A, REGIOVISIE_2025 + bewijs, REGIOVISIE_2025.replace("niveau: 3", "niveau: 4"))


def getoetst(e: Editor, datum: str) -> int:
    """A toetsing of alfa's 2025 zelfevaluatie (2025-03-01); returns the line of its datum."""
    old = "    deelnemers: [Bestuur, Regioraad]\n"
    return e.replace(A, old, old + f"    getoetst:\n      door: InEen, programmateam\n      datum: {datum}\n") + 3


def extra_bouwsteen(e: Editor) -> int:
    text = e.text("bouwstenen/regiovisie.yaml").replace("id: regiovisie", "id: extra").replace("volgorde: 1", "volgorde: 7")
    e.write("bouwstenen/extra.yaml", text)
    return e.line_of("bouwstenen/extra.yaml", "id: extra")


CASES: dict[str, Case] = {
    # FILE_RULES
    "yaml-extension": Case("regions/alfa.yml", lambda e: rename(e, A, "regions/alfa.yml"), "gebruik de extensie .yaml"),
    "inside-project": Case("regions/gamma.yaml", outside_link, "symbolische link naar een bestand buiten de repository"),
    "regular-file": Case("regions/gamma.yaml", folder_named_yaml, "geen gewoon bestand"),
    "file-name": Case("regions/Alfa.yaml", lambda e: rename(e, A, "regions/Alfa.yaml"), "ongeldige bestandsnaam"),
    # SCHAAL_RULES
    "schaal-numbered": Case(SCHAAL, schaal_with_a_gap, "de niveaus moeten oplopend genummerd zijn vanaf 1"),
    # BOUWSTEEN_RULES
    "bouwsteen-id-is-file-name": Case(
        "bouwstenen/arbeidsmarkt.yaml",
        lambda e: e.replace("bouwstenen/arbeidsmarkt.yaml", "id: arbeidsmarkt", "id: arbeid"),
        "`id` is `arbeid` maar het bestand heet `arbeidsmarkt.yaml`",
    ),
    "bouwsteen-niveau-on-scale": Case(
        ONTZORGING, lambda e: e.replace(ONTZORGING, "  - niveau: 5\n", "  - niveau: 6\n"), "niveau 6 staat niet op de schaal (1 t/m 5)"
    ),
    "bouwsteen-niveau-once": Case(
        ONTZORGING, lambda e: e.replace(ONTZORGING, "  - niveau: 5\n", "  - niveau: 4\n"), "niveau 4 staat er twee keer in"
    ),
    "bouwsteen-covers-scale": Case(ONTZORGING, without_level_5, "beschrijving ontbreekt voor niveau 5"),
    "criterium-id-unique": Case(
        "bouwstenen/regiovisie.yaml",
        lambda e: e.replace("bouwstenen/regiovisie.yaml", "id: tweede", "id: eerste"),
        "criterium-id `eerste` komt twee keer voor",
    ),
    # REGION_RAW_RULES
    "gemeente-once": Case(B, lambda e: e.replace(B, "[GM0268]", "[GM0268, GM0268]"), "gemeente GM0268 staat twee keer in de lijst"),
    "gemeente-known": Case(A, lambda e: e.replace(A, "GM0828", "GM9999"), "gemeentecode GM9999 bestaat niet in de CBS-indeling", geo=True),
    "date-not-in-future": Case(
        A, lambda e: e.replace(A, "peildatum: 2025-01-01", "peildatum: 2999-01-01"), "datum 2999-01-01 ligt in de toekomst"
    ),
    "scores-need-niveau": Case(
        A,
        lambda e: group_scores(e, "{huisartsen: 3, bestuur: 4}", keep_niveau=False),
        "`scores` per groep zonder afgesproken `niveau`: vul bij deze bouwsteen ook `niveau` in",
    ),
    # REGION_RULES
    "region-id-is-file-name": Case(A, lambda e: e.replace(A, "id: alfa\n", "id: gamma\n"), "`id` is `gamma` maar het bestand heet `alfa.yaml`"),
    "region-id-not-reserved": Case("regions/index.yaml", reserved_region_id, "de overzichtspagina regios/index"),
    "region-has-gemeenten": Case(A, lambda e: e.replace(A, "[GM0828, GM1948]", "[]"), "nog geen gemeenten"),
    "provincies-match-gemeenten": Case(
        A,
        lambda e: e.replace(A, "provincies: [Noord-Brabant]", "provincies: [Limburg]"),
        "`provincies` mist Noord-Brabant: daar liggen de gemeenten GM0828 (Oss) en GM1948 (Meierijstad); "
        "zet Noord-Brabant bij `provincies`",
        geo=True,
    ),
    "region-filled-in": Case(
        A, lambda e: e.replace(A, "rechtsvorm: coöperatie", f"rechtsvorm: {PLACEHOLDER}"), "`rechtsvorm` is nog niet ingevuld"
    ),
    "evaluation-date-unique": Case(
        A, lambda e: e.replace(A, "datum: 2025-03-01", "datum: 2024-03-01"), "er is al een zelfevaluatie op 2024-03-01"
    ),
    "evaluation-complete": Case(A, without_ontzorging, "een vastgestelde zelfevaluatie beschrijft alle zes bouwstenen; ontbreekt: ontzorging"),
    "score-bouwsteen-known": Case(A, unknown_scored_bouwsteen, "onbekende bouwsteen `regiovsie`; bedoelde je `regiovisie`?"),
    "score-on-scale": Case(A, lambda e: e.replace(A, "        niveau: 2\n", "        niveau: 7\n"), "niveau 7 staat niet op de schaal"),
    "ambitie-on-scale": Case(A, lambda e: add_ambitie(e, 7), "ambitieniveau 7 staat niet op de schaal (1 t/m 5)"),
    "ambitie-not-below-niveau": Case(A, lambda e: add_ambitie(e, 2), "ambitieniveau 2 is lager dan het huidige niveau 3"),
    "ambitie-not-before-evaluation": Case(
        A, lambda e: add_ambitie(e, 4, jaar=2024) + 1, "ambitiejaar 2024 ligt vóór het jaar van deze zelfevaluatie (2025)"
    ),
    "score-group-known": Case(A, lambda e: group_scores(e, "{huisartsn: 3, bestuur: 4}"), "onbekende groep `huisartsn`; bedoelde je `huisartsen`?"),
    "group-score-on-scale": Case(
        A, lambda e: group_scores(e, "{huisartsen: 3, bestuur: 7}"), "de score 7 van groep `bestuur` staat niet op de schaal (1 t/m 5)"
    ),
    "niveau-within-scores": Case(
        A, lambda e: group_scores(e, "{huisartsen: 4, bestuur: 5}") + 1, "het afgesproken niveau 3 ligt buiten de scores van de groepen (4 t/m 5)"
    ),
    "high-level-has-bewijs": Case(A, level_4_without_bewijs, "niveau 4 zonder `bewijs`: voeg bij niveau 4 of hoger een document"),
    "getoetst-not-before-evaluation": Case(
        A, lambda e: getoetst(e, "2025-02-28"), "de toetsing (2025-02-28) ligt vóór de zelfevaluatie zelf (2025-03-01)"
    ),
    "practice-id-not-reserved": Case(
        A, lambda e: e.replace(A, "id: alfa-voorbeeld", "id: index"), "de overzichtspagina goede-voorbeelden/index"
    ),
    "practice-bouwsteen-known": Case(
        A, lambda e: e.replace(A, "bouwstenen: [regiovisie]", "bouwstenen: [regiovisi]"), "onbekende bouwsteen `regiovisi`; bedoelde je"
    ),
    # SITE_RULES
    "folders-exist": Case("regions", lambda e: remove(e, "regions"), "de map `regions/` ontbreekt"),
    "schaal-exists": Case(SCHAAL, lambda e: remove(e, SCHAAL), "de schaal ontbreekt: maak bouwstenen/schaal.yaml"),
    "bouwsteen-files-exist": Case("bouwstenen", lambda e: remove(e, ONTZORGING), "bouwsteen `ontzorging` ontbreekt"),
    "bouwsteen-known": Case("bouwstenen/extra.yaml", extra_bouwsteen, "onbekende bouwsteen `extra`; het programma kent er zes"),
    "volgorde-unique": Case(
        "bouwstenen/samenwerkingsafspraken.yaml",
        lambda e: e.replace("bouwstenen/samenwerkingsafspraken.yaml", "volgorde: 2", "volgorde: 1"),
        "volgorde 1 wordt ook gebruikt in bouwstenen/regiovisie.yaml",
    ),
    "gemeente-in-one-region": Case(B, lambda e: e.replace(B, "[GM0268]", "[GM0828]"), "gemeente GM0828 hoort ook bij regions/alfa.yaml:9"),
    "naam-unique": Case(B, lambda e: e.replace(B, "naam: Regio beta", "naam: Regio alfa"), "de naam `Regio alfa` heeft ook regions/alfa.yaml:3"),
    "korte-naam-unique": Case(
        B, lambda e: e.replace(B, "korte_naam: BETA", "korte_naam: alfa"), "de korte naam `alfa` heeft ook regions/alfa.yaml:4"
    ),
    "practice-id-unique": Case(
        B, lambda e: e.replace(B, "id: beta-voorbeeld", "id: alfa-voorbeeld"), "goed-voorbeeld-id `alfa-voorbeeld` bestaat al in regions/alfa.yaml"
    ),
    "text-xml-safe": Case(
        A, lambda e: e.replace(A, "naam: Regio alfa", 'naam: "Regio \\uFFFF alfa"'), "de tekst bevat het teken U+FFFF, een niet-teken"
    ),
}


def rule_names() -> list[str]:
    return [rule.name for listed in RULE_BOOK.values() for rule in listed]


def test_every_rule_has_a_failing_case() -> None:
    names = rule_names()
    assert len(names) == len(set(names)), "rule names are unique over all lists"
    assert set(CASES) == set(names), "a case in CASES for each rule of the rule book, and no others"


def test_every_rule_says_what_it_checks() -> None:
    for listed in RULE_BOOK.values():
        for rule in listed:
            assert rule.name == rule.name.lower() and " " not in rule.name and rule.checks and callable(rule.check)


def test_the_lists_are_the_ones_a_run_applies() -> None:
    assert RULE_BOOK["FILE_RULES"] is files.FILE_RULES
    for name, listed in RULE_BOOK.items():
        if name != "FILE_RULES":
            assert getattr(rules, name) is listed


def _without(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Take rule ``name`` out of its list, where the run looks the list up."""
    for list_name, listed in RULE_BOOK.items():
        if any(rule.name == name for rule in listed):
            module = files if list_name == "FILE_RULES" else rules
            monkeypatch.setattr(module, list_name, tuple(rule for rule in listed if rule.name != name))


@pytest.mark.parametrize("name", list(CASES))
def test_the_rule_fails_on_its_case(name: str, edit: Editor, expect, request, monkeypatch) -> None:
    case = CASES[name]
    geo = request.getfixturevalue("geo") if case.geo else None
    line = case.make(edit)
    found = expect(edit.validate(geo).diagnostics, case.path, line, case.text)
    _without(monkeypatch, name)
    rest = edit.validate(geo).diagnostics
    assert found not in rest, f"{name}: the diagnostic comes from another rule"
    assert not [d for d in rest if d.path == case.path and d.line == line and case.text in d.message]



# --- one message per mistake -------------------------------------------------------------------


def _all(edit: Editor) -> list[tuple[str, int, str, str]]:
    return [(d.path, d.line, d.severity, d.message) for d in edit.validate(None).diagnostics]


def test_scores_without_niveau_give_only_the_rules_message(edit: Editor) -> None:
    # not also pydantic's "verplicht veld `niveau` ontbreekt" on the same bouwsteen
    line = group_scores(edit, "{huisartsen: 3, bestuur: 4}", keep_niveau=False)
    assert _all(edit) == [
        (
            A,
            line,
            "fout",
            "`scores` per groep zonder afgesproken `niveau`: vul bij deze bouwsteen ook `niveau` in, "
            "het niveau waarover de deelnemers het samen eens werden",
        )
    ]


def test_a_group_score_off_the_scale_gives_no_range_warning(edit: Editor) -> None:
    # not also "het afgesproken niveau 3 ligt buiten de scores van de groepen (3 t/m 7)"
    line = group_scores(edit, "{huisartsen: 3, bestuur: 7}")
    assert _all(edit) == [(A, line, "fout", "de score 7 van groep `bestuur` staat niet op de schaal (1 t/m 5)")]


def test_niveau_outside_the_scores_on_the_scale_is_still_a_warning(edit: Editor) -> None:
    line = group_scores(edit, "{huisartsen: 4, bestuur: 5}") + 1
    assert _all(edit) == [
        (A, line, "waarschuwing", "het afgesproken niveau 3 ligt buiten de scores van de groepen (4 t/m 5); "
         "controleer `niveau` en `scores`")
    ]
