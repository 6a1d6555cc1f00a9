"""The map in a real browser (Debian's Chromium through Playwright): no third-party requests,
one focusable shape per region, tooltips, links, layers and keyboard use; the gemeenten
without region painted (pixels), outlined legend swatches, the legend beside or over the map,
a tap that opens a popup instead of leaving the page, targets of 24 x 24 px, no 'gemiddeld'.

Skipped when /usr/bin/chromium is missing, except on CI (CI=true), where that is a failure.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import ARTIFACTS
from helpers.browser import Page, focus_outline, need_browser, tab_until
from helpers.colours import contrast, parse_css_colour, png_pixels
from helpers.maps import EVIL
from helpers.shipped import ENGINES, engine_of
from projectfactory import BOUWSTEEN_IDS

pytestmark = pytest.mark.browser

# geo_dir, browser, server and page come from conftest.py.


@pytest.fixture(scope="module", params=ENGINES)
def site(request, built_sites) -> Path:
    """A small project with three regions (two neighbours, one with an unsafe name), built once
    per engine: the map sits inside the theme's page, so each theme's page is tested."""
    need_browser()
    return built_sites("map", request.param) / "site"


def test_map_loads_without_third_party_requests(page: Page) -> None:
    page.open()
    assert page.page.evaluate("typeof window.L === 'object' && typeof window.L.map === 'function'")
    # the Leaflet map is the one folium's script created, and the regions are drawn on it
    assert page.page.evaluate("window.map_hhz instanceof L.Map && window.HHZ_MAP.map === window.map_hhz")
    page.page.wait_for_timeout(200)
    assert page.foreign == []
    assert page.errors == []
    assert "Grenzen: CBS/Kadaster (CC BY 4.0)" in page.page.inner_text(".leaflet-control-attribution")
    assert page.page.locator(".leaflet-tile").count() == 0  # no base tiles by default
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.locator(".hhz-map-wrap").screenshot(path=str(ARTIFACTS / "kaart.png"))  # the last engine's


def test_one_accessible_shape_per_region(page: Page) -> None:
    page.open()
    shapes = page.page.locator("path.hhz-map-region")
    assert shapes.count() == 3
    labels = []
    for i in range(3):
        shape = shapes.nth(i)
        assert shape.get_attribute("tabindex") == "0"
        assert shape.get_attribute("role") == "link"
        labels.append(shape.get_attribute("aria-label"))
    assert any(label.startswith("Regio alfa. Regioplan: Openbaar regioplan") for label in labels)
    assert any(label.startswith(EVIL) for label in labels)


def test_hover_shows_the_name_in_a_tooltip(page: Page) -> None:
    page.open()
    for region_id, name in (("alfa", "Regio alfa"), ("beta", "Regio beta"), ("gamma", EVIL)):
        page.page.mouse.move(*page.point_of(region_id))
        tooltip = page.tooltip()
        assert tooltip.locator("strong").inner_text() == name
        assert "Regioplan: Openbaar regioplan" in tooltip.inner_text()
        assert tooltip.locator("img").count() == 0  # the unsafe name stays text
    page.page.mouse.move(5, 5)


def test_click_opens_the_region_page(page: Page) -> None:
    page.open()
    page.page.mouse.click(*page.point_of("beta"))
    page.page.wait_for_url("**/regios/beta.html")
    assert page.page.locator("h1").inner_text() == "Regio beta"
    assert page.page.locator("svg.hhz-minimap").count() == 1


def test_switching_the_layer_changes_colours_and_url(page: Page) -> None:
    page.open()
    assert page.fill_of("beta") == "#009E73"  # regioplan: openbaar
    page.page.check('input[name="hhz-laag"][value="regiovisie"]')
    assert page.fill_of("beta") == "#08306b"  # level 5
    assert page.fill_of("alfa") == "#6baed6"  # level 3
    assert page.page.evaluate("location.hash") == "#laag=regiovisie"
    assert page.page.locator('.hhz-map-legend[data-laag="regiovisie"]').is_visible()
    assert not page.page.locator('.hhz-map-legend[data-laag="regioplan"]').is_visible()
    page.page.mouse.move(*page.point_of("beta"))
    assert "Naam van regiovisie: niveau 5 Voorlopen" in page.tooltip().inner_text()
    # one layer per bouwsteen and the regioplan: none that adds levels across bouwstenen
    assert page.page.locator('input[name="hhz-laag"]').count() == 1 + len(BOUWSTEEN_IDS)


def test_a_link_opens_the_same_layer(page: Page) -> None:
    page.open("kaart.html#laag=regiovisie")
    assert page.page.is_checked('input[name="hhz-laag"][value="regiovisie"]')
    assert page.fill_of("beta") == "#08306b"
    assert page.page.locator('.hhz-map-legend[data-laag="regiovisie"]').is_visible()


def test_keyboard_walk_through_layers_and_regions(page: Page) -> None:
    """From the top of the page: Tab to the layer switcher, change the layer with the arrow keys,
    Tab on to a region (visibly focused, named like its tooltip), Enter opens its page."""
    page.open()
    page.page.evaluate("() => { window.scrollTo(0, 0); document.activeElement && document.activeElement.blur(); }")
    layer = tab_until(page, "el => el.name === 'hhz-laag' && el.value")
    assert layer == "regioplan", "Tab bereikt de keuze van de kaartlaag niet (of niet de gekozen laag)"
    outline = focus_outline(page)
    assert outline["style"] != "none" and outline["width"] != "0px", outline
    before = page.fill_of("beta")
    page.page.keyboard.press("ArrowDown")  # radio group: the arrow keys move and select
    chosen = page.page.evaluate("() => document.activeElement.value")
    assert chosen != "regioplan" and page.page.is_checked(f'input[name="hhz-laag"][value="{chosen}"]')
    assert page.page.evaluate("location.hash") == f"#laag={chosen}"
    assert page.page.locator(f'.hhz-map-legend[data-laag="{chosen}"]').is_visible()
    assert page.fill_of("beta") != before
    focused = tab_until(page, "el => el.getAttribute('data-regio')", limit=10)
    assert focused, "Tab bereikt geen regio op de kaart"
    tooltip = page.tooltip()
    name = page.page.evaluate("() => document.activeElement.getAttribute('aria-label')")
    assert name.startswith(tooltip.locator("strong").inner_text())
    # a visible focus indicator: a black stroke on the region (an outline would be the bounding
    # box), and a black-and-white outline drawn over it in its own pane
    indicator = focus_outline(page)
    assert indicator["stroke"] == "rgb(0, 0, 0)" and indicator["strokeWidth"] == "3px", indicator
    assert page.page.locator(".leaflet-hhz-focus-pane path").count() == 2
    page.page.keyboard.press("Enter")
    page.page.wait_for_url(f"**/regios/{focused}.html")


def test_focus_tooltips_stay_inside_the_map(page: Page) -> None:
    """A region's tooltip opens where it can be read: inside the map, also when the region is
    at the top edge (the tooltip then opens below its point) and for long names (they wrap)."""
    page.open()
    box = page.page.locator("#map_hhz").bounding_box()
    for region_id in ("alfa", "beta", "gamma"):
        # move the map so that the region's label point is 30 px below the top of the map
        page.page.evaluate(
            """id => {
              const item = HHZ_MAP.regions.find(r => r.region.id === id);
              const p = HHZ_MAP.map.latLngToContainerPoint(item.region.label);
              HHZ_MAP.map.panBy([0, p.y - 30], {animate: false});
            }""",
            region_id,
        )
        page.page.focus(f'path[data-regio="{region_id}"]')
        tip = page.tooltip().bounding_box()
        assert box["y"] - 1 <= tip["y"] and tip["y"] + tip["height"] <= box["y"] + box["height"] + 1, region_id
        assert box["x"] - 1 <= tip["x"] and tip["x"] + tip["width"] <= box["x"] + box["width"] + 1, region_id
        page.page.evaluate("() => document.activeElement.blur()")


# -- what the map shows, on a desktop and on a phone -------------------------------------------

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def open_page(browser, server):
    """``open_page(options)``: a Page with these context options, on kaart.html, closed after the test."""
    pages = []

    def make(options: dict, path: str = "kaart.html") -> Page:
        wrapper = Page(browser, server, **options)
        pages.append(wrapper)
        wrapper.open(path)
        return wrapper

    yield make
    for wrapper in pages:
        wrapper.close()


@pytest.fixture(scope="module")
def shown(browser, server):
    """``shown(options)``: kaart.html opened once per module (so per engine) in a context with
    these options, shared by the tests that only look at it (pixels, boxes, texts) and change
    nothing but the scroll position; a test that acts on the map (layers, taps, keys) opens
    its own page with ``open_page``. Its requests and script errors are checked last
    (test_kaart_does_not_scroll_sideways_and_is_photographed)."""
    pages: dict[str, Page] = {}

    def get(options: dict) -> Page:
        key = repr(sorted(options.items()))
        if key not in pages:
            pages[key] = Page(browser, server, **options)
            pages[key].open()
        return pages[key]

    yield get
    for wrapper in pages.values():
        wrapper.close()


NO_REGION_COLOURS = """() => {
  const fill = HHZ_KAART.geenGegevens;
  const match = /^url\\(#(.+)\\)$/.exec(fill);
  if (!match) { return [fill]; }
  const pattern = document.getElementById(match[1]);
  return [pattern.querySelector("rect").getAttribute("fill"), pattern.querySelector("path").getAttribute("stroke")];
}"""


@pytest.mark.parametrize("options", [DESKTOP, PHONE], ids=["1280", "390"])
def test_gemeenten_without_region_are_painted(shown, options) -> None:
    """The gemeenten in no region are on the screen in the colours the legend shows: pixels of
    a screenshot, not shapes in the DOM (these once lay in an SVG the theme shrank to 0 x 0)."""
    page = shown(options)
    wanted = [parse_css_colour(c) for c in page.page.evaluate(NO_REGION_COLOURS)]
    png = page.page.locator("#map_hhz").screenshot()
    width, height, pixels = png_pixels(page.page, png)

    def painted(x: int, y: int) -> bool:
        i = (y * width + x) * 4
        return any(all(abs(pixels[i + k] - colour[k]) <= 8 for k in range(3)) for colour in wanted)

    share = sum(painted(x, y) for y in range(0, height, 2) for x in range(0, width, 2)) / ((width // 2) * (height // 2))
    assert share > 0.10, f"{share:.1%} van de kaart in de kleuren van 'geen regio'"
    # Groningen (in no region of this project): around its centre, those colours
    x, y = page.page.evaluate("() => { const p = HHZ_MAP.map.latLngToContainerPoint([53.215, 6.57]); return [Math.round(p.x), Math.round(p.y)]; }")
    around = [painted(x + dx, y + dy) for dx in range(-4, 5) for dy in range(-4, 5)]
    assert sum(around) > len(around) / 2
    # and the legend names them, with a swatch in the same paint
    legend = page.page.locator(".hhz-map-legend:not([hidden]) li", has_text="Gemeente zonder regio op deze site")
    assert legend.locator("rect").get_attribute("fill") == page.page.evaluate("HHZ_KAART.geenGegevens")


def _background_behind(locator) -> str:
    return locator.evaluate(
        """e => { for (let n = e; n; n = n.parentElement) {
                    const c = getComputedStyle(n).backgroundColor;
                    if (c && c !== "transparent" && !/rgba\\(.*,\\s*0\\)$/.test(c)) { return c; } }
                  return "rgb(255, 255, 255)"; }"""
    )


@pytest.mark.parametrize("options", [DESKTOP, PHONE], ids=["1280", "390"])
def test_legend_swatches_stand_out_from_their_background(open_page, options) -> None:
    """WCAG 1.4.11: each swatch of every layer's legend has an outline (or a fill) of at least
    3:1 against what it is drawn on; the regions on the map have the same outline."""
    page = open_page(options)
    keys = page.page.evaluate("HHZ_KAART.lagen.map(l => l.key)")
    assert len(keys) == 1 + len(BOUWSTEEN_IDS)
    for key in keys:
        page.page.evaluate("key => HHZ_MAP.setLayer(key, false)", key)
        swatches = page.page.locator(f'.hhz-map-legend[data-laag="{key}"] svg.hhz-map-swatch')
        assert swatches.count() >= 6
        for i in range(swatches.count()):
            swatch = swatches.nth(i)
            box = swatch.bounding_box()
            assert box and box["width"] >= 16 and box["height"] >= 16, (key, i, box)
            background = parse_css_colour(_background_behind(swatch))
            style = swatch.locator("rect").evaluate("r => [getComputedStyle(r).stroke, getComputedStyle(r).fill]")
            stroke = contrast(parse_css_colour(style[0]), background)
            fill = contrast(parse_css_colour(style[1]), background) if style[1].startswith("rgb") else 0
            assert max(stroke, fill) >= 3, (key, i, style, background)
    stroke = page.page.get_attribute('path[data-regio="beta"]', "stroke")
    assert contrast(parse_css_colour(stroke), (255, 255, 255)) >= 3


def test_legend_beside_the_map_on_a_desktop_and_over_it_on_a_phone(shown) -> None:
    page = shown(DESKTOP)
    map_box = page.page.locator("#map_hhz").bounding_box()
    legend = page.page.locator(".hhz-map-legend:not([hidden])").bounding_box()
    assert legend["x"] >= map_box["x"] + map_box["width"] - 1  # beside, to the right ...
    assert legend["y"] < map_box["y"] + map_box["height"]  # ... next to the map, not below it
    page = shown(PHONE)
    map_box = page.page.locator("#map_hhz").bounding_box()
    legend = page.page.locator(".hhz-map-legends").bounding_box()
    assert map_box["x"] <= legend["x"] and legend["x"] + legend["width"] <= map_box["x"] + map_box["width"]
    assert map_box["y"] <= legend["y"] and legend["y"] + legend["height"] <= map_box["y"] + map_box["height"]
    # over the map, but not over the regions: their label points lie above the legend
    for region_id in ("alfa", "beta", "gamma"):
        assert page.point_of(region_id)[1] < legend["y"], region_id


def test_a_tap_shows_a_popup_and_stays_on_the_page(open_page) -> None:
    """On a touch screen a tap opens a popup (name, value in the chosen layer, a link) instead
    of leaving the page; the help speaks of tapping, not of Tab or pointing, and says 'je'."""
    page = open_page(PHONE)
    url = page.page.url
    page.page.touchscreen.tap(*page.point_of("beta"))
    popup = page.page.locator(".leaflet-popup.hhz-map-popup")
    popup.wait_for(state="visible")
    assert popup.locator("strong").inner_text() == "Regio beta"
    assert "Regioplan: Openbaar regioplan" in popup.inner_text()
    link = popup.locator(".leaflet-popup-content a")
    assert link.inner_text() == "Naar de pagina van de regio" and link.get_attribute("href") == "regios/beta.html"
    assert page.page.locator(".leaflet-hhz-focus-pane path").count() == 2  # the region outlined
    # a tap on another region: its popup (one at a time), its outline
    page.page.touchscreen.tap(*page.point_of("alfa"))
    page.page.wait_for_function("() => document.querySelector('.leaflet-popup strong')?.textContent === 'Regio alfa'")
    assert page.page.locator(".leaflet-popup").count() == 1
    assert page.page.locator(".leaflet-hhz-focus-pane path").count() == 2
    page.page.touchscreen.tap(*page.point_of("beta"))
    page.page.wait_for_function("() => document.querySelector('.leaflet-popup strong')?.textContent === 'Regio beta'")
    close = popup.locator("a.leaflet-popup-close-button").bounding_box()
    assert close["width"] >= 24 and close["height"] >= 24
    page.page.wait_for_timeout(400)
    assert page.page.url == url
    # another layer: the open popup shows its value there
    page.page.locator('input[name="hhz-laag"][value="regiovisie"]').tap()
    assert "Naam van regiovisie: niveau 5 Voorlopen" in popup.inner_text()
    assert page.page.locator(".leaflet-popup").count() == 1
    help_touch = page.page.locator("#hhz-map-help-touch")
    assert help_touch.is_visible() and not page.page.locator("#hhz-map-help").is_visible()
    text = help_touch.inner_text()
    assert "Tik op een regio" in text and "Tab" not in text and "Wijs" not in text
    assert page.page.get_attribute("#map_hhz", "aria-describedby") == "hhz-map-help-touch"
    link.tap()
    page.page.wait_for_url("**/regios/beta.html")
    assert page.errors == [] and page.foreign == []


def test_help_for_mouse_and_keyboard_says_je(shown) -> None:
    page = shown(DESKTOP)
    text = page.page.locator("#hhz-map-help").inner_text()
    assert page.page.locator("#hhz-map-help").is_visible() and not page.page.locator("#hhz-map-help-touch").is_visible()
    assert "Tab" in text and " je " in text and not re.search(r"\bu\b", text), text


@pytest.mark.parametrize("options", [DESKTOP, PHONE], ids=["1280", "390"])
def test_controls_are_at_least_24_px(shown, options) -> None:
    page = shown(options)
    targets = page.page.locator('input[name="hhz-laag"], .leaflet-control-zoom a')
    assert targets.count() == 1 + len(BOUWSTEEN_IDS) + 2
    for i in range(targets.count()):
        box = targets.nth(i).bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, (i, box)


def test_no_gemiddeld_in_the_built_site(site: Path) -> None:
    """The site never adds levels across bouwstenen: no 'gemiddeld' in any page or data file
    of the built site (the precompressed copies are the same files)."""
    files = [p for p in site.rglob("*") if p.is_file() and p.suffix not in (".br", ".gz", ".png", ".ico", ".woff2")]
    assert any(p.name == "kaart.html" for p in files) and len(files) > 30
    assert [str(p.relative_to(site)) for p in files if b"gemiddeld" in p.read_bytes().lower()] == []


@pytest.mark.parametrize("width", [1280, 390, 320])
def test_kaart_does_not_scroll_sideways_and_is_photographed(shown, site: Path, width: int) -> None:
    """No sideways scrolling, no script errors; for a reviewer, test-artifacts/ gets the first
    screen (kaart-<engine>-<width>.png) and the screen with the map (...-kaart.png). Screens,
    not a full-page capture: that resizes the window, and Chromium then drops the touch
    emulation, so a phone's capture would show the help text for a mouse."""
    options = DESKTOP if width > 600 else {**PHONE, "viewport": {"width": width, "height": 844}}
    page = shown(options)  # the page the tests above looked at (1280 and 390): its errors too
    page.page.evaluate("() => window.scrollTo(0, 0)")
    assert page.page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.errors == [] and page.foreign == []
    ARTIFACTS.mkdir(exist_ok=True)
    name = f"kaart-{engine_of(site)}-{width}"
    page.page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    page.page.evaluate("() => document.getElementById('map_hhz').scrollIntoView({block: 'start'})")
    page.page.evaluate("() => window.scrollBy(0, -70)")  # below the theme's header
    page.page.screenshot(path=str(ARTIFACTS / f"{name}-kaart.png"))
