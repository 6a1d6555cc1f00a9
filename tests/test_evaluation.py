"""A zelfevaluatie worth trusting (issue 14): scores per groep, spread and "verdeeld",
bewijs with kind and date, toetsing, and the national picture year by year.

The derived figures are checked on small hand-made projects; the rules beyond one field
have their failing cases in test_rules.py, the field errors and the passing cases are here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from hhz.derive.status import derive
from hhz.derive.evaluation import evaluation_figures, peildatum, spread, timeline
from hhz.models import BouwsteenScore
from hhz.validate import validate_root
from projectfactory import BOUWSTEEN_IDS, make_project, region_yaml

A = "regions/alfa.yaml"
TODAY = dt.date(2026, 1, 1)
REGIOVISIE_2025 = "        niveau: 3\n        toelichting: Toelichting bij regiovisie.\n"


def score(niveau: int, scores: dict[str, int] | None = None) -> BouwsteenScore:
    return BouwsteenScore(niveau=niveau, toelichting="t", scores=scores)


# --- spread and "verdeeld" ----------------------------------------------------------------


def test_spread_lowest_highest_and_groups_in_the_fixed_order() -> None:
    found = spread(score(3, {"partners": 2, "huisartsen": 3, "bestuur": 4}))
    assert found is not None
    assert found.groups == (("huisartsen", 3), ("bestuur", 4), ("partners", 2))
    assert (found.low, found.high, found.width) == (2, 4, 2)
    assert found.verdeeld


@pytest.mark.parametrize(
    ("scores", "verdeeld"),
    [({"huisartsen": 3, "bestuur": 4}, False), ({"huisartsen": 3, "bestuur": 3}, False), ({"huisartsen": 1, "bestuur": 3}, True)],
)
def test_verdeeld_from_two_levels_apart(scores: dict[str, int], verdeeld: bool) -> None:
    assert spread(score(3, scores)).verdeeld is verdeeld  # type: ignore[union-attr]


def test_no_spread_without_scores() -> None:
    assert spread(score(3)) is None
    assert spread(None) is None


def test_derive_carries_the_spread_of_every_evaluation_and_each_regions_current_ones(shipped_dataset) -> None:
    """The pages, the radar charts, the embeds and the open data read the spreads from derive's
    figures (render only formats them): one per zelfevaluatie and bouwsteen with scores per
    groep, concepts and older ones included, and per region those of its current one."""
    derived = derive(shipped_dataset, dt.date(2027, 1, 1))
    figures = evaluation_figures(derived)
    expected = {
        (r.id, z.datum, b): spread(sc)
        for r in shipped_dataset.regions
        for z in r.zelfevaluaties
        for b, sc in z.bouwstenen.items()
        if sc.scores
    }
    assert figures.spreads == expected
    assert any(sp.verdeeld for sp in expected.values()) and any(not sp.verdeeld for sp in expected.values())
    for region in shipped_dataset.regions:
        current = derived.status(region.id).current
        assert figures.current_spreads[region.id] == {
            b: spread(current.bouwstenen.get(b)) if current else None for b in shipped_dataset.bouwsteen_ids
        }
        if current:
            assert all(figures.spread(region.id, current.datum, b) == figures.current_spreads[region.id][b] for b in current.bouwstenen)


# --- the year-by-year picture on a hand-made project ----------------------------------------


def evaluation(datum: str, level: int, status: str = "vastgesteld") -> str:
    rows = "".join(
        f"      {b}:\n        niveau: {level}\n        toelichting: T.\n"
        f"        bewijs:\n          - titel: B\n            url: https://example.org/{b}\n"
        for b in BOUWSTEEN_IDS
    )
    return f"  - datum: {datum}\n    status: {status}\n    deelnemers: [Bestuur]\n    bouwstenen:\n{rows}"


def with_evaluations(region_id: str, gemeente: str, *evaluations: str) -> str:
    """A region of projectfactory with its zelfevaluaties replaced by ``evaluations``."""
    text = region_yaml(region_id, [gemeente])
    head, rest = text.split("zelfevaluaties:\n", 1)
    tail = rest[rest.index("goede_voorbeelden:") :]
    body = "".join(evaluations)
    return head + ("zelfevaluaties:\n" + body if body else "zelfevaluaties: []\n") + tail


@pytest.fixture(scope="module")
def three_regions(tmp_path_factory) -> Path:
    """alfa: 2023 at 2 and 2025 at 4; beta: 2024 at 3 and a concept at 5 in 2025; gamma: none."""
    root = tmp_path_factory.mktemp("tijdlijn")
    return make_project(
        root,
        {
            "alfa": with_evaluations("alfa", "GM0828", evaluation("2023-05-01", 2), evaluation("2025-06-01", 4)),
            "beta": with_evaluations(
                "beta", "GM0268", evaluation("2024-02-01", 3), evaluation("2025-09-01", 5, status="concept")
            ),
            "gamma": with_evaluations("gamma", "GM1982"),
        },
    )


def figures_of(root: Path, today: dt.date = TODAY):
    result = validate_root(root, today=today)
    assert result.ok, result.diagnostics
    return evaluation_figures(derive(result.dataset, today))


def test_a_region_counts_in_a_year_with_its_latest_evaluation_up_to_then(three_regions: Path) -> None:
    tl = figures_of(three_regions).timeline
    assert tl.years == (2023, 2024, 2025, 2026)
    rows = {row.year: row for row in tl.per_bouwsteen["regiovisie"]}
    # 2023: alfa at 2; beta and gamma have none yet (shown, not dropped)
    assert dict(rows[2023].counts) == {1: 0, 2: 1, 3: 0, 4: 0, 5: 0} and rows[2023].none == 2
    # 2024: alfa still at its 2023 level, beta at 3
    assert dict(rows[2024].counts) == {1: 0, 2: 1, 3: 1, 4: 0, 5: 0} and rows[2024].none == 1
    # 2025: alfa at 4; beta's concept does not count
    assert dict(rows[2025].counts) == {1: 0, 2: 0, 3: 1, 4: 1, 5: 0} and rows[2025].none == 1
    assert all(row.total == 3 for row in rows.values())


def test_coverage_and_stale_per_year(three_regions: Path) -> None:
    coverage = {c.year: c for c in figures_of(three_regions).timeline.coverage}
    assert [(c.with_evaluation, c.without, c.stale) for c in coverage.values()] == [(1, 2, 0), (2, 1, 1), (2, 1, 1), (2, 1, 1)]
    # 2024: alfa's evaluation of 2023-05-01 is more than 18 months before 2024-12-31
    assert coverage[2024].peildatum == dt.date(2024, 12, 31) and coverage[2024].recent == 1
    # 2025 and this year (counted at today): beta's 2024-02-01 is stale, alfa's 2025-06-01 is not
    assert coverage[2026].peildatum == TODAY and coverage[2026].recent == 1


@pytest.mark.parametrize(("today", "stale"), [(dt.date(2025, 12, 30), 0), (dt.date(2025, 12, 31), 1)])
def test_the_stale_window_is_the_region_pages_one(tmp_path: Path, today: dt.date, stale: int) -> None:
    """18 months after 2024-06-30 is 2025-12-30: stale from the day after, as on a region page."""
    root = make_project(tmp_path, {"alfa": with_evaluations("alfa", "GM0828", evaluation("2024-06-30", 3))})
    figures = figures_of(root, today)
    assert figures.timeline.coverage[-1].stale == stale
    assert peildatum(2025, today) == today
    result = validate_root(root, today=today)
    assert derive(result.dataset, today).status("alfa").stale is bool(stale)


def test_no_years_without_any_vastgestelde_evaluation(tmp_path: Path) -> None:
    root = make_project(tmp_path, {"alfa": with_evaluations("alfa", "GM0828", evaluation("2025-01-01", 3, "concept"))})
    result = validate_root(root, today=TODAY)
    assert result.ok
    tl = timeline(result.dataset, TODAY)
    assert tl.years == () and tl.coverage == ()


def test_consensus_counts_current_evaluations_only(tmp_path: Path) -> None:
    alfa = region_yaml("alfa", ["GM0828"]).replace(
        REGIOVISIE_2025, "        niveau: 3\n        scores: {huisartsen: 2, bestuur: 4}\n        toelichting: T.\n"
    )
    beta = region_yaml("beta", ["GM0268"]).replace(
        REGIOVISIE_2025, "        niveau: 3\n        scores: {huisartsen: 3, partners: 4}\n        toelichting: T.\n"
    )
    # gamma's scores are in its older evaluation only: not counted
    gamma = region_yaml("gamma", ["GM1982"]).replace(
        "        niveau: 2\n        toelichting: Toelichting bij regiovisie.\n",
        "        niveau: 2\n        scores: {huisartsen: 1, bestuur: 4}\n        toelichting: T.\n",
    )
    figures = figures_of(make_project(tmp_path, {"alfa": alfa, "beta": beta, "gamma": gamma}))
    regiovisie = figures.consensus["regiovisie"]
    assert (regiovisie.with_scores, regiovisie.verdeeld) == (2, 1)
    assert (figures.consensus["ontzorging"].with_scores, figures.consensus["ontzorging"].verdeeld) == (0, 0)


# --- the fields: errors with their lines, and the passing cases ----------------------------------


def test_every_new_field_validates_cleanly(edit) -> None:
    edit.replace(
        A,
        REGIOVISIE_2025,
        REGIOVISIE_2025 + "        scores: {huisartsen: 2, bestuur: 4, partners: 3}\n",
    )
    edit.replace(
        A,
        "            url: https://example.org/regiovisie\n",
        "            url: https://example.org/regiovisie\n            type: besluit\n            datum: 2025-01-15\n",
        occurrence=2,
    )
    old = "    deelnemers: [Bestuur, Regioraad]\n"
    edit.replace(A, old, old + "    getoetst:\n      door: InEen\n      datum: 2025-03-01\n      opmerking: Akkoord.\n")
    result = edit.validate()
    assert result.diagnostics == [] and result.ok
    current = result.dataset.region("alfa").zelfevaluaties[1]
    assert current.getoetst.door == "InEen"
    assert current.bouwstenen["regiovisie"].scores == {"huisartsen": 2, "bestuur": 4, "partners": 3}
    assert current.bouwstenen["regiovisie"].bewijs[0].type == "besluit"


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ("{huisartsen: 3}", "`scores` heeft te weinig items: minimaal 2"),
        ("{huisartsen: 3, bestuur: drie}", "`drie` is geen getal"),
    ],
)
def test_group_score_field_errors(edit, expect, scores: str, message: str) -> None:
    line = edit.replace(A, REGIOVISIE_2025, REGIOVISIE_2025 + f"        scores: {scores}\n") + 2
    found = expect(edit.errors(), A, line, message)
    assert found.is_error


def test_an_unknown_group_far_from_any_names_the_choices(edit, expect) -> None:
    line = edit.replace(A, REGIOVISIE_2025, REGIOVISIE_2025 + "        scores: {ouders: 3, bestuur: 4}\n") + 2
    (error,) = edit.errors()
    assert error == expect([error], A, line, "onbekende groep `ouders`; kies uit: bestuur, huisartsen, huisartsenorganisaties, partners, werkorganisatie")


def test_bewijs_type_is_one_of_the_list(edit, expect) -> None:
    line = edit.replace(
        A,
        "            url: https://example.org/regiovisie\n",
        "            url: https://example.org/regiovisie\n            type: brief\n",
        occurrence=2,
    ) + 1
    expect(edit.errors(), A, line, "ongeldige waarde `brief` voor `type`; kies uit: besluit, document, jaarverslag of webpagina")


def test_getoetst_needs_door_and_no_future_date(edit, expect) -> None:
    old = "    deelnemers: [Bestuur, Regioraad]\n"
    line = edit.replace(A, old, old + "    getoetst:\n      datum: 2999-01-01\n") + 2  # the datum line
    errors = edit.errors()
    expect(errors, A, line, "verplicht veld `door` ontbreekt")  # at the mapping's first key
    expect(errors, A, line, "datum 2999-01-01 ligt in de toekomst")
    assert len(errors) == 2


def test_no_bewijs_warning_on_an_older_evaluation(edit) -> None:
    """alfa's 2024 zelfevaluatie is history (2025 is current): it is left as it is."""
    old = "        niveau: 2\n        toelichting: Toelichting bij regiovisie.\n"
    bewijs = "        bewijs:\n          - titel: Regioplan\n            url: https://example.org/regiovisie\n"
    edit.replace(A, old + bewijs, old.replace("niveau: 2", "niveau: 5"))
    assert edit.validate().diagnostics == []
    # a newer concept is current work: warned
    edit.replace(A, "goede_voorbeelden:", "  - datum: 2025-09-01\n    status: concept\n    deelnemers: [Bestuur]\n"
                 "    bouwstenen:\n      regiovisie:\n        niveau: 4\n        toelichting: Concept.\ngoede_voorbeelden:")
    (warning,) = edit.validate().diagnostics
    assert warning.severity == "waarschuwing" and "niveau 4 zonder `bewijs`" in warning.message


def test_level_4_without_bewijs_is_a_warning_not_an_error(edit, expect) -> None:
    bewijs = "        bewijs:\n          - titel: Regioplan\n            url: https://example.org/regiovisie\n"
    line = edit.replace(A, REGIOVISIE_2025 + bewijs, REGIOVISIE_2025.replace("niveau: 3", "niveau: 5"))
    result = edit.validate()
    warning = expect(result.diagnostics, A, line, "niveau 5 zonder `bewijs`")
    assert warning.severity == "waarschuwing" and result.ok


def test_bijdragen_lists_every_group_as_the_vocabulary_has_it() -> None:
    from hhz.vocabulary import SCORE_GROEPEN

    text = (Path(__file__).resolve().parents[1] / "docs" / "bijdragen.md").read_text(encoding="utf-8")
    for key, (_label, who) in SCORE_GROEPEN.items():
        assert f"    - `{key}`: {who}\n" in text, key
    assert "Geen namen van personen** (AVG)" in text


# --- the charts -------------------------------------------------------------------------------


def test_stacked_bars_draw_each_non_empty_part_with_its_count_and_name_every_part() -> None:
    from hhz.render.charts_timeline import BAR_H, Bar, Part, stacked_bars_svg

    parts = [Part("1 Verkennen", "#eff3ff"), Part("2 Opbouwen", "#c6dbef"), Part("Nog geen zelfevaluatie", "#d9d9d9")]
    svg = stacked_bars_svg("t", "Titel", "Beschrijving", parts, [Bar("2024", [0, 7, 3]), Bar("2025", [5, 5, 0])])
    assert '<title id="t-t">Titel</title><desc id="t-d">Beschrijving</desc>' in svg
    bars = svg.count(f'height="{BAR_H}"')
    assert bars == 4  # the empty parts are not drawn
    assert ">7</text>" in svg and ">3</text>" in svg and svg.count(">5</text>") == 2
    assert "<title>2024, 2 Opbouwen: 7</title>" in svg  # each part named on hover
    for part in parts:  # the legend names each part, also one that is empty in every bar
        assert f">{part.label}</text>" in svg


def test_radar_draws_the_spread_only_on_axes_with_scores() -> None:
    from hhz.render import charts

    series = [charts.Series("huidig", "Huidig", [3, 3, 3])]
    without = charts.radar_svg("r", "T", "D", ["a", "b", "c"], series, 5)
    with_band = charts.radar_svg("r", "T", "D", ["a", "b", "c"], series, 5, ([2, None, 3], [4, None, 3]))
    assert charts.SPREAD_LABEL not in without and charts.SPREAD_LABEL in with_band
    strokes = with_band.split(f'stroke="{charts.SPREAD_COLOUR}"')[1].split("</g>")[0]
    assert strokes.count("<line") == 2  # axis a from 2 to 4, axis c a dot at 3; none on b


@pytest.mark.parametrize(
    "broken",
    [
        "      regiovisie: 3\n",
        "      regiovisie: [scores]\n",
        "      regiovisie:\n        scores: 3\n        toelichting: T.\n",
        "      regiovisie:\n        scores: {huisartsen: drie, bestuur: [4]}\n        niveau: 3\n        toelichting: T.\n",
    ],
)
def test_odd_shapes_give_messages_not_tracebacks(edit, broken: str) -> None:
    block = REGIOVISIE_2025 + "        bewijs:\n          - titel: Regioplan\n            url: https://example.org/regiovisie\n"
    edit.replace(A, "      regiovisie:\n" + block, broken)
    errors = edit.errors()
    assert errors and all(e.path == A and e.line > 0 for e in errors)
