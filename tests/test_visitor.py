"""What a visitor meets (issue 26), on the shipped data, with both engines, in Chromium:

- no page of any kind scrolls sideways at 320 or 390 px wide (every region page included);
- a region page is at most 4,000 px tall at 1280 px wide;
- the six bouwstenen with their level (number and name) are in the first screen (1280x900);
- every chart text renders at 12 CSS px or more at 390 px wide, and no chart is wider than
  its column.

Navigation and footer presence belong to the look of the site (tested with it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.browser import Page
from helpers.shipped import ENGINES

PHONE_WIDTHS = (320, 390)
MAX_REGION_HEIGHT = 4000
MIN_CHART_TEXT_PX = 12


@pytest.fixture(scope="module", params=ENGINES)
def site(request, shipped_builds) -> Path:
    return shipped_builds(request.param)


def region_pages(site: Path) -> list[str]:
    return sorted(f"regios/{p.name}" for p in (site / "regios").glob("*.html") if p.name != "index.html")


def page_kinds(site: Path) -> list[str]:
    """Every page kind: the home page, every region page, the first bouwsteen and goed
    voorbeeld, the index pages and the single pages."""
    first = lambda folder: sorted(p.name for p in (site / folder).glob("*.html") if p.name != "index.html")[0]  # noqa: E731
    return [
        "index.html",
        "regios/index.html",
        *region_pages(site),
        "bouwstenen/index.html",
        f"bouwstenen/{first('bouwstenen')}",
        "goede-voorbeelden/index.html",
        f"goede-voorbeelden/{first('goede-voorbeelden')}",
        "kaart.html",
        "vergelijk.html",
        "vergelijk.html?regio=" + ",".join(r.split("/")[1][:-5] for r in region_pages(site)[:3]),
        "ontwikkeling.html",
        "open-data.html",
        "over.html",
        "bijdragen.html",
        "colofon.html",
    ]


@pytest.fixture(scope="module")
def phone(browser, server):
    pages = {}
    for width in PHONE_WIDTHS:
        pages[width] = Page(browser, server, viewport={"width": width, "height": 844})
    yield pages
    for page in pages.values():
        page.close()


def overflow(page: Page) -> dict:
    """How far the document is wider than the screen, and the widest elements that cause it."""
    return page.page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const culprits = [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > width + 1 && e.getClientRects().length)
            .filter(e => !e.closest('.hhz-scroll, .md-sidebar, .md-search, .md-header, .leaflet-container, .md-tabs'))
            .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + String(e.className).slice(0, 40));
          return {excess: document.documentElement.scrollWidth - width, culprits};
        }"""
    )


def header_paths(site: Path) -> list[str]:
    first = sorted(p.name for p in (site / "bouwstenen").glob("*.html") if p.name != "index.html")[0]
    return ["index.html", region_pages(site)[0], "ontwikkeling.html", "kaart.html", f"bouwstenen/{first}"]


def chart_paths(site: Path) -> list[str]:
    first = sorted(p.name for p in (site / "bouwstenen").glob("*.html") if p.name != "index.html")[0]
    return ["index.html", region_pages(site)[0], "bouwstenen/index.html", "ontwikkeling.html", f"bouwstenen/{first}"]


SCORECARD_BOTTOM = (
    "() => Math.max(0, ...[...document.querySelectorAll('table.hhz-scorecard tbody tr')]"
    ".map(tr => tr.getBoundingClientRect().bottom + scrollY))"
)
PICTURE = "() => [document.querySelector('table.hhz-picture').getBoundingClientRect().top, document.querySelectorAll('table.hhz-picture tbody tr').length]"
TAP_SIZES = """() => ({
  folds: [...document.querySelectorAll('details.hhz-fold:not(.hhz-fold-small) > summary')].map(s => s.getBoundingClientRect().height),
  small: [...document.querySelectorAll('details.hhz-fold-small > summary')].map(s => s.getBoundingClientRect().height),
  links: [...document.querySelectorAll('table.hhz-scorecard a')].map(a => [a.getBoundingClientRect().width, a.getBoundingClientRect().height]),
})"""


@pytest.fixture(scope="module")
def phone_survey(site: Path, phone, server) -> dict:
    """Every page kind opened once per phone width (per engine) and measured for every
    phone test below: ``survey[width][path]`` holds the overflow, and where a test asks for
    it the scorecard's bottom, the national picture, the tap targets (as loaded), then, with
    every <details> opened, the broken header words and the chart texts. One load per page
    and width instead of one per test; each test keeps its own assertions."""
    survey: dict[int, dict[str, dict]] = {}
    headers, charts, regions = set(header_paths(site)), set(chart_paths(site)), set(region_pages(site))
    for width, page in phone.items():
        for path in page_kinds(site):
            page.page.goto(f"{server}/{path}", wait_until="load")
            seen = survey.setdefault(width, {})[path] = {"overflow": overflow(page)}
            if width == 390 and path in regions:
                seen["answer_bottom"] = page.page.evaluate(SCORECARD_BOTTOM)
            if width == 390 and path == region_pages(site)[0]:
                seen["tap"] = page.page.evaluate(TAP_SIZES)
            if width == 390 and path == "index.html":
                seen["picture"] = page.page.evaluate(PICTURE)
            if path in headers or (width == 390 and path in charts):
                page.page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
                seen["headers"] = broken_header_words(page) if path in headers else []
                seen["charts"] = chart_texts(page) if width == 390 and path in charts else []
    return survey


def test_no_page_scrolls_sideways_on_a_phone(site: Path, phone_survey) -> None:
    found = {}
    for width, pages in phone_survey.items():
        for path in page_kinds(site):
            result = pages[path]["overflow"]
            if result["excess"] > 0:
                found[f"{width}px {path}"] = result
    assert set(phone_survey) == set(PHONE_WIDTHS)
    assert found == {}, found


def test_region_pages_answer_first_and_stay_short(site: Path, page, server) -> None:
    page.page.set_viewport_size({"width": 1280, "height": 900})
    for path in region_pages(site):
        page.page.goto(f"{server}/{path}")
        height = page.page.evaluate("document.documentElement.scrollHeight")
        assert height <= MAX_REGION_HEIGHT, f"{path}: {height} px"
        rows = page.page.evaluate(
            """() => [...document.querySelectorAll('table.hhz-scorecard tbody tr')].map(tr => {
                 const cell = tr.querySelector('td.hhz-level');
                 return {bottom: tr.getBoundingClientRect().bottom, level: cell ? cell.innerText.trim() : ''};
               })"""
        )
        if not rows:  # a region without a vastgestelde zelfevaluatie says so at the top
            assert "Nog geen vastgestelde zelfevaluatie" in page.page.inner_text(".hhz-status")
            continue
        assert len(rows) == 6, path
        for row in rows:
            assert row["bottom"] <= 900, f"{path}: a bouwsteen below the first screen ({row['bottom']:.0f} px)"
            assert row["level"] == "–" or (row["level"][0].isdigit() and len(row["level"].split()) == 2), row
        status = page.page.inner_text(".hhz-status")
        assert "Stand volgens de zelfevaluatie van" in status
        assert "getoetst" in status.lower()
        # the learning from others comes right after the answer, before the details
        order = page.page.evaluate(
            "() => ['leer-van', 'per-bouwsteen', 'meer'].map(id => document.getElementById(id)?.getBoundingClientRect().top)"
        )
        assert order[0] < order[1] < order[2], (path, order)


def test_region_answer_within_one_and_a_half_screens_on_a_phone(site: Path, phone_survey) -> None:
    for path in region_pages(site):
        bottom = phone_survey[390][path]["answer_bottom"]
        assert bottom <= 1.5 * 844, f"{path}: the six levels end at {bottom:.0f} px"


def test_home_answers_first(site: Path, phone_survey, page, server) -> None:
    page.page.set_viewport_size({"width": 1280, "height": 900})
    page.page.goto(f"{server}/index.html")
    for (top, rows), height in ((page.page.evaluate(PICTURE), 900), (phone_survey[390]["index.html"]["picture"], 844)):
        assert top < height, f"the national picture starts at {top:.0f} px"
        assert rows == 6


def broken_header_words(page: Page) -> list[str]:
    """Words in table headers that the browser broke across lines (mid-word)."""
    return page.page.evaluate(
        """() => {
          const broken = [];
          for (const th of document.querySelectorAll('table th')) {
            if (!th.getClientRects().length) continue;
            const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              const re = /\\S+/g;
              let m;
              while ((m = re.exec(node.data))) {
                const range = document.createRange();
                range.setStart(node, m.index);
                range.setEnd(node, m.index + m[0].length);
                const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
                const columns = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.left)));
                if (lines.size > 1 && columns.size > 1) broken.push(m[0]);
              }
            }
          }
          return broken;
        }"""
    )


def test_no_word_in_a_table_header_is_broken(site: Path, phone_survey) -> None:
    found = {}
    for width, pages in phone_survey.items():
        for path in header_paths(site):
            words = pages[path]["headers"]  # measured with every <details> open
            if words:
                found[f"{width}px {path}"] = words
    assert found == {}, found


def chart_texts(page: Page) -> list[dict]:
    """Every text of every inline chart: its rendered font size (CSS px) and whether it lies
    inside its chart (sideways, and from its ascenders to its descenders) and the chart inside
    the window."""
    return page.page.evaluate(
        """() => [...document.querySelectorAll('svg.hhz-chart')].filter(s => s.getClientRects().length).flatMap(svg => {
             const box = svg.getBoundingClientRect();
             const scale = box.width / svg.viewBox.baseVal.width;
             return [...svg.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => {
               const r = t.getBoundingClientRect();
               return {chart: svg.getAttribute('aria-labelledby'), text: t.textContent.trim().slice(0, 30),
                       px: parseFloat(getComputedStyle(t).fontSize) * scale,
                       inside: r.left >= box.left - 1 && r.right <= box.right + 1 && box.right <= innerWidth &&
                               r.top >= box.top - 1 && r.bottom <= box.bottom + 1};
             });
           })"""
    )


def test_chart_texts_are_legible_on_a_phone(site: Path, phone_survey) -> None:
    seen = 0
    for path in chart_paths(site):
        texts = phone_survey[390][path]["charts"]  # measured at 390 px with folded parts opened
        seen += len(texts)
        small = [t for t in texts if t["px"] < MIN_CHART_TEXT_PX]
        clipped = [t for t in texts if not t["inside"]]
        assert small == [], f"{path}: {small[:5]}"
        assert clipped == [], f"{path}: {clipped[:5]}"
    assert seen > 50


# --- the figures behind the answer (derive/picture.py) and the words (glossary), without a browser


def _derived(project: Path, today):
    from hhz.derive.status import derive
    from hhz.validate import validate_root

    result = validate_root(project, None, today=today)
    assert result.dataset is not None, [d.message for d in result.errors]
    return derive(result.dataset, today)


def test_national_picture_counts_regions_per_level_the_change_and_the_gemeenten(project: Path) -> None:
    import datetime as dt

    from hhz.derive.picture import national_picture

    # alfa (2 gemeenten): all 2 in 2024, all 3 in 2025; beta (1 gemeente): all 4, arbeidsmarkt 5 in 2025
    picture = national_picture(_derived(project, dt.date(2025, 6, 1)))
    assert picture.since == dt.date(2024, 12, 31) and picture.regions == 2
    regiovisie, arbeidsmarkt = picture.per_bouwsteen["regiovisie"], picture.per_bouwsteen["arbeidsmarkt"]
    assert dict(regiovisie.counts) == {1: 0, 2: 0, 3: 1, 4: 1, 5: 0} and regiovisie.unknown == 0
    assert (regiovisie.change.up, regiovisie.change.same, regiovisie.change.down, regiovisie.change.new) == (1, 1, 0, 0)
    assert (arbeidsmarkt.change.up, arbeidsmarkt.change.same) == (2, 0)
    assert regiovisie.gemeenten == 3
    # a year later nothing changed since the end of 2025
    later = national_picture(_derived(project, dt.date(2026, 6, 1)))
    assert all(b.change.same == 2 and b.change.compared == 2 for b in later.per_bouwsteen.values())


def test_region_answer_gives_the_gap_to_the_ambition(edit) -> None:
    import datetime as dt

    from hhz.derive.picture import region_answer

    edit.replace(
        "regions/alfa.yaml",
        "      regiovisie:\n        niveau: 3\n",
        "      regiovisie:\n        niveau: 3\n        ambitie:\n          niveau: 5\n          jaar: 2027\n",
    )
    derived = _derived(edit.root, dt.date(2025, 6, 1))
    answer = region_answer(derived.status("alfa"), derived.dataset.bouwsteen_ids)
    assert answer.gaps["regiovisie"] == 2 and answer.gaps["arbeidsmarkt"] is None
    assert (answer.with_scores, answer.verdeeld) == (0, 0)


def test_abbreviations_are_explained_once_per_page_and_stay_escaped() -> None:
    from hhz.render.glossary import Glossary

    page = Glossary()
    first = page.explain("De ROS en de hagro's <b>samen</b>; de ROS opnieuw.")
    assert first.count("<abbr") == 2 and first.count("ROS") == 2
    assert '<abbr title="regionale ondersteuningsstructuur">ROS</abbr> en' in first
    assert "<b>" not in first and "&lt;b&gt;" in first
    assert "<abbr" not in page.explain("Nog eens ROS.")  # explained already on this page
    assert "<abbr" in Glossary().explain("Nog eens ROS.")  # a new page explains it again
    assert "<abbr" not in Glossary().explain("PROSA en ROSA")  # whole words only


def test_abbreviations_in_an_editors_rich_text_are_explained_in_its_text_only() -> None:
    """The bouwsteen's (and goed voorbeeld's) Markdown text: sanitised first, then its first
    uses explained, never inside a tag, an attribute, code or a link's text."""
    from hhz.render.glossary import Glossary
    from hhz.render.markup import markdown_html

    text = (
        "De **ROS** helpt.\n\n`VVT` en [VVT](https://example.org \"ROS > VVT\") en <script>GGZ</script> "
        "<abbr title=\"eigen\">GGD</abbr> GGD en <b onclick=\"x()\">GGZ</b>."
    )
    page = Glossary()
    page.explain("de ROS")  # explained before on this page (the samenvatting)
    out = str(page.explain_html(markdown_html(text)))
    assert "<abbr" not in out.split("<strong>", 1)[1].split("</strong>")[0]  # ROS: the page explained it
    assert "<code>VVT</code>" in out and 'title="ROS &gt; VVT" rel="noopener noreferrer">VVT</a>' in out
    assert out.count('<abbr title="verpleging, verzorging en thuiszorg">') == 0  # only in code and a link
    assert '<abbr title="eigen">GGD</abbr> <abbr title="gemeentelijke gezondheidsdienst">GGD</abbr>' in out
    assert out.count('<abbr title="geestelijke gezondheidszorg">GGZ</abbr>') == 1
    assert "<script" not in out and "onclick" not in out


def test_visitor_pages_speak_words_not_code(site: Path) -> None:
    """No code text on the pages a visitor reads (the embed code, folded, is code by nature),
    and the abbreviations in the regions' texts are explained on their first use."""
    import re

    pages = ["index.html", *region_pages(site), "vergelijk.html", "ontwikkeling.html", "zo-draag-je-bij.html"]
    pages += [f"bouwstenen/{p.name}" for p in sorted((site / "bouwstenen").glob("*.html"))]
    for path in pages:
        html = (site / path).read_text(encoding="utf-8")
        article = html[html.index("<article") : html.index("</article>")]
        article = re.sub(r'<pre class="hhz-embed">.*?</pre>', "", article, flags=re.S)
        assert "<code" not in article, path
        assert "voorbeeld: true" not in article and "YAML" not in article, path
    humo = (site / "regios" / "humo.html").read_text(encoding="utf-8")
    assert humo.count('<abbr title="regionale ondersteuningsstructuur">ROS</abbr>') == 1
    assert '<abbr title="werkgroep deskundigheidsbevordering huisartsen (nascholing)">WDH</abbr>' in humo
    # a bouwsteen's description (Markdown): GGZ is first used there, ICT in the samenvatting above it
    bouwsteen = (site / "bouwstenen" / "informatiebeleid.html").read_text(encoding="utf-8")
    description = bouwsteen[bouwsteen.index('<div class="hhz-md">') :].split("</div>", 1)[0]
    assert description.count('<abbr title="geestelijke gezondheidszorg">GGZ</abbr>') == 1
    assert "<abbr" not in description.replace('<abbr title="geestelijke gezondheidszorg">GGZ</abbr>', "")


def test_tap_targets_on_a_region_page(site: Path, phone_survey) -> None:
    """The folds open with a 44 px high target, the links in the scorecard are 24 px high."""
    sizes = phone_survey[390][region_pages(site)[0]]["tap"]  # as loaded, folds closed
    assert sizes["folds"] and min(sizes["folds"]) >= 44, sizes["folds"]
    assert sizes["small"] and min(sizes["small"]) >= 24, sizes["small"]
    assert sizes["links"] and min(min(w, h) for w, h in sizes["links"]) >= 24, sizes["links"]
