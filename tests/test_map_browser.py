"""The map in a real browser (Debian's Chromium through Playwright): no third-party requests,
one focusable shape per region, tooltips, links, layers and keyboard use.

Skipped when /usr/bin/chromium is missing, except on CI (CI=true), where that is a failure.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from hhz.geo.reference import load_geo_reference
from helpers import ARTIFACTS
from helpers.browser import Page, focus_outline, need_browser, tab_until
from helpers.maps import EVIL, neighbours
from helpers.shipped import ENGINES
from helpers.sites import copy_site_sources
from projectfactory import BOUWSTEEN_IDS, make_project, region_yaml

pytestmark = pytest.mark.browser

# geo_dir, browser, server and page come from conftest.py.


@pytest.fixture(scope="module", params=ENGINES)
def site(request, tmp_path_factory, geo_dir: Path) -> Path:
    """A small project with three regions (two neighbours, one with an unsafe name), built once
    per engine: the map sits inside the theme's page, so each theme's page is tested."""
    need_browser()
    a, b, c = neighbours(load_geo_reference(geo_dir))
    root = tmp_path_factory.mktemp(f"kaart-browser-{request.param}")
    make_project(
        root,
        {
            "alfa": region_yaml("alfa", [a, b]),
            "beta": region_yaml("beta", [c], levels_new={x: 3 for x in BOUWSTEEN_IDS} | {"regiovisie": 5}),
            "gamma": region_yaml("gamma", ["GM0344"]).replace("naam: Regio gamma", f"naam: '{EVIL}'"),
        },
    )
    copy_site_sources(root)
    proc = subprocess.run(
        [sys.executable, "-m", "hhz", "build", str(root), "--geo-dir", str(geo_dir), "--engine", request.param, "-q"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root / "site"


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
    page.page.check('input[name="hhz-laag"][value="gemiddeld"]')
    assert page.fill_of("beta") == "#6baed6"  # average (5 + 5 x 3) / 6 = 3,3: the class 2,5 to 3,4
    page.page.mouse.move(*page.point_of("beta"))
    assert "Gemiddeld niveau: 3,3" in page.tooltip().inner_text()


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
