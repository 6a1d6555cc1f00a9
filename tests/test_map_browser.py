"""The map in a real browser (Debian's Chromium through Playwright): no third-party requests,
one focusable shape per region, tooltips, links, layers and keyboard use.

Skipped when /usr/bin/chromium is missing, except on CI (CI=true), where that is a failure.
"""

from __future__ import annotations

import contextlib
import functools
import os
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from projectfactory import BOUWSTEEN_IDS, make_project, region_yaml
from test_map import EVIL, copy_site_sources, neighbours

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = REPO / "test-artifacts"


def _need_browser() -> None:
    problem = None
    if not CHROMIUM.exists():
        problem = f"{CHROMIUM} ontbreekt (apt install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "playwright is niet geïnstalleerd"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browsertests kunnen niet draaien op CI: {problem}")
        pytest.skip(problem)


@pytest.fixture(scope="module")
def geo_dir() -> Path:
    candidate = Path(os.environ.get("HHZ_GEO_DIR") or REPO.parent / "shared" / "geo")
    if not (candidate / "gemeente_2025.topojson").is_file():
        if os.environ.get("CI") == "true":
            pytest.fail("geen CBS-geodata op CI (HHZ_GEO_DIR)")
        pytest.skip("geen CBS-geodata (HHZ_GEO_DIR of ../shared/geo)")
    return candidate


@pytest.fixture(scope="module")
def site(tmp_path_factory, geo_dir: Path) -> Path:
    """A small project with three regions (two neighbours, one with an unsafe name), built once."""
    from hhz.geo import load_geo_reference

    _need_browser()
    a, b, c = neighbours(load_geo_reference(geo_dir))
    root = tmp_path_factory.mktemp("kaart-browser")
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
        [sys.executable, "-m", "hhz", "build", str(root), "--geo-dir", str(geo_dir), "-q"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root / "site"


@contextlib.contextmanager
def serve_directory(directory: Path):
    """Serve a folder on 127.0.0.1 (a free port) in a thread; yields the base URL. Quiet: no
    access log, and no tracebacks when the browser hangs up mid-response."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    class QuietServer(ThreadingHTTPServer):
        def handle_error(self, request, client_address) -> None:
            if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
                super().handle_error(request, client_address)  # the browser hung up: not an error

    httpd = QuietServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def server(site: Path):
    with serve_directory(site) as base:
        yield base


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class Page:
    """A page whose every request is checked: anything not on 127.0.0.1 is aborted and recorded."""

    def __init__(self, browser, base: str, **options):
        # The pages carry a CSP <meta> tag (no eval); Playwright's wait_for_function evaluates
        # strings, so these tests bypass it. tests/test_csp.py checks the site under the CSP.
        self.context = browser.new_context(
            **{"viewport": {"width": 1200, "height": 1000}, "bypass_csp": True, **options}
        )
        self.page = self.context.new_page()
        self.base = base
        self.foreign: list[str] = []
        self.errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.route("**/*", self._route)

    def _route(self, route) -> None:
        url = route.request.url
        if urlsplit(url).hostname != "127.0.0.1":
            self.foreign.append(url)
            route.abort()
        else:
            route.continue_()

    def open(self, path: str = "kaart.html") -> None:
        self.page.goto(f"{self.base}/{path}")
        self.page.wait_for_function("window.HHZ_MAP !== undefined")
        self.page.locator("#map_hhz").scroll_into_view_if_needed()

    def point_of(self, region_id: str) -> tuple[float, float]:
        """Viewport coordinates of a point inside the region (its label point)."""
        return tuple(
            self.page.evaluate(
                """id => {
                  const item = HHZ_MAP.regions.find(r => r.region.id === id);
                  const p = HHZ_MAP.map.latLngToContainerPoint(item.region.label);
                  const box = HHZ_MAP.map.getContainer().getBoundingClientRect();
                  return [box.left + p.x, box.top + p.y];
                }""",
                region_id,
            )
        )

    def tooltip(self):
        """The open tooltip (a closed one fades out for 200 ms; wait until it is gone)."""
        self.page.wait_for_function("document.querySelectorAll('.leaflet-tooltip').length === 1")
        tooltip = self.page.locator(".leaflet-tooltip.hhz-map-tooltip")
        tooltip.wait_for(state="visible")
        return tooltip

    def fill_of(self, region_id: str) -> str:
        return self.page.get_attribute(f'path[data-regio="{region_id}"]', "fill")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def page(browser, server):
    wrapper = Page(browser, server)
    yield wrapper
    wrapper.close()


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
    page.page.locator(".hhz-map-wrap").screenshot(path=str(ARTIFACTS / "kaart.png"))


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


def tab_until(page: Page, script: str, limit: int = 80):
    """Press Tab until ``script`` (a function of the focused element) returns something truthy."""
    for _ in range(limit):
        page.page.keyboard.press("Tab")
        found = page.page.evaluate(f"() => {{ const el = document.activeElement; return el && ({script})(el); }}")
        if found:
            return found
    return None


def focus_outline(page: Page) -> dict:
    return page.page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
                   return {style: s.outlineStyle, width: s.outlineWidth, stroke: s.stroke,
                           strokeWidth: s.strokeWidth}; }"""
    )


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
