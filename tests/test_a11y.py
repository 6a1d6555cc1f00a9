"""Accessibility of the shipped site (WCAG 2.1 AA): axe-core in Debian's Chromium on every
page kind, at desktop (1280) and phone (390) width, on both engines; plus a keyboard
walk-through of the good-practice filter and the heat-map's sort button.

axe-core comes from npm (tests/npm, installed by scripts/install-test-deps.sh) and is injected
with Playwright. Skipped when chromium or axe-core is missing, except on CI (CI=true), where that
is a failure. Every finding goes to test-artifacts/axe-report.json; a summary of the run (date,
versions, pages, widths, engines, counts per impact) to test-artifacts/toegankelijkheid.json, in
the form of audit/toegankelijkheid.json, from which the site's toegankelijkheidsverklaring is
generated: copy it there after a release check (the Lighthouse figures and the known problems
in the committed file are carried over).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from pathlib import Path

import pytest

from helpers import ARTIFACTS, REPO
from helpers.browser import Page, focus_outline, need_browser, tab_until
from helpers.shipped import ENGINES, engine_of

pytestmark = pytest.mark.browser

AXE = REPO / "tests" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
AUDIT = REPO / "audit" / "toegankelijkheid.json"
WIDTHS = {"desktop": (1280, 900), "telefoon": (390, 844)}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}

# Moderate/minor axe findings that remain, each with the reason (also listed in maintainers/quality.md).
# Any other moderate or minor finding fails the test, so this list cannot silently grow.
ACCEPTED_MINOR: dict[str, str] = {}

# One page of each type, from the shipped data.
PAGES = {
    "home": "index.html",
    "regio": "regios/doknoord.html",
    "bouwsteen": "bouwstenen/regiovisie.html",
    "kaart": "kaart.html",
    "goede-voorbeelden": "goede-voorbeelden/index.html",
    "goed-voorbeeld": "goede-voorbeelden/doknoord-een-cooperatie-drie-werkorganisaties.html",
    "open-data": "open-data.html",
    "ontwikkeling": "ontwikkeling.html",
    "vergelijk": "vergelijk.html?regio=humo,neo,doknoord",  # the comparison, built by its script
    "toegankelijkheid": "toegankelijkheid.html",
}


def _need_axe() -> None:
    need_browser()
    if not AXE.is_file():
        problem = f"{AXE.relative_to(REPO)} ontbreekt (bash scripts/install-test-deps.sh)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"toegankelijkheidstests kunnen niet draaien op CI: {problem}")
        pytest.skip(problem)


@pytest.fixture(scope="module", params=ENGINES)
def site(request, shipped_builds, geo_dir: Path) -> Path:
    """The shipped site, built with each engine in turn (once per session); conftest.py
    serves it (``server``) and opens it in Chromium (``page``)."""
    _need_axe()
    return shipped_builds(request.param)


@pytest.fixture(scope="module")
def axe_report():
    """Every finding per engine, width and page; written to test-artifacts/axe-report.json at
    the end, with the summary in test-artifacts/toegankelijkheid.json."""
    report: dict[str, dict] = {}
    yield report
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "axe-report.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
    )
    if report:
        summary = audit_summary(report)
        (ARTIFACTS / "toegankelijkheid.json").write_text(
            json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )


def audit_summary(report: dict[str, dict]) -> dict:
    """What the toegankelijkheidsverklaring says about this run (see render/accessibility.py)."""
    counts = dict.fromkeys(("critical", "serious", "moderate", "minor"), 0)
    for engine in report.values():
        for width in engine.values():
            for found in width.values():
                for rule in found.values():
                    counts[rule["impact"]] = counts.get(rule["impact"], 0) + len(rule["nodes"])
    version = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True).stdout.split()
    previous = json.loads(AUDIT.read_text(encoding="utf-8")) if AUDIT.is_file() else {}
    widths = sorted({int(w) for engine in report.values() for w in engine}, reverse=True)
    return {
        "datum": dt.date.today().isoformat(),
        "axe": {
            "versie": json.loads((AXE.parent / "package.json").read_text(encoding="utf-8"))["version"],
            "browser": " ".join(version[:2]) if version else "Chromium",
            "regels": WCAG_TAGS,
            "breedtes": widths,
            "engines": {engine: ENGINE_NAMES[engine]() for engine in sorted(report)},
            "paginas": list(PAGES),
            "bevindingen": counts,
        },
        "lighthouse": previous.get("lighthouse"),
        "bekend": previous.get("bekend", []),
    }


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


ENGINE_NAMES = {
    "mkdocs": lambda: f"MkDocs {_version('mkdocs')} met Material for MkDocs {_version('mkdocs-material')}",
    "zensical": lambda: f"Zensical {_version('zensical')}",
}


def _load(page: Page, path: str) -> None:
    page.page.goto(f"{page.base}/{path}")
    page.page.wait_for_load_state("load")
    if path == "kaart.html":
        page.page.wait_for_function("window.HHZ_MAP !== undefined && document.querySelector('path.hhz-map-region')")
    if path.startswith("vergelijk.html"):
        page.page.wait_for_selector("#hhz-vergelijk-resultaat table")


def run_axe(page: Page) -> list[dict]:
    """axe's violations for the WCAG 2.0/2.1 A and AA rules on the open page."""
    # evaluate (not a <script> tag): the page's Content-Security-Policy may forbid inline scripts
    page.page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.page.evaluate(
        """tags => axe.run(document, {
               runOnly: {type: "tag", values: tags},
               resultTypes: ["violations"]
           })""",
        WCAG_TAGS,
    )
    return result["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]")
        for node in v["nodes"][:8]:
            summary = " ".join(line.strip() for line in node.get("failureSummary", "").splitlines()[1:])
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:120]}\n      {summary}")
        if len(v["nodes"]) > 8:
            lines.append(f"    … en nog {len(v['nodes']) - 8}")
    return "\n".join(lines)


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_or_critical_axe_violations(page: Page, site: Path, axe_report: dict, name: str, width: str) -> None:
    path = PAGES[name]
    w, h = WIDTHS[width]
    page.page.set_viewport_size({"width": w, "height": h})
    _load(page, path)
    violations = run_axe(page)
    axe_report.setdefault(engine_of(site), {}).setdefault(str(w), {})[path] = {
        v["id"]: {
            "impact": v["impact"],
            "help": v["help"],
            "helpUrl": v["helpUrl"],
            "nodes": [" ".join(map(str, n["target"])) for n in v["nodes"]],
        }
        for v in violations
    }
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"{path} ({w} px): axe-schendingen (serious/critical):\n{describe(blocking)}"
    unexplained = [v for v in violations if v["id"] not in ACCEPTED_MINOR]
    assert not unexplained, (
        f"{path} ({w} px): nieuwe moderate/minor axe-bevindingen; los ze op of leg ze uit in ACCEPTED_MINOR "
        f"en in maintainers/quality.md:\n{describe(unexplained)}"
    )
    assert page.foreign == [], f"{path}: verzoeken naar andere hosts: {page.foreign}"
    assert page.errors == [], f"{path}: JavaScript-fouten: {page.errors}"


def test_keyboard_walk_through_of_the_good_practice_filter(page: Page) -> None:
    """Tab reaches the filter box (visibly focused); typing filters the list; the result count is
    announced in a live region; clearing the box brings every entry back."""
    _load(page, "goede-voorbeelden/index.html")
    items = page.page.locator(".hhz-practices li[data-filter]")
    total = items.count()
    assert total >= 10
    assert tab_until(page, "el => el.id === 'hhz-filter-input'"), "Tab bereikt het filterveld niet"
    outline = focus_outline(page)
    assert outline["style"] != "none" and outline["width"] != "0px", outline
    # the box has a visible label, and its status is a polite live region
    assert page.page.locator('label[for="hhz-filter-input"]').is_visible()
    status = page.page.locator("#hhz-filter-status")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"

    page.page.keyboard.type("capaciteitsmonitor")
    visible = items.filter(visible=True)
    shown = visible.count()
    assert 0 < shown < total
    for i in range(shown):
        assert "capaciteitsmonitor" in visible.nth(i).get_attribute("data-filter")
    assert status.inner_text() == f"{shown} van {total} vermeldingen zichtbaar"

    page.page.keyboard.type(" zzzz-bestaat-niet")
    assert items.filter(visible=True).count() == 0
    assert status.inner_text() == f"0 van {total} vermeldingen zichtbaar"

    page.page.keyboard.press("Control+A")
    page.page.keyboard.press("Backspace")
    assert items.filter(visible=True).count() == total
    assert status.inner_text() == ""
    # the first visible result is reachable by Tab and opens with Enter
    page.page.keyboard.type("capaciteitsmonitor")
    href = tab_until(page, "el => el.closest('.hhz-practices') && el.getAttribute('href')")
    assert href and "capaciteitsmonitor" in href
    page.page.keyboard.press("Enter")
    page.page.wait_for_url("**/goede-voorbeelden/*capaciteitsmonitor*.html")
    assert page.foreign == [] and page.errors == []


def test_good_practice_list_works_without_javascript(browser, server) -> None:
    plain = Page(browser, server, java_script_enabled=False)
    try:
        _load(plain, "goede-voorbeelden/index.html")
        assert not plain.page.locator(".hhz-filter").is_visible()  # no box that cannot work
        items = plain.page.locator(".hhz-practices li[data-filter]")
        assert items.count() >= 10
        assert items.filter(visible=True).count() == items.count()
        first = items.first.locator("a")
        assert first.is_visible()
        href = first.get_attribute("href")
        first.focus()
        plain.page.keyboard.press("Enter")
        plain.page.wait_for_url(f"{plain.base}/goede-voorbeelden/{href}")
        assert plain.page.locator("h1").count() == 1
        assert plain.foreign == []
    finally:
        plain.close()


def test_heatmap_sorts_by_region_name_only_with_the_keyboard(page: Page) -> None:
    """The home heat-map starts A-Z; its one sort button (in the Regio header) reverses the
    order of the names and says so in aria-sort. No other column can be sorted."""
    _load(page, "index.html")

    def names() -> list[str]:
        return page.page.eval_on_selector_all(
            "table.hhz-heatmap tbody th[scope=row]", "cells => cells.map(c => c.textContent.trim())"
        )

    before = names()
    assert len(before) >= 8 and before == sorted(before, key=str.casefold)
    header = page.page.locator("table.hhz-heatmap th.hhz-sort")
    assert header.get_attribute("aria-sort") == "ascending"
    assert page.page.locator("table.hhz-heatmap thead button").count() == 1
    assert tab_until_sort_button(page), "Tab bereikt de sorteerknop niet"
    page.page.keyboard.press("Enter")
    assert names() == before[::-1]
    assert header.get_attribute("aria-sort") == "descending"
    page.page.keyboard.press("Enter")
    assert names() == before and header.get_attribute("aria-sort") == "ascending"
    assert page.errors == []


def tab_until_sort_button(page: Page) -> bool:
    return bool(tab_until(page, "el => el.classList.contains('hhz-sort-button')"))
