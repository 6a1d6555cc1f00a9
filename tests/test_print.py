"""Printing: every shipped region page, printed by Chromium (print media, the page's own
``@page`` size), fits on at most two A4 pages and still carries what a region takes to a
meeting: the radar, the scorecard table, each level with its rubric text, the regioplan,
the date and source of the data, and the page's address. The site around it (navigation,
search, header tabs, footer) and the print button are not printed. On both engines.

The button "Afdrukken of bewaren als PDF" is invisible without JavaScript (it could do
nothing there; it keeps its place, so showing it shifts nothing) and calls window.print()."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pypdf  # a pinned test dependency: a missing one fails, never skips
import pytest
import yaml

from helpers import REPO
from helpers.browser import serve_directory
from helpers.shipped import ENGINES
from helpers.sites import make_site_project
from hhz.geo.reference import load_geo_reference
from hhz.models import SCORE_GROEPEN
from hhz.urls import URLS
from hhz.vocabulary import BOUWSTEEN_IDS
from projectfactory import bouwsteen_yaml, provincies_of

MAX_PAGES = 2
A4_POINTS = (595, 842)  # 210 x 297 mm
REGION_IDS = sorted(yaml.safe_load(p.read_text(encoding="utf-8"))["id"] for p in (REPO / "regions").glob("*.yaml"))
# Elements of the site around the content, for each engine's theme; none may be printed.
CHROME = ".md-header, .md-tabs, .md-sidebar, .md-footer, .md-search, .md-top, .hhz-print-action"
BUTTON = "button.hhz-print-button"


@pytest.fixture(scope="module", params=ENGINES)
def site(request, shipped_builds) -> Path:
    return shipped_builds(request.param)


def words(text: str) -> str:
    """Text with every run of white space as one space (PDF text comes in lines)."""
    return " ".join(text.split())


def print_page(page, url: str):
    """Open URL, switch to print media; return the PDF (bytes) as Chromium prints it."""
    page.page.goto(url)
    page.page.emulate_media(media="print")
    return page.page.pdf(prefer_css_page_size=True, print_background=True)


def printed_texts(page, selector: str) -> list[str]:
    """The text of every element matching SELECTOR that is rendered in print media."""
    return page.page.eval_on_selector_all(
        selector, "els => els.filter(e => e.getClientRects().length > 0).map(e => e.textContent)"
    )


def test_the_print_style_sheet_is_loaded_on_every_page(site: Path) -> None:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert URLS.print_css in config["extra_css"]
    assert (site / URLS.print_css).is_file() and (site / URLS.print_script_js).is_file()
    for rel in ("index.html", URLS.html(URLS.region(REGION_IDS[0]))):
        assert "hhz-print.css" in (site / rel).read_text(encoding="utf-8"), rel


@pytest.mark.parametrize("region_id", REGION_IDS)
def test_region_page_prints_on_two_a4_pages_with_its_scorecard(page, server, region_id: str) -> None:
    url = f"{server}/{URLS.html(URLS.region(region_id))}"
    pdf = pypdf.PdfReader(io.BytesIO(print_page(page, url)))
    assert 1 <= len(pdf.pages) <= MAX_PAGES, f"{region_id}: {len(pdf.pages)} pagina's"
    for sheet in pdf.pages:
        assert tuple(round(float(v)) for v in sheet.mediabox[2:]) == A4_POINTS
    text = words(" ".join(sheet.extract_text() for sheet in pdf.pages))

    # what the page shows, as the print media renders it (hidden parts are not in the list)
    name = words(page.page.inner_text("h1"))
    rubrics = [words(t) for t in printed_texts(page, ".hhz-rubric")]
    levels = [words(t) for t in printed_texts(page, ".hhz-score-level strong")]
    footer = [words(t) for t in printed_texts(page, ".hhz-print-footer p")]
    assert printed_texts(page, "figure svg.hhz-radar"), "the radar is not printed"
    assert printed_texts(page, "table.hhz-table caption")[0].startswith("Scorekaart")
    scored = len(printed_texts(page, ".hhz-score"))
    assert scored >= 1 and len(rubrics) == len(levels) == scored, (scored, len(rubrics), len(levels))
    assert printed_texts(page, CHROME) == [], "navigation, search, footer or button printed"

    assert name in text
    for block in [*levels, *rubrics, *footer]:
        assert block in text, f"{region_id}: niet in de PDF: {block!r}"
    assert "Regioplan" in text
    assert re.search(r"Stand volgens de zelfevaluatie van \d{1,2} \w+ \d{4}", text), "evaluation date"
    assert footer[0].startswith("Bron: de zelfevaluatie van") and "kerngegevens:" in footer[0]
    assert footer[1].endswith(url), footer[1]  # the address the reader opened
    assert "Afdrukken of bewaren als PDF" not in text and "Leer van" not in text


def test_print_button_calls_window_print(page, server) -> None:
    page.page.goto(f"{server}/{URLS.html(URLS.region(REGION_IDS[0]))}")
    button = page.page.locator(BUTTON)
    button.wait_for(state="visible")
    assert words(button.inner_text()) == "Afdrukken of bewaren als PDF"
    page.page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    button.focus()
    page.page.keyboard.press("Enter")
    assert page.page.evaluate("window.__printed") == 1
    assert page.errors == [] and page.foreign == []


def test_print_button_is_hidden_without_javascript(browser, server) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(f"{server}/{URLS.html(URLS.region(REGION_IDS[0]))}")
        assert tab.locator(BUTTON).count() == 1
        assert not tab.locator(BUTTON).is_visible()
        # without the script the footer still names the page (its path on the site)
        assert tab.locator(".hhz-print-url").text_content().endswith(URLS.html(URLS.region(REGION_IDS[0])))
    finally:
        context.close()


def test_comparison_prints_without_its_form_on_two_a4_pages(page, server) -> None:
    """vergelijk.html with two regions: the radars and tables print, the choice form,
    the site around it and the button do not, and the address keeps ?regio=…."""
    first, second = REGION_IDS[:2]
    url = f"{server}/{URLS.html(URLS.compare)}?regio={first},{second}"
    page.page.goto(url)
    page.page.wait_for_selector("#hhz-vergelijk table")
    page.page.wait_for_function("[...document.querySelectorAll('#hhz-vergelijk img')].every(i => i.complete)")
    page.page.emulate_media(media="print")
    pdf = pypdf.PdfReader(io.BytesIO(page.page.pdf(prefer_css_page_size=True, print_background=True)))
    assert 1 <= len(pdf.pages) <= MAX_PAGES, len(pdf.pages)
    text = words(" ".join(sheet.extract_text() for sheet in pdf.pages))
    assert len(printed_texts(page, "#hhz-vergelijk img, #hhz-vergelijk svg")) >= 2  # the scorecards
    assert printed_texts(page, f"{CHROME}, #hhz-vergelijk form") == []
    footer = [words(t) for t in printed_texts(page, ".hhz-print-footer p")]
    assert footer[1].endswith(url) and footer[1] in text
    for region_id in (first, second):
        short = yaml.safe_load((REPO / "regions" / f"{region_id}.yaml").read_text(encoding="utf-8"))["korte_naam"]
        assert short in text, short


# --- the longest region that validates (issue 23) --------------------------------------------

LONG, TEXT, URL = 20_000, 300, 2_000  # the model's limits: LongText, Text, Url
# The longest valid region prints on 3 pages, not 2 (README, "Decisions"): six bouwstenen with
# level, scores per groep, rubric, toelichting and bewijs each, the facts, the scorecard, the
# governance, the kerngegevens and the history take that much with every text at 1-3 lines.
MAX_PAGES_LONGEST = 3
FILLER = "Zorg in de wijk vraagt vaste afspraken tussen praktijken, gemeente en ziekenhuis. "


def filled(start: str, length: int) -> str:
    """A text of exactly ``length`` characters that starts with ``start``."""
    text = (start + " " + FILLER * (length // len(FILLER) + 1))[:length]
    return text[:-1] + "x" if text.endswith(" ") else text


def long_url(length: int = URL) -> str:
    return ("https://example.org/" + "regioplan-" * (length // 10))[:length]


def longest_region(gemeenten: list[str]) -> dict:
    """Every free text at its maximum length, long lists: what the validator still accepts (older
    zelfevaluaties, which print as one table row each, with shorter texts: a file may have 1 MB)."""
    def score(b: str, level: int, size: int) -> dict:
        return {
            "niveau": level,
            "toelichting": filled(f"Toelichting {b}", size),
            "bewijs": [
                {"titel": filled(f"Bewijs {b} {i}", TEXT), "url": long_url(), "type": "besluit", "datum": dt.date(2024, 1, 1)}
                for i in range(12 if size == LONG else 1)
            ],
            "scores": {group: level for group in SCORE_GROEPEN},
            "ambitie": {"niveau": 5, "jaar": 2030},
        }

    evaluations = [
        {  # a newer concept (a note on the page), the current one is outdated (a note too)
            "datum": dt.date(2025, 12, 1),
            "status": "concept",
            "deelnemers": [filled("Deelnemer", TEXT)],
            "bouwstenen": {b: score(b, 3, TEXT) for b in BOUWSTEEN_IDS},
        }
    ] + [
        {
            "datum": dt.date(2024 - i // 12, 6 - i % 6, 1),
            "status": "vastgesteld",
            "voorbeeld": i == 0,
            "deelnemers": [filled(f"Deelnemer {j}", TEXT) for j in range(40 if i == 0 else 2)],
            "getoetst": {
                "door": filled("Toetser", TEXT),
                "datum": dt.date(2024 - i // 12, 6 - i % 6, 2),
                "opmerking": filled("Opmerking", LONG if i == 0 else TEXT),
            },
            "bouwstenen": {b: score(b, 3 + (i == 0), LONG if i == 0 else TEXT) for b in BOUWSTEEN_IDS},
        }
        for i in range(6)  # the newest at full length; the file stays under the 1 MB a file may have
    ]
    return {
        "id": "lang",
        "naam": filled("Regio Lang", TEXT),
        "korte_naam": filled("LANG", 40),
        "provincies": provincies_of(gemeenten).split(", "),
        "website": long_url(),
        "contact": {"email": "info@example.org", "telefoon": filled("Telefoon", TEXT), "adres": filled("Adres", TEXT)},
        "gemeenten": gemeenten,
        "organisaties": [{"naam": filled(f"Organisatie {i}", TEXT), "type": "zorggroep"} for i in range(30)],
        "governance": {"rechtsvorm": filled("Rechtsvorm", TEXT), "mandaat": filled("Mandaat", LONG), "toelichting": filled("Governance", LONG)},
        "kerngegevens": {
            "peildatum": dt.date(2025, 1, 1), "huisartsen": 100_000_000, "praktijken": 100_000_000, "inwoners": 100_000_000,
            "preferente_zorgverzekeraar": filled("Verzekeraar", TEXT), "bron": filled("Bron", TEXT),
        },
        "regioplan": {"status": "openbaar", "titel": filled("Regioplan", TEXT), "url": long_url(), "jaar": 2024},
        "zelfevaluaties": evaluations,
    }


@pytest.fixture(scope="module")
def longest_site(tmp_path_factory, geo_dir: Path) -> Path:
    """A site with that region (all gemeenten of the country), its bouwstenen's rubric texts at
    their maximum too; built with MkDocs (the print style sheet is the same for both engines)."""
    gemeenten = sorted(load_geo_reference(geo_dir).gemeenten)
    root = tmp_path_factory.mktemp("longest") / "project"
    region = yaml.safe_dump(longest_region(gemeenten), allow_unicode=True, sort_keys=False, width=10**6)
    make_site_project(root, {"lang": region})
    for index, b in enumerate(BOUWSTEEN_IDS, start=1):
        text = bouwsteen_yaml(b, index)
        for n in range(1, 6):
            text = text.replace(f"tekst: Niveau {n} van {b}.", "tekst: " + filled(f"Rubric {n} van {b}", LONG))
        (root / "bouwstenen" / f"{b}.yaml").write_text(text, encoding="utf-8")
    env = dict(os.environ, HHZ_GEO_DIR=str(geo_dir), SOURCE_DATE_EPOCH="1767225600")
    for command in (["validate"], ["build", "-q"]):  # the longest region is valid, and builds
        proc = subprocess.run([sys.executable, "-m", "hhz", command[0], str(root), *command[1:]], capture_output=True, text=True, env=env)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return root / "site"


def test_the_longest_region_that_validates_prints_on_three_a4_pages(browser, longest_site: Path) -> None:
    """Long free texts are clamped on paper to a few lines, each section with a clamped text
    says where the rest is ("Op papier ingekort; lees verder op <address>#<section>"), long
    lists print their first items: the page fits on three A4 pages whatever the editors wrote."""
    from helpers.browser import Page

    with serve_directory(longest_site) as base:
        page = Page(browser, base)
        try:
            url = f"{base}/{URLS.html(URLS.region('lang'))}"
            pdf = pypdf.PdfReader(io.BytesIO(print_page(page, url)))
            count = len(pdf.pages)
            text = words(" ".join(sheet.extract_text() for sheet in pdf.pages))
            notes = [words(t) for t in printed_texts(page, ".hhz-print-more")]
            footer = [words(t) for t in printed_texts(page, ".hhz-print-footer p")]
            scored = len(printed_texts(page, ".hhz-score"))
            errors = page.errors
        finally:
            page.close()
    assert 1 <= count <= MAX_PAGES_LONGEST, f"de langste regio: {count} pagina's"
    assert scored == len(BOUWSTEEN_IDS)
    anchors = {note.rsplit("#", 1)[-1] for note in notes if "#" in note}
    assert set(BOUWSTEEN_IDS) | {"scorekaart", "governance", "kerngegevens", "zelfevaluaties"} <= anchors, notes
    for note in notes:
        assert note.startswith("Op papier ingekort; lees verder op " + url), note
    compact = text.replace(" ", "")
    assert all(note.replace(" ", "") in compact for note in notes[:3]), "the notes are printed"
    for b in BOUWSTEEN_IDS:  # the start of every clamped text is on paper
        assert f"Toelichting {b}" in text and "Rubric 4 van " + b in text, b
    assert "Mandaat Zorg in de wijk" in text and footer[1].endswith(url)
    assert errors == []
