"""The shipped site's HTML: valid per the Nu Html Checker, and no broken internal links.

vnu.jar comes from npm (tests/npm, installed by scripts/install-test-deps.sh) and runs on the
system's Java (17+). Skipped when either is missing, except on CI (CI=true), where that is a
failure. Every message goes to test-artifacts/vnu-report-<engine>.json.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import ARTIFACTS, REPO
from helpers.shipped import ENGINES, engine_of
from helpers.sitecheck import broken_links, html_pages, third_party_resources

VNU = REPO / "tests" / "npm" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@dataclass(frozen=True)
class Allowed:
    """A message the checker may report: its text, the markup it points at, and why it stays."""

    message: str  # regular expression, matched against the whole message
    extract: str  # regular expression, searched in the checker's extract of the markup
    reason: str

    def matches(self, msg: dict) -> bool:
        return bool(re.fullmatch(self.message, msg.get("message", ""))) and bool(
            re.search(self.extract, msg.get("extract", ""))
        )


# Errors that come from Material for MkDocs' own base.html and cannot be configured away.
MATERIAL_ERRORS = [
    Allowed(
        message=r"Attribute “autocomplete” is only allowed when the input type is .*",
        extract=r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" '
        r'id="__(drawer|search)" autocomplete="off">',
        reason="Material's base.html zet autocomplete=off op de verborgen checkboxen van menu en zoeken, "
        "zodat Firefox ze na 'terug' niet open herstelt; alleen te verwijderen door base.html te kopiëren.",
    ),
]

# Errors that only one engine's own templates have, per engine, each with its reason (also in
# maintainers/quality.md). The other engine's list stays empty, so its HTML is checked without them.
ENGINE_ERRORS: dict[str, list[Allowed]] = {
    "mkdocs": [],
    "zensical": [
        Allowed(
            message=r"The “aria-hidden” attribute must not be used on any “label” element that is "
            r"associated with a labelable element\.",
            extract=r'<label class="md-overlay" for="__drawer" aria-hidden="true">',
            reason="Zensicals base.html zet aria-hidden op het lege label dat als achtergrond van het "
            "geopende menu dient (Material doet dat niet). Het label heeft geen tekst en verbergt dus "
            "niets voor schermlezers; axe meldt er niets over. Alleen te verwijderen door de HTML van "
            "Zensical aan te passen.",
        ),
    ],
}

# Warnings that remain, each with its justification (also listed in maintainers/quality.md).
ALLOWED_WARNINGS = [
    Allowed(
        message=r"Resource violates Content Security Policy \(meta tag\): external (stylesheet|script) "
        r"“(\./|(\.\./)*)/?assets/[^”/][^”]*” blocked by “(style|script)-src” directive\.",
        extract=r"<(link|script) ",
        reason="vnu leest de pagina's als file:-URL's; die hebben geen eigen origin, dus 'self' past nooit. "
        "Het zijn bestanden van de site zelf (assets/), die in een browser via http(s) wel mogen "
        "(tests/test_csp.py laadt elke paginasoort met de CSP zonder schendingen).",
    ),
    Allowed(
        message=r"Resource violates Content Security Policy \(meta tag\): image “[a-z0-9-]+-badge\.svg” "
        r"blocked by “img-src” directive\.",
        extract=r'<img src="[a-z0-9-]+-badge\.svg"',
        reason="Hetzelfde file:-probleem voor de badge van een regio, die de regiopagina als voorbeeld toont: "
        "een afbeelding van de site zelf (regios/), in een browser via http(s) toegestaan door img-src 'self' "
        "(tests/test_csp.py laadt regiopagina's en de vergelijking met hun afbeeldingen zonder schendingen).",
    ),
    Allowed(
        message=r"Resource violates Content Security Policy \(meta tag\): image “(\./|(\.\./)*)/?assets/hhz-logo\.svg” "
        r"blocked by “img-src” directive\.",
        extract=r'<img src="(\./|(\.\./)*)/?assets/hhz-logo\.svg" alt="" width="48" height="48">',  # / on 404.html
        reason="Hetzelfde file:-probleem voor het logo van de site (assets/hhz-logo.svg, in de kop en het menu), "
        "in een browser via http(s) toegestaan door img-src 'self' (tests/test_csp.py laadt elke paginasoort "
        "zonder schendingen).",
    ),
    Allowed(
        message=r"Inline script violates Content Security Policy \(meta tag\): blocked by “script-src” "
        r"directive \(missing “‘unsafe-inline’” or nonce/hash\)\.",
        extract=r'<script id="__config" type="application/json">',
        reason="Material's configuratie staat in een JSON-datablok (type=application/json). Dat voert de browser "
        "niet uit en valt dus niet onder script-src; vnu behandelt het ten onrechte als inline script.",
    ),
]


def _need_vnu() -> None:
    problem = None
    if not VNU.is_file():
        problem = f"{VNU.relative_to(REPO)} ontbreekt (bash scripts/install-test-deps.sh)"
    elif shutil.which("java") is None:
        problem = "java ontbreekt (Java 17 of nieuwer)"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"HTML-validatie kan niet draaien op CI: {problem}")
        pytest.skip(problem)


@pytest.fixture(scope="module", params=ENGINES)
def site(request, shipped_builds, geo_dir: Path) -> Path:
    """The shipped site, built with each engine in turn (once per session)."""
    return shipped_builds(request.param)


@pytest.fixture(scope="module")
def vnu_messages(site: Path) -> list[dict]:
    _need_vnu()
    proc = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--skip-non-html", str(site)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    # vnu writes its JSON report to stderr; exit code 1 just means "there were errors"
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    messages = json.loads(proc.stderr)["messages"]
    prefix = site.resolve().as_uri().removeprefix("file://")
    for msg in messages:
        msg["page"] = msg.get("url", "").removeprefix("file:").removeprefix(prefix).lstrip("/")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"vnu-report-{engine_of(site)}.json").write_text(
        json.dumps(messages, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return messages


def _describe(messages: list[dict]) -> str:
    return "\n".join(
        f"- {m['page']}:{m.get('lastLine', '?')}: {m['message']}\n    {m.get('extract', '').strip()[:200]}"
        for m in messages[:40]
    ) + (f"\n… en nog {len(messages) - 40}" if len(messages) > 40 else "")


def test_vnu_checked_every_page(site: Path, vnu_messages: list[dict]) -> None:
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    assert len(pages) >= 30  # home, regions, bouwstenen, good practices, map, open data, …
    # a page vnu could not read is reported as a "non-document-error"
    assert [m for m in vnu_messages if m["type"] == "non-document-error"] == []


def test_html_has_no_errors(site: Path, vnu_messages: list[dict]) -> None:
    errors = [m for m in vnu_messages if m["type"] == "error"]
    allowed = MATERIAL_ERRORS + ENGINE_ERRORS[engine_of(site)]
    left = [m for m in errors if not any(a.matches(m) for a in allowed)]
    assert not left, f"Nu Html Checker: {len(left)} fouten\n{_describe(left)}"


def test_only_listed_warnings(vnu_messages: list[dict]) -> None:
    warnings = [m for m in vnu_messages if m["type"] == "info" and m.get("subType") == "warning"]
    left = [m for m in warnings if not any(a.matches(m) for a in ALLOWED_WARNINGS)]
    assert not left, (
        f"Nu Html Checker: {len(left)} waarschuwingen die niet in ALLOWED_WARNINGS staan "
        f"(los ze op, of voeg ze toe met een reden, ook in maintainers/quality.md)\n{_describe(left)}"
    )


def test_the_allow_lists_do_not_hide_our_own_markup() -> None:
    """The filters match Material's markup and our own assets only, not look-alikes of ours."""
    ours_error = {
        "message": "Attribute “autocomplete” is only allowed when the input type is “color”, “date”.",
        "extract": '<input type="checkbox" id="hhz-x" autocomplete="off">',
    }
    foreign_css = {
        "message": "Resource violates Content Security Policy (meta tag): external stylesheet "
        "“https://cdn.example.org/x.css” blocked by “style-src” directive.",
        "extract": '<link rel="stylesheet" href="https://cdn.example.org/x.css">',
    }
    own_inline = {
        "message": "Inline script violates Content Security Policy (meta tag): blocked by “script-src” "
        "directive (missing “‘unsafe-inline’” or nonce/hash).",
        "extract": "<script>alert(1)</script>",
    }
    ours_hidden_label = {
        "message": "The “aria-hidden” attribute must not be used on any “label” element that is associated "
        "with a labelable element.",
        "extract": '<label class="hhz-x" for="hhz-filter-input" aria-hidden="true">',
    }
    assert not any(a.matches(ours_error) for a in MATERIAL_ERRORS)
    assert not any(a.matches(ours_hidden_label) for a in ENGINE_ERRORS["zensical"])
    foreign_logo = {
        "message": "Resource violates Content Security Policy (meta tag): image “https://cdn.example.org/assets/hhz-logo.svg” "
        "blocked by “img-src” directive.",
        "extract": '<img src="https://cdn.example.org/assets/hhz-logo.svg" alt="" width="48" height="48">',
    }
    assert not any(a.matches(m) for a in ALLOWED_WARNINGS for m in (foreign_css, own_inline, foreign_logo))


def test_no_broken_links_or_anchors_on_any_page(site: Path) -> None:
    pages = html_pages(site)
    assert len(pages) >= 30
    assert broken_links(site, pages) == []
    assert third_party_resources(pages) == []
