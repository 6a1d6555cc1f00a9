"""The comparison page (vergelijk.html) in Chromium, on each engine's build of the shipped data:
choosing regions with the form and with the keyboard, the choice in the address (permalink,
back button), the order kept as chosen, and what the page offers without JavaScript. The
tables are checked against data/vergelijk.json, whose contents test_embed.py checks against
the derived figures."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers.browser import Page, need_browser, tab_until
from helpers.shipped import ENGINES

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module", params=ENGINES)
def site(request, shipped_builds, geo_dir_optional) -> Path:
    need_browser()
    return shipped_builds(request.param)


@pytest.fixture(scope="module")
def data(site: Path) -> dict:
    return json.loads((site / "data" / "vergelijk.json").read_text(encoding="utf-8"))


def _open(page: Page, query: str = "") -> None:
    page.page.goto(f"{page.base}/vergelijk.html{query}")
    page.page.wait_for_selector("#hhz-vergelijk-regio-1")


def _wait_for_result(page: Page) -> None:
    page.page.wait_for_selector("#hhz-vergelijk-resultaat table")


def _table_rows(page: Page, caption_start: str) -> list[list[str]]:
    """The rows (header cell and data cells, as text) of the table whose caption starts so."""
    return page.page.evaluate(
        """start => {
          const table = [...document.querySelectorAll('#hhz-vergelijk-resultaat table')]
            .find(t => t.caption.textContent.startsWith(start));
          return [...table.tBodies[0].rows].map(r => [...r.cells].map(c => c.textContent.trim()));
        }""",
        caption_start,
    )


def _by_id(data: dict) -> dict[str, dict]:
    return {r["id"]: r for r in data["regios"]}


def _unsorted_choice(data: dict, count: int) -> list[str]:
    """``count`` regions not in alphabetical order (with three or more, in no sorted order)."""
    ids = [r["id"] for r in data["regios"]]  # listed by name
    choice = ([ids[-1], ids[1], ids[0], ids[2]] if count < 3 else [ids[1], ids[-1], ids[0], ids[2]])[:count]
    names = [_by_id(data)[i]["korte_naam"] for i in choice]
    assert names != sorted(names) and (count < 3 or names != sorted(names, reverse=True))
    return choice


def test_choosing_regions_shows_them_in_the_order_chosen(page: Page, data: dict) -> None:
    _open(page)
    assert page.page.locator("#hhz-vergelijk-zonder-js").is_hidden()
    choice = _unsorted_choice(data, 3)
    for i, region_id in enumerate(choice):
        page.page.select_option(f"#hhz-vergelijk-regio-{i + 1}", region_id)
    page.page.get_by_role("button", name="Vergelijk").click()
    _wait_for_result(page)
    assert page.page.url.endswith("vergelijk.html?regio=" + ",".join(choice))
    regions = _by_id(data)
    names = [regions[i]["korte_naam"] for i in choice]
    # one combined table: a row per bouwsteen, a column per region in the order chosen (issue 26)
    table = page.page.evaluate(
        """() => {
          const table = document.querySelector('#hhz-vergelijk-resultaat table.hhz-compare-table');
          return {head: [...table.tHead.rows[0].cells].map(c => c.textContent.trim()),
                  rows: [...table.tBodies[0].rows].map(r => [...r.cells].map(c => c.textContent.trim()))};
        }"""
    )
    assert table["head"] == ["Bouwsteen", *names]  # order as chosen, never by level
    assert [row[0] for row in table["rows"]] == [b["naam"] for b in data["bouwstenen"]]
    for bouwsteen, row in zip(data["bouwstenen"], table["rows"]):
        for shown, region_id in zip(row[1:], choice):
            score = regions[region_id]["bouwstenen"][bouwsteen["id"]]
            assert shown.startswith(score["niveau_tekst"] if score["niveau"] is not None else "– geen gegevens"), shown
            assert score["ontwikkeling_tekst"] in shown
            if score["ambitie_tekst"]:
                assert "ambitie " + score["ambitie_tekst"].removeprefix("niveau ") in shown
    assert [r[0] for r in _table_rows(page, "Zelfevaluaties")] == names
    # a chart per bouwsteen on the shared scale: per region a filled mark at its level (further
    # right for a higher level) and an open one at its ambition
    charts = page.page.evaluate(
        """() => [...document.querySelectorAll('svg.hhz-compare-chart')].map(svg => ({
              label: svg.getAttribute('aria-label'),
              marks: [...svg.querySelectorAll('g[data-regio]')].map(g => ({
                id: g.dataset.regio,
                level: [...g.querySelectorAll('.hhz-compare-niveau')].map(m => m.getBBox().x + m.getBBox().width / 2),
                ambition: g.querySelectorAll('.hhz-compare-ambitie').length}))}))"""
    )
    assert len(charts) == len(data["bouwstenen"])
    for bouwsteen, chart in zip(data["bouwstenen"], charts):
        assert chart["label"].startswith(bouwsteen["naam"] + ". ")
        assert [m["id"] for m in chart["marks"]] == choice
        positions: dict[int, set[int]] = {}  # level -> x of the marks at that level
        for m in chart["marks"]:
            score = regions[m["id"]]["bouwstenen"][bouwsteen["id"]]
            assert len(m["level"]) == (score["niveau"] is not None)
            assert m["ambition"] == (score["ambitie"] is not None)
            if m["level"]:
                positions.setdefault(score["niveau"], set()).add(round(m["level"][0]))
        assert all(len(xs) == 1 for xs in positions.values())  # one place per level
        ordered = [next(iter(positions[level])) for level in sorted(positions)]
        assert ordered == sorted(set(ordered))  # a higher level further right
    assert page.foreign == [] and page.errors == []


def test_the_address_is_a_permalink_and_back_restores_it(page: Page, data: dict) -> None:
    choice = _unsorted_choice(data, 2)
    _open(page, "?regio=" + ",".join(choice))
    _wait_for_result(page)
    names = [_by_id(data)[i]["korte_naam"] for i in choice]
    assert page.page.input_value("#hhz-vergelijk-regio-1") == choice[0]
    assert page.page.input_value("#hhz-vergelijk-regio-2") == choice[1]
    assert page.page.input_value("#hhz-vergelijk-regio-3") == ""
    assert [r[0] for r in _table_rows(page, "Zelfevaluaties")] == names
    permalink = page.page.locator("a.hhz-compare-permalink")
    assert permalink.get_attribute("href").endswith("vergelijk.html?regio=" + ",".join(choice))
    # a new choice, then back: the first comparison again
    page.page.select_option("#hhz-vergelijk-regio-1", choice[1])
    page.page.select_option("#hhz-vergelijk-regio-2", choice[0])
    page.page.get_by_role("button", name="Vergelijk").click()
    page.page.wait_for_url(re.compile(r"regio=" + ",".join(choice[::-1]) + "$"))
    assert [r[0] for r in _table_rows(page, "Zelfevaluaties")] == names[::-1]
    page.page.go_back()
    page.page.wait_for_url(re.compile(r"regio=" + ",".join(choice) + "$"))
    page.page.wait_for_function(
        "first => document.querySelector('#hhz-vergelijk-resultaat tbody th').textContent.trim() === first",
        arg=names[0],
    )
    assert [r[0] for r in _table_rows(page, "Zelfevaluaties")] == names
    assert page.errors == []


def test_too_few_or_unknown_regions_are_explained(page: Page, data: dict) -> None:
    first = data["regios"][0]["id"]
    _open(page, f"?regio={first},bestaat-niet")
    status = page.page.locator("#hhz-vergelijk-status")
    assert status.get_attribute("role") == "status"
    assert "Onbekende regio in het adres: bestaat-niet." in status.inner_text()
    assert "Kies nog een regio" in status.inner_text()
    assert page.page.locator("#hhz-vergelijk-resultaat table").count() == 0
    page.page.get_by_role("button", name="Vergelijk").click()
    assert status.inner_text() == "Kies ten minste 2 verschillende regio's om te vergelijken."
    assert page.page.evaluate("document.activeElement.id") == "hhz-vergelijk-regio-2"
    assert page.errors == []


HOSTILE_IDS = ["__proto__", "constructor", "toString", "hasOwnProperty", '<img src=x onerror="window.hhzHit=1">']


def test_ids_in_the_address_are_data_never_keys(page: Page, data: dict) -> None:
    """Names of Object.prototype and markup in the address are unknown regions, named in one
    sentence; of the 5 real regions among 10 ids the first 4 are shown, in their order."""
    from urllib.parse import quote

    known = [r["id"] for r in data["regios"]][:5]
    ids = HOSTILE_IDS[:3] + known[:2] + HOSTILE_IDS[3:] + known[2:]
    assert len(ids) == 10
    _open(page, "?regio=" + ",".join(quote(i, safe="") for i in ids))
    _wait_for_result(page)
    regions = _by_id(data)
    names = [regions[i]["korte_naam"] for i in known[: data["max"]]]
    assert data["max"] == 4
    heading = page.page.locator("#vergelijking").inner_text()
    assert heading == "Vergelijking van " + ", ".join(names[:-1]) + " en " + names[-1]
    assert [r[0] for r in _table_rows(page, "Zelfevaluaties")] == names
    links = page.page.eval_on_selector_all("#hhz-vergelijk-resultaat a", "as => as.map(a => a.getAttribute('href'))")
    assert links and not [h for h in links if not h or "undefined" in h or "null" in h]
    status = page.page.locator("#hhz-vergelijk-status").inner_text()
    unknown = HOSTILE_IDS
    assert status == (
        "Onbekende regio's in het adres: " + ", ".join(unknown[:-1]) + " en " + unknown[-1] + "."
        " Er worden er ten hoogste 4 getoond."
    )
    assert page.page.evaluate("window.hhzHit") is None
    assert page.page.locator("#hhz-vergelijk-resultaat img[src='x'], #hhz-vergelijk-status *").count() == 0
    assert page.errors == []


def test_only_unknown_ids_show_nothing_but_the_sentence(page: Page) -> None:
    _open(page, "?regio=__proto__,constructor")
    page.page.wait_for_function("document.querySelector('#hhz-vergelijk-status').textContent !== ''")
    assert page.page.locator("#hhz-vergelijk-status").inner_text() == "Onbekende regio's in het adres: __proto__ en constructor."
    assert page.page.locator("#hhz-vergelijk-resultaat").inner_text() == ""
    assert page.errors == []


def test_the_form_works_with_the_keyboard_alone(page: Page, data: dict) -> None:
    _open(page)
    assert tab_until(page, "el => el.id === 'hhz-vergelijk-regio-1'"), "Tab bereikt de eerste keuzelijst niet"
    assert page.page.locator('label[for="hhz-vergelijk-regio-1"]').inner_text() == "Regio 1"
    page.page.keyboard.press("ArrowDown")  # the first region (the list is by name)
    page.page.keyboard.press("Tab")
    page.page.keyboard.press("ArrowDown")
    page.page.keyboard.press("ArrowDown")  # the second region
    assert tab_until(page, "el => el.type === 'submit'", limit=5)
    page.page.keyboard.press("Enter")
    _wait_for_result(page)
    first, second = data["regios"][0], data["regios"][1]
    assert page.page.url.endswith(f"?regio={first['id']},{second['id']}")
    heading = page.page.evaluate("[document.activeElement.tagName, document.activeElement.textContent]")
    assert heading == ["H2", f"Vergelijking van {first['korte_naam']} en {second['korte_naam']}"]
    status = page.page.locator("#hhz-vergelijk-status").inner_text()
    assert status == f"Vergelijking van {first['korte_naam']} en {second['korte_naam']} getoond."
    # from the results, Tab reaches the region links in the tables
    assert tab_until(page, f"el => el.getAttribute('href') === '{first['pagina']}'")
    assert page.errors == []


def test_without_javascript_the_page_explains_and_links_every_region(browser, server, site: Path, data: dict) -> None:
    plain = Page(browser, server, java_script_enabled=False)
    try:
        plain.page.goto(f"{plain.base}/vergelijk.html?regio=humo,neo")
        note = plain.page.locator("#hhz-vergelijk-zonder-js")
        assert note.is_visible()
        assert "JavaScript" in note.inner_text()
        assert plain.page.locator("#hhz-vergelijk select").count() == 0  # no form that cannot work
        links = plain.page.locator(".hhz-compare-regions a")
        hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
        assert sorted(hrefs) == sorted(r["pagina"] for r in data["regios"])
        assert all((site / href).is_file() for href in hrefs)
        links.first.focus()
        plain.page.keyboard.press("Enter")
        plain.page.wait_for_url(f"{plain.base}/{hrefs[0]}")
        assert plain.foreign == []
    finally:
        plain.close()


def test_the_page_works_opened_from_disk(browser, site: Path, data: dict) -> None:
    """Opened as site/vergelijk.html (file://), with the site's CSP: Chromium blocks fetch()
    there, so the data comes as a script (assets/hhz-vergelijk-data.js) and the tables appear."""
    assert (site / "assets" / "hhz-vergelijk-data.js").is_file() and (site / "data" / "vergelijk.json").is_file()
    context = browser.new_context(viewport={"width": 1200, "height": 1000})  # CSP enforced
    try:
        page = context.new_page()
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        choice = _unsorted_choice(data, 2)
        page.goto(f"{(site / 'vergelijk.html').as_uri()}?regio={','.join(choice)}")
        page.wait_for_selector("#hhz-vergelijk-resultaat table", timeout=10_000)
        captions = page.locator("#hhz-vergelijk-resultaat caption").all_inner_texts()
        assert captions and all(text.strip() for text in captions)
        heading = page.locator("#vergelijking").inner_text()
        names = [_by_id(data)[i]["korte_naam"] for i in choice]
        assert all(name in heading for name in names)
        assert heading.index(names[0]) < heading.index(names[1])  # the order chosen
        assert page.locator("#hhz-vergelijk-zonder-js").is_hidden()
        assert all(url.startswith("file://") for url in requested), [u for u in requested if not u.startswith("file://")]
    finally:
        context.close()


def test_a_region_page_links_a_comparison_with_its_peers(page: Page, data: dict) -> None:
    """The "Vergelijk met …" link: the region first, then peers from its Leer-van section."""
    regions = _by_id(data)
    for region_id in regions:
        page.page.goto(f"{page.base}/regios/{region_id}.html")
        link = page.page.locator(".hhz-compare-link a")
        href = link.get_attribute("href")
        ids = href.split("?regio=", 1)[1].split(",")
        assert ids[0] == region_id and 1 <= len(ids) <= data["max"]
        peers = page.page.eval_on_selector_all(
            "h2#leer-van ~ ul a[href$='.html']:not([href*='goede-voorbeelden'])",
            "links => links.map(a => a.getAttribute('href').replace('.html', ''))",
        )
        assert set(ids[1:]) <= set(peers)
        if len(ids) > 1:
            link.click()
            _wait_for_result(page)
            names = [regions[i]["korte_naam"] for i in ids]
            assert [r[0] for r in _table_rows(page, "Zelfevaluaties")] == names
            return
    pytest.fail("geen enkele regio heeft Leer-van-regio's om mee te vergelijken")


def test_the_embed_code_on_a_region_page_gets_absolute_urls(page: Page, data: dict) -> None:
    """The shipped site has no site_url: the page's script makes the code's paths absolute."""
    region_id = data["regios"][0]["id"]
    page.page.goto(f"{page.base}/regios/{region_id}.html")
    page.page.locator("details#delen > summary").click()  # the embed code is folded (issue 26)
    codes = page.page.locator("pre.hhz-embed code")
    page.page.wait_for_function("() => !document.querySelector('code[data-hhz-relatief]')")
    base = f"{page.base}/regios/"
    assert codes.nth(0).inner_text().startswith(f'<a href="{base}{region_id}.html"><img src="{base}{region_id}-scorekaart.svg"')
    assert codes.nth(3).inner_text().endswith(f"]({base}{region_id}-badge.svg)]({base}{region_id}.html)")
    assert page.page.locator(".hhz-embed-relative").is_hidden()
    assert page.errors == []
