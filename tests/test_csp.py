"""The Content-Security-Policy and the other security headers, in a real browser.

The shipped site is built, then served on 127.0.0.1 by a server that sends the headers
from ``site/_headers`` (as Netlify would). Every page type is loaded in Chromium with a
``securitypolicyviolation`` listener and a console listener: the site must satisfy its own
policy, and the map must still draw its regions under it. A control test serves a policy
without the script hashes and expects violations, so the listener demonstrably works.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import re
from pathlib import Path

import pytest

from hhz.publish.headers import HEADERS_FILE, parse_headers_file, runtime_styles, theme_scripts
from helpers.browser import Guarded, need_browser, open_search, serve_directory
from helpers.shipped import ENGINES, engine_of

pytestmark = pytest.mark.browser

PAGES = [
    "index.html",
    "kaart.html",
    "regios/index.html",
    "regios/humo.html",
    "bouwstenen/index.html",
    "bouwstenen/regiovisie.html",
    "goede-voorbeelden/index.html",
    "goede-voorbeelden/humo-drie-pijlers-en-regioraad.html",
    "open-data.html",
    "vergelijk.html?regio=humo,neo",
    "colofon.html",
    "404.html",
]

# What the theme keeps in localStorage after browsing and searching, per engine, with the reason
# (also in maintainers/quality.md). Anything else fails the test.
STORED_BY_ENGINE: dict[str, dict[str, str]] = {
    "mkdocs": {},
    # Zensical 0.0.73 stored "/.__palette" here (it drew a palette switch with one option); the
    # site's own header (site_templates/theme/partials/header.html) draws no palette switch.
    "zensical": {},
}


RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || "") + ":" + e.lineNumber);
});
"""


@pytest.fixture(scope="module", params=ENGINES)
def site(request, shipped_builds, geo_dir: Path) -> Path:
    """The shipped site, built with each engine in turn (once per session)."""
    need_browser()
    return shipped_builds(request.param)


def runtime_style_hashes(site: Path) -> list[str]:
    texts = runtime_styles(theme_scripts(site))
    return sorted("'sha256-" + base64.b64encode(hashlib.sha256(t.encode()).digest()).decode() + "'" for t in texts)


def site_headers(site: Path) -> dict[str, str]:
    rules = parse_headers_file((site / HEADERS_FILE).read_text(encoding="utf-8"))
    assert list(rules) == ["/*", "/beheer/*"]  # beheer/ (the form editor): tests/test_cms_config.py
    return rules["/*"]


@pytest.fixture(scope="module")
def serve(site: Path):
    """``serve(headers)`` -> base URL of the site served with those headers."""
    with contextlib.ExitStack() as servers:
        yield lambda headers: servers.enter_context(serve_directory(site, headers))


# browser (Chromium, once for this module) comes from conftest.py.


class Watched(Guarded):
    """A guarded page (helpers/browser.py: CSP console messages, errors and foreign requests
    recorded) that also records every ``securitypolicyviolation`` event."""

    def __init__(self, browser, base: str):
        super().__init__(browser, base, init_script=RECORD_VIOLATIONS)

    def open(self, path: str) -> None:
        response = self.page.goto(f"{self.base}/{path}")
        assert response is not None
        self.page.wait_for_load_state("load")
        self.page.wait_for_timeout(100)

    def violations(self) -> list[str]:
        return self.page.evaluate("window.__csp || []") + self.console


@pytest.fixture
def watched(browser, serve, site):
    base = serve(site_headers(site))
    page = Watched(browser, base)
    yield page
    page.close()


def test_headers_file_has_the_security_headers(site: Path) -> None:
    headers = site_headers(site)
    csp = dict(d.strip().split(" ", 1) for d in headers["Content-Security-Policy"].split(";"))
    assert csp["default-src"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'" and csp["base-uri"] == "'none'"
    # no inline styles at all; with Zensical only the search's shadow-root style sheet (its
    # exact text, taken from the built bundle), see test_zensical_search_style_is_allowed_exactly
    assert csp["style-src"] == " ".join(["'self'", *runtime_style_hashes(site)])
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in headers["Content-Security-Policy"]
    assert re.fullmatch(r"'self'( 'sha256-[A-Za-z0-9+/]{43}=')+", csp["script-src"])
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Content-Type-Options"] == "nosniff"
    for feature in ("geolocation", "camera", "microphone", "interest-cohort", "browsing-topics"):
        assert f"{feature}=()" in headers["Permissions-Policy"]


def test_every_page_carries_the_meta_fallback_before_any_script(site: Path) -> None:
    headers = site_headers(site)
    expected = headers["Content-Security-Policy"].replace("; frame-ancestors 'none'", "")
    # beheer/ (the form editor) has its own policy: tests/test_cms_config.py
    pages = sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "beheer")
    assert len(pages) > 15
    for path in pages:
        text = path.read_text(encoding="utf-8")
        metas = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', text)
        assert metas == [expected.replace("&", "&amp;")], path
        assert text.index("Content-Security-Policy") < text.index("<script"), path
        assert "frame-ancestors" not in metas[0]  # ignored (with a console warning) in <meta>
        assert '<meta name="referrer" content="no-referrer">' in text, path


@pytest.mark.parametrize("path", PAGES)
def test_page_satisfies_the_policy(watched: Watched, path: str) -> None:
    watched.open(path)
    assert watched.violations() == []
    assert watched.errors == []
    assert watched.foreign == []


def test_map_draws_its_regions_under_the_policy(watched: Watched, site: Path) -> None:
    watched.open("kaart.html")
    # wait_for_selector, not wait_for_function: the latter evaluates a string, which the CSP forbids
    watched.page.wait_for_selector("path.hhz-map-region", timeout=10_000)
    regions = watched.page.locator("path.hhz-map-region")
    expected = len(list((site / "regios").glob("*.html"))) - 1  # minus the index
    assert regions.count() == expected > 3
    fills = {regions.nth(i).get_attribute("fill") for i in range(regions.count())}
    # a colour, or the hatch of 'onbekend' (a pattern in the page): SVG attributes, no styles
    assert fills and all(re.fullmatch(r"#[0-9A-Fa-f]{6}|url\(#hhz-arcering-[a-z-]+\)", f or "") for f in fills)
    # the legend swatches are small SVGs with the same paint as attributes, not style attributes
    swatch = watched.page.locator(".hhz-map-legend:not([hidden]) .hhz-map-swatch rect").first
    assert swatch.evaluate("e => getComputedStyle(e).fill") == "rgb(0, 158, 115)"  # openbaar
    assert watched.violations() == []
    assert watched.errors == []


def test_the_comparison_is_built_under_the_policy(watched: Watched) -> None:
    """The comparison page fetches its JSON and builds form, charts and tables under the CSP."""
    watched.open("vergelijk.html?regio=humo,neo")
    watched.page.wait_for_selector("#hhz-vergelijk-resultaat table", timeout=10_000)
    assert watched.page.locator("svg.hhz-compare-chart").count() == 6  # a chart per bouwsteen (issue 26)
    cell = watched.page.locator("#hhz-vergelijk-resultaat td.hhz-level").first
    assert cell.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"  # a colour class
    assert watched.violations() == [] and watched.errors == [] and watched.foreign == []


def test_level_colours_come_from_the_stylesheet(watched: Watched) -> None:
    watched.open("bouwstenen/index.html")
    cell = watched.page.locator("td.hhz-level", has_text="5").first
    assert cell.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(8, 48, 107)"
    assert cell.evaluate("e => getComputedStyle(e).color") == "rgb(255, 255, 255)"
    assert watched.violations() == []


def test_search_works_under_the_policy(watched: Watched, site: Path) -> None:
    watched.open("index.html")
    results = open_search(watched, engine_of(site), "mandaat")
    assert results.count() > 0
    if engine_of(site) == "zensical":
        # the shadow root's style sheet applies: the dialog is laid out by it, not unstyled
        dialog = watched.page.locator("dialog[aria-modal=true]")
        assert dialog.evaluate("e => getComputedStyle(e).position") in ("fixed", "absolute")
        assert dialog.evaluate("e => e.getRootNode().querySelectorAll('style').length") == 1
    assert watched.violations() == []
    assert watched.errors == []


def test_zensical_search_style_is_allowed_exactly(browser, serve, site: Path) -> None:
    """Control for the run-time style: Zensical's bundle holds one style sheet for its search
    dialog, its hash is in the policy, and without that hash Chromium reports it as blocked
    (with the very hash the build computed). Material's bundle inserts none."""
    hashes = runtime_style_hashes(site)
    if engine_of(site) == "mkdocs":
        assert hashes == []
        return
    assert len(hashes) == 1
    headers = dict(site_headers(site))
    headers["Content-Security-Policy"] = headers["Content-Security-Policy"].replace(" " + hashes[0], "")
    page = Watched(browser, serve(headers))
    try:
        page.open("index.html")
        assert any("style-src" in v for v in page.violations()), page.violations()
        assert any(hashes[0] in v for v in page.console), page.console
    finally:
        page.close()


def test_the_listener_sees_violations_of_a_stricter_policy(browser, serve, site: Path) -> None:
    """Control: without the script hashes Material's inline scripts must be reported as blocked."""
    headers = dict(site_headers(site))
    headers["Content-Security-Policy"] = re.sub(r" 'sha256-[^']+'", "", headers["Content-Security-Policy"])
    page = Watched(browser, serve(headers))
    try:
        page.open("index.html")
        assert any("script-src" in v for v in page.violations()), page.violations()
    finally:
        page.close()


def test_no_cookies_and_nothing_stored_in_the_browser(watched: Watched, site: Path) -> None:
    """What the colofon promises: no cookies, and the theme stores nothing (no toggles configured)."""
    watched.open("kaart.html")
    watched.page.check('input[name="hhz-laag"][value="regiovisie"]')
    watched.open("regios/humo.html")
    watched.open("index.html")
    open_search(watched, engine_of(site), "regio")
    assert watched.context.cookies() == []
    assert watched.page.evaluate("document.cookie") == ""
    stored = watched.page.evaluate("Object.keys(localStorage)")
    assert stored == list(STORED_BY_ENGINE[engine_of(site)]), stored
    assert watched.page.evaluate("Object.keys(sessionStorage)") == []
