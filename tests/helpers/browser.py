"""Debian's Chromium through Playwright: whether it can run, a local server for a built site,
and a page wrapper that records every request leaving 127.0.0.1.

The ``browser``, ``server`` and ``page`` fixtures built from these are in tests/conftest.py.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def need_browser() -> None:
    """Skip the test without Chromium or Playwright; on CI (CI=true) that is a failure."""
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


class _Quiet(SimpleHTTPRequestHandler):
    """No access log; sends the server's extra headers with every response."""

    def end_headers(self) -> None:
        for name, value in self.server.headers.items():  # type: ignore[attr-defined]
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, *args) -> None:
        pass


class _QuietServer(ThreadingHTTPServer):
    headers: dict[str, str] = {}

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)  # the browser hung up: not an error


@contextlib.contextmanager
def serve_directory(directory: Path, headers: dict[str, str] | None = None):
    """Serve a folder on 127.0.0.1 (a free port) in a thread, with ``headers`` on every
    response; yields the base URL. Quiet: no access log, and no tracebacks when the browser
    hangs up mid-response."""
    httpd = _QuietServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    httpd.headers = dict(headers or {})
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


class Guarded:
    """A browser context and page that record what must not happen: every request leaving
    127.0.0.1 (aborted and recorded in ``foreign``), uncaught errors, CSP messages on the
    console, and with ``dialogs=True`` every dialog (dismissed; otherwise a test may answer
    one itself). ``options`` go to ``browser.new_context``."""

    CSP_MESSAGE = re.compile(r"Content.Security.Policy|Refused to", re.I)

    def __init__(self, browser, base: str, init_script: str | None = None, dialogs: bool = False, **options):
        self.context = browser.new_context(**options)
        if init_script:
            self.context.add_init_script(init_script)
        self.page = self.context.new_page()
        self.base = base
        self.foreign: list[str] = []
        self.errors: list[str] = []
        self.console: list[str] = []  # CSP messages
        self.dialogs: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("console", self._console)
        if dialogs:
            self.page.on("dialog", self._dialog)
        self.page.route("**/*", self._route)

    def _route(self, route) -> None:
        url = route.request.url
        if urlsplit(url).hostname != "127.0.0.1":
            self.foreign.append(url)
            route.abort()
        else:
            route.continue_()

    def _console(self, message) -> None:
        if self.CSP_MESSAGE.search(message.text):
            self.console.append(message.text)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def close(self) -> None:
        self.context.close()


class Page(Guarded):
    """A guarded page for the map and other pages (1200×1000), with helpers for the map."""

    def __init__(self, browser, base: str, **options):
        # The pages carry a CSP <meta> tag (no eval); Playwright's wait_for_function evaluates
        # strings, so these tests bypass it. tests/test_csp.py checks the site under the CSP.
        super().__init__(browser, base, **{"viewport": {"width": 1200, "height": 1000}, "bypass_csp": True, **options})

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


def open_search(page: Guarded, engine: str, text: str):
    """Type ``text`` into the site's search; return the locator of the visible results.

    Material: a form in the page. Zensical: a <dialog> that its script draws in an open shadow
    root, styled by a <style> in that root (Playwright's CSS selectors reach into it)."""
    if engine == "mkdocs":
        page.page.locator(".md-search__input").focus()
        results = page.page.locator(".md-search-result__item")
    else:
        page.page.locator(".md-search__button").click()
        page.page.locator("dialog[aria-modal=true] input").focus()
        results = page.page.locator("dialog[aria-modal=true] ol > li a")
    page.page.keyboard.type(text)
    results.first.wait_for(state="visible", timeout=10_000)
    return results


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
