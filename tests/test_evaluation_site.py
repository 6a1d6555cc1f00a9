"""The site shows a zelfevaluatie worth trusting (issue 14), for the shipped data: scores per
groep with spread and "verdeeld", toetsing, bewijs with kind and date or "geen bewijs
opgegeven", the counts on the bouwsteen and home pages, the page ontwikkeling and its open data."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import pytest

from helpers import REPO
from helpers.trustdata import every_trust_value_in_csv
from hhz.derive.status import derive
from hhz.derive.evaluation import evaluation_figures
from hhz.geo.reference import load_geo_reference
from hhz.project import reference_date
from hhz.validate import validate_root


@pytest.fixture(scope="module")
def site(shipped_builds) -> Path:
    return shipped_builds("mkdocs")


@pytest.fixture(scope="module")
def figures(geo_dir_optional):
    geo = load_geo_reference(geo_dir_optional) if geo_dir_optional else None
    today = reference_date()
    result = validate_root(REPO, geo, today)
    assert result.ok
    return result.dataset, evaluation_figures(derive(result.dataset, today))


def article(site: Path, rel: str) -> str:
    """The page's main text without tags (charts left out), spaces collapsed."""
    raw = (site / rel).read_text(encoding="utf-8")
    body = raw[raw.index("<article") : raw.index("</article>")]
    body = re.sub(r"<svg.*?</svg>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def test_region_with_scores_shows_spread_verdeeld_toetsing_and_bewijs(site: Path) -> None:
    text = article(site, "regios/doknoord.html")
    assert "Zelfevaluatie, getoetst door Landelijke koepel (voorbeeld) op 15 april 2025." in text
    assert "getoetst door Landelijke koepel (voorbeeld) op 15 april 2025 · 2 van 6 bouwstenen verdeeld" in text  # the status line
    assert "Huisartsen 2, Bestuur 4, Werkorganisatie 3. Laagste 2, hoogste 4: verdeeld , de groepen liggen 2 niveaus uit elkaar" in text
    assert "De groepen gaven allemaal niveau 3." in text
    assert "(webpagina, 1 mei 2023)" in text
    assert "Geen bewijs opgegeven. Bij niveau 4" in text  # arbeidsmarkt, 2025
    raw = (site / "regios/doknoord.html").read_text(encoding="utf-8")
    radar = re.search(r'<svg[^>]*hhz-radar.*?</svg>', raw, flags=re.S).group(0)
    assert "Spreiding groepen" in radar and "Spreiding van de scores per groep: Regiovisie: 3 tot 4" in radar
    # the scorekaart table: lowest–highest per bouwsteen, "verdeeld" in words
    assert "Samenwerkingsafspraken 3 Uitvoeren 2 ↑ gestegen van 2 naar 3 – geen ambitie opgegeven 2–4 verdeeld" in text  # level names (issue 26)


def test_region_without_scores_says_not_reviewed_and_shows_no_spread(site: Path) -> None:
    raw = (site / "regios/hcwb.html").read_text(encoding="utf-8")
    text = article(site, "regios/hcwb.html")
    assert "Zelfevaluatie, niet getoetst." in text
    assert "hhz-groepscores" not in raw and "Spreiding groepen" not in raw


def test_bouwsteen_and_home_count_regions_with_scores_and_verdeeld(site: Path, figures) -> None:
    dataset, found = figures
    home = (site / "index.html").read_text(encoding="utf-8")
    for b in dataset.bouwstenen:
        c = found.consensus[b.id]
        assert c.with_scores == 2  # doknoord and humo
        sentence = (
            f"Scores per groep: {c.with_scores} regio's gaven in de nieuwste vastgestelde zelfevaluatie per groep "
            f"een niveau op deze bouwsteen; bij {c.verdeeld or 'geen'} daarvan waren de groepen verdeeld "
            "(2 niveaus of meer uit elkaar)."
        )
        assert sentence in article(site, f"bouwstenen/{b.id}.html")
        # the home page says it once, in its national picture (issue 26: no sentence six times)
        assert f'data-label="verdeeld">{c.verdeeld} van {c.with_scores}</td>' in home
        assert sentence not in article(site, "index.html")
    assert found.consensus["samenwerkingsafspraken"].verdeeld == 1
    assert found.consensus["informatiebeleid"].verdeeld == 1  # humo: 1 to 3
    # the shipped site shows the sentence for 1 (pinned in full below, for every count)
    assert (
        "Scores per groep: 2 regio's gaven in de nieuwste vastgestelde zelfevaluatie per groep een niveau op "
        "deze bouwsteen; bij 1 daarvan waren de groepen verdeeld (2 niveaus of meer uit elkaar)."
    ) in article(site, "bouwstenen/samenwerkingsafspraken.html")


CONSENSUS_SENTENCES = {
    (1, 0): "1 regio gaf in de nieuwste vastgestelde zelfevaluatie per groep een niveau op deze bouwsteen; "
    "bij die regio lagen de groepen minder dan 2 niveaus uit elkaar (niet verdeeld).",
    (1, 1): "1 regio gaf in de nieuwste vastgestelde zelfevaluatie per groep een niveau op deze bouwsteen; "
    "bij die regio waren de groepen verdeeld (2 niveaus of meer uit elkaar).",
    (2, 0): "2 regio's gaven in de nieuwste vastgestelde zelfevaluatie per groep een niveau op deze bouwsteen; "
    "bij geen daarvan waren de groepen verdeeld (2 niveaus of meer uit elkaar).",
    (3, 1): "3 regio's gaven in de nieuwste vastgestelde zelfevaluatie per groep een niveau op deze bouwsteen; "
    "bij 1 daarvan waren de groepen verdeeld (2 niveaus of meer uit elkaar).",
    (3, 2): "3 regio's gaven in de nieuwste vastgestelde zelfevaluatie per groep een niveau op deze bouwsteen; "
    "bij 2 daarvan waren de groepen verdeeld (2 niveaus of meer uit elkaar).",
}


@pytest.mark.parametrize("counts", sorted(CONSENSUS_SENTENCES), ids=str)
def test_the_verdeeld_sentence_is_correct_dutch_for_one_and_for_more(counts) -> None:
    from types import SimpleNamespace

    from hhz.derive.evaluation import Consensus
    from hhz.render.pages import make_environment

    env = make_environment(REPO / "site_templates")
    template = env.from_string('{% import "_vertrouwen.j2" as v with context %}{{ v.consensus_text("x")|safe }}')
    evaluation = SimpleNamespace(consensus={"x": Consensus("x", *counts)})
    shown = html.unescape(template.render(evaluation=evaluation))
    assert shown == "Scores per groep: " + CONSENSUS_SENTENCES[counts]


def test_ontwikkeling_page_has_a_chart_and_a_table_per_bouwsteen_and_no_region_names(site: Path, figures) -> None:
    dataset, found = figures
    raw = (site / "ontwikkeling.html").read_text(encoding="utf-8")
    assert raw.count('class="hhz-chart hhz-timeline"') == 1 + len(dataset.bouwstenen)
    assert raw.count("<table") == 2 + len(dataset.bouwstenen)
    for b in dataset.bouwstenen:
        assert f'href="bouwstenen/{b.id}.html"' in raw
    text = article(site, "ontwikkeling.html")
    for region in dataset.regions:
        assert region.korte_naam not in text and region.naam not in text
    tl = found.timeline
    first = tl.coverage[0]
    assert f"{first.year} 31 december {first.year} {first.with_evaluation} {first.stale} {first.without} {first.regions}" in text
    row = tl.per_bouwsteen["regiovisie"][-1]
    counts = " ".join(str(row.counts[level]) for level in tl.levels)
    assert f"{row.year} {counts} {row.none}" in text


def test_ontwikkeling_open_data_has_the_same_figures(site: Path, figures) -> None:
    _dataset, found = figures
    tl = found.timeline
    data = json.loads((site / "data" / "ontwikkeling.json").read_text(encoding="utf-8"))
    assert [y["jaar"] for y in data["jaren"]] == list(tl.years)
    for year, coverage in zip(data["jaren"], tl.coverage):
        assert (year["met_vastgestelde_zelfevaluatie"], year["waarvan_verouderd"], year["nog_geen_zelfevaluatie"]) == (
            coverage.with_evaluation,
            coverage.stale,
            coverage.without,
        )
    last = data["jaren"][-1]["bouwstenen"]["ontzorging"]
    assert last["niveaus"] == {str(k): v for k, v in tl.per_bouwsteen["ontzorging"][-1].counts.items()}
    assert {c["bouwsteen"]: c["waarvan_verdeeld"] for c in data["scores_per_groep_nu"]} == {
        b: c.verdeeld for b, c in found.consensus.items()
    }
    rows = list(csv.DictReader(io.StringIO((site / "data" / "ontwikkeling.csv").read_text(encoding="utf-8"))))
    assert len(rows) == len(tl.years) * 6 * (len(tl.levels) + 1)
    per_year = list(csv.DictReader(io.StringIO((site / "data" / "zelfevaluaties-per-jaar.csv").read_text("utf-8"))))
    assert [int(r["met_vastgestelde_zelfevaluatie"]) for r in per_year] == [c.with_evaluation for c in tl.coverage]


def test_csv_carries_every_score_bewijs_type_and_toetsing(site: Path) -> None:
    assert every_trust_value_in_csv(REPO, site) > 40
