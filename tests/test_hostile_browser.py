"""Build a site whose every text field is hostile, and browse it in Chromium.

Every plain and Markdown text field (names, toelichting, samenvatting, tekst, resultaten,
governance, bewijs and link titles, bouwstenen, the scale) holds script and HTML
injection, ``javascript:`` and ``data:`` links, HTML entities and Unicode tricks; URLs
try to break out of their attribute. The site must build, and on every page: no dialog
opens, no injected element or attribute exists in the DOM, no link has a
``javascript:``/``data:`` target, and no request leaves 127.0.0.1 — also after hovering
and focusing every region on the map and using the search.

Every browser test runs twice: with the page's CSP bypassed, which checks the escaping
itself (so that the CSP is a second line of defence, not the only one), and under the CSP,
where any blocked inline script or style would also fail the test. Bidi controls
such as U+202E cannot be in a buildable project: the validator refuses them
(tests/test_yamlsource.py, tests/test_hostile_input.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers.browser import Guarded, need_browser, open_search
from helpers.shipped import ENGINES, engine_of

pytestmark = pytest.mark.browser

# The project (every text field hostile) is in helpers/hostile.py; the site factory builds it.


@pytest.fixture(scope="module", params=ENGINES)
def site(request, built_sites) -> Path:
    """The hostile project, built with each engine (their search renders results differently:
    Material in the page, Zensical in a shadow root)."""
    need_browser()
    return built_sites("hostile", request.param) / "site"


# browser (Chromium) and server (the base URL of this site) come from conftest.py.


INJECTED = r"""
() => {
  const bad = [];
  const ours = /^\/(assets\/javascripts\/bundle\.[0-9a-f]+\.min\.js|assets\/hhz-[a-z-]+\.js|assets\/leaflet\/leaflet\.js)$/;
  const urlAttrs = ["href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "poster"];
  // the document and every open shadow root in it (Zensical draws its search in one)
  const roots = [document];
  for (let i = 0; i < roots.length; i++) {
    for (const el of roots[i].querySelectorAll("*")) if (el.shadowRoot) roots.push(el.shadowRoot);
  }
  for (const root of roots.slice(1)) {
    for (const el of root.querySelectorAll("*")) {
      // the theme's one style sheet sits directly in the root; anything else is injected
      if (el.matches("style, script, iframe, object, embed, base, math") && !(el.matches("style") && el.parentNode === root)) {
        bad.push(`${el.tagName} in shadow root`);
      }
      for (const a of el.attributes) {
        const value = a.value.replace(/[\s\u0000-\u001f]+/g, "").toLowerCase();
        if (a.name.toLowerCase().startsWith("on")) bad.push(`${el.tagName} met ${a.name} in shadow root`);
        if (urlAttrs.includes(a.name.toLowerCase()) && /^(javascript|data|vbscript):/.test(value)) bad.push(`${el.tagName} ${a.name}=${a.value} in shadow root`);
      }
    }
  }
  for (const el of document.querySelectorAll("*")) {
    for (const a of el.attributes) {
      const name = a.name.toLowerCase();
      const value = a.value.replace(/[\s\u0000-\u001f]+/g, "").toLowerCase();
      if (name.startsWith("on")) bad.push(`${el.tagName} met ${name}`);
      if (urlAttrs.includes(name) && /^(javascript|data|vbscript):/.test(value)) bad.push(`${el.tagName} ${name}=${a.value}`);
    }
  }
  for (const el of document.querySelectorAll("iframe, frame, object, embed, base, math, form[action], button[formaction]")) {
    bad.push(`element ${el.tagName}`);
  }
  for (const el of document.querySelectorAll("body style")) bad.push("style-element in body");
  for (const img of document.images) {
    const url = new URL(img.getAttribute("src") || "", location.href);
    if (url.origin !== location.origin || /\/x$/.test(url.pathname)) bad.push(`img ${img.getAttribute("src")}`);
  }
  for (const s of document.scripts) {
    if (s.src) {
      const url = new URL(s.src);
      if (url.origin !== location.origin || !ours.test(url.pathname.replace(/^.*?(\/assets\/)/, "$1"))) bad.push(`script ${s.src}`);
    } else if (/alert|onerror|onload/.test(s.textContent)) {
      bad.push("inline script with payload");
    }
  }
  return bad;
}
"""


class Browsed(Guarded):
    """A guarded page (helpers/browser.py) that dismisses and records every dialog, and checks
    a page for injected markup besides."""

    def __init__(self, browser, base: str, bypass_csp: bool):
        super().__init__(browser, base, dialogs=True, bypass_csp=bypass_csp, viewport={"width": 1200, "height": 1000})
        self.bypass_csp = bypass_csp

    def open(self, path: str) -> None:
        self.page.goto(f"{self.base}/{path}")
        self.page.wait_for_load_state("load")

    def check(self, where: str) -> None:
        self.page.wait_for_timeout(50)
        assert self.page.evaluate(INJECTED) == [], where
        assert self.dialogs == [], where
        assert self.foreign == [], where
        assert self.errors == [], where
        assert self.console == [], where


@pytest.fixture(params=["csp-bypassed", "csp"])
def browsed(browser, server, request):
    wrapper = Browsed(browser, server, bypass_csp=request.param == "csp-bypassed")
    yield wrapper
    wrapper.close()


def test_the_payloads_reach_the_pages_as_text(site: Path) -> None:
    """The control: the payloads are in the site, escaped, so the browser checks below are real."""
    region = (site / "regios" / "alfa.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in region
    assert "&lt;img src=x onerror=alert(2)&gt;" in region or "&lt;img src&#61;x onerror&#61;alert(2)&gt;" in region
    assert "שלום" in region
    assert "<script>alert" not in region


def test_every_page_is_inert(site: Path, browsed: Browsed) -> None:
    # beheer/ shows no data from the YAML (the form editor, or the page saying it was not built)
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "beheer")
    assert {"index.html", "kaart.html", "regios/alfa.html", "bouwstenen/regiovisie.html", "open-data.html",
            "goede-voorbeelden/index.html", "goede-voorbeelden/alfa-voorbeeld.html"} <= set(pages)
    for path in pages:
        browsed.open(path)
        browsed.check(path)
        texts = browsed.page.locator("body").inner_text()
        if path == "regios/alfa.html":
            assert "<script>alert(1)</script>" in texts  # shown as text, not run


def test_map_tooltips_and_focus_stay_inert(browsed: Browsed) -> None:
    browsed.open("kaart.html")
    browsed.page.wait_for_selector("path.hhz-map-region")
    regions = browsed.page.locator("path.hhz-map-region")
    assert regions.count() == 2
    for i in range(regions.count()):
        regions.nth(i).dispatch_event("mouseover")
        tooltip = browsed.page.locator(".leaflet-tooltip").last
        tooltip.wait_for()
        assert "<script>alert(1)</script>" in tooltip.inner_text()  # the name, as text
        browsed.check(f"kaart, tooltip {i}")
        regions.nth(i).dispatch_event("mouseout")
        regions.nth(i).focus()
        browsed.check(f"kaart, focus {i}")
    for layer in browsed.page.locator('input[name="hhz-laag"]').all():
        layer.check()
        browsed.check("kaart, laag")


def test_the_comparison_stays_inert(browsed: Browsed) -> None:
    """vergelijk.html builds its form, tables and image texts from data/vergelijk.json: the
    hostile names end up as text there too."""
    browsed.open("vergelijk.html?regio=alfa,beta")
    browsed.page.wait_for_selector("#hhz-vergelijk-resultaat table")
    assert "<script>alert(1)</script>" in browsed.page.locator("#hhz-vergelijk-resultaat").inner_text()
    browsed.check("vergelijk")
    browsed.page.locator("#hhz-vergelijk-regio-1").focus()
    browsed.page.keyboard.press("ArrowDown")
    browsed.page.get_by_role("button", name="Vergelijk").click()
    browsed.check("vergelijk, nieuwe keuze")


def test_search_results_stay_inert(browsed: Browsed, site: Path) -> None:
    browsed.open("index.html")
    open_search(browsed, engine_of(site), "onerror")  # the index splits on white space: a token starts with it
    browsed.check("zoeken")
    with browsed.page.expect_navigation():  # Zensical navigates a moment after the key press
        browsed.page.keyboard.press("Enter")
    browsed.page.wait_for_load_state("load")
    browsed.check("zoekresultaat geopend")


def test_the_checks_catch_an_injection(browsed: Browsed) -> None:
    """Control: the same checks on a page where the payloads did get through must fail."""
    browsed.open("index.html")
    browsed.page.evaluate(
        """() => {
          document.body.insertAdjacentHTML("beforeend",
            '<img src=x onerror="alert(1)"><a href="javascript:alert(2)">a</a><iframe></iframe>');
        }"""
    )
    browsed.page.wait_for_timeout(200)
    found = browsed.page.evaluate(INJECTED)
    assert any("onerror" in f for f in found) and any("javascript:" in f for f in found)
    assert any(f.startswith("img ") for f in found) and "element IFRAME" in found
    if browsed.bypass_csp:
        # the image's error (and so the alert) comes when the request for "x" fails: on a
        # busy machine later than the 200 ms above, so wait for it, bounded
        for _ in range(50):
            if browsed.dialogs:
                break
            browsed.page.wait_for_timeout(100)
        assert browsed.dialogs == ["alert: 1"]
    else:  # the CSP stops the handler, and says so: the violation check below is real
        assert browsed.dialogs == []
        assert any("inline event handler" in v or "script-src" in v for v in browsed.console), browsed.console


def test_the_checks_look_into_shadow_roots(browsed: Browsed) -> None:
    """Control: markup injected into an open shadow root (where Zensical draws its search
    results) is found too; a style sheet directly in the root (the theme's own) is not."""
    browsed.open("index.html")
    found = browsed.page.evaluate(
        """injected => {
          const host = document.createElement("div");
          document.body.appendChild(host);
          const root = host.attachShadow({mode: "open"});
          root.appendChild(document.createElement("style"));
          const results = document.createElement("ol");
          results.innerHTML = '<li><a href="javascript:x">a</a><b onclick="x">b</b><style></style></li>';
          root.appendChild(results);
          return eval(injected)();
        }""",
        INJECTED,
    )
    assert sorted(found) == ["A href=javascript:x in shadow root", "B met onclick in shadow root", "STYLE in shadow root"]
