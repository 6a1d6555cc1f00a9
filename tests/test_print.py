"""Printing: every shipped region page, printed by Chromium (print media, the page's own
``@page`` size), fits on at most two A4 pages and still carries what a region takes to a
meeting: the radar, the scorecard table, each level with its rubric text, the regioplan,
the date and source of the data, and the page's address. The site around it (navigation,
search, header tabs, footer) and the print button are not printed. On both engines.

The button "Afdrukken of bewaren als PDF" is invisible without JavaScript (it could do
nothing there; it keeps its place, so showing it shifts nothing) and calls window.print()."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf  # a pinned test dependency: a missing one fails, never skips
import pytest
import yaml

from helpers import REPO
from helpers.shipped import ENGINES
from hhz.urls import URLS

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
