"""The programme's own look (issue 26, items 6, 7 and 9): the [tool.hhz] look settings and
their Dutch errors, the contrast check, the theme overrides both engines render, and in
Chromium the header navigation and footer on the desktop home of the shipped site (both
engines)."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.browser import Page, need_browser
from helpers.shipped import ENGINES, engine_of
from helpers.sites import copy_site_sources
from hhz.config import ConfigError, SiteConfig, contrast_ratio, load_site_config
from hhz.render.accessibility import AuditError, load_audit
from hhz.render.theme import look_assets, theme_files
from projectfactory import make_project

REPO = Path(__file__).resolve().parents[1]
TEMPLATES = REPO / "site_templates"


def write_settings(root: Path, body: str) -> Path:
    (root / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.hhz]\n' + body, encoding="utf-8")
    return root


def settings_error(root: Path, body: str) -> str:
    write_settings(root, body)
    with pytest.raises(ConfigError) as info:
        load_site_config(root)
    return str(info.value)


# --- settings -----------------------------------------------------------------------------------


def test_contrast_ratio_matches_wcag() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#526cfe", "#eef0ff") == pytest.approx(3.75, abs=0.01)  # Zensical's active link


def test_the_default_look_passes_its_own_check() -> None:
    config = SiteConfig()
    assert contrast_ratio(config.primary_colour, "#ffffff") >= 4.5
    assert contrast_ratio(config.accent_colour, "#ffffff") >= 4.5
    assert config.partner_line == "een programma van InEen · LHV · NHG"


def test_look_settings_are_read(tmp_path: Path) -> None:
    (tmp_path / "merk.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    write_settings(
        tmp_path,
        'site_name = "Zorg Dichtbij"\nsite_subtitle = "regio\'s in beeld"\nlogo = "merk.svg"\n'
        'primary_colour = "#1A5F7A"\naccent_colour = "#8a1c3c"\npartner_line = "van A en B"\n'
        'footer_owner = "Stichting X"\ncontact_email = "info@example.org"\n'
        'footer_links = [{ text = "Stichting X", url = "https://example.org" }]\n',
    )
    config = load_site_config(tmp_path)
    assert config.site_name == "Zorg Dichtbij" and config.primary_colour == "#1a5f7a"
    assert config.footer_contact() == "mailto:info@example.org"
    assert [(link.text, link.url) for link in config.footer_links] == [("Stichting X", "https://example.org")]


def test_a_colour_that_fails_4_5_to_1_is_refused_with_file_line_and_ratio(tmp_path: Path) -> None:
    message = settings_error(tmp_path, 'site_name = "X"\nprimary_colour = "#7fa7d9"\n')
    assert message.startswith("pyproject.toml:6: [tool.hhz] primary_colour #7fa7d9 heeft een contrast van 2,")
    assert "4,5:1" in message and "donkerdere kleur" in message
    message = settings_error(tmp_path, 'accent_colour = "#ff9900"\n')
    assert message.startswith("pyproject.toml:5: [tool.hhz] accent_colour") and "4,5:1" in message


@pytest.mark.parametrize(
    "body, expected",
    [
        ('primary_colour = "blauw"\n', "primary_colour moet een kleur zijn als #1a5f7a"),
        ('primary_colour = "#12345"\n', "primary_colour moet een kleur zijn"),
        ("site_name = 3\n", "site_name moet tekst zijn"),
        ('logo = "logo.png"\n', "logo moet een SVG-bestand zijn"),
        ('logo = "ontbreekt.svg"\n', "bestand bestaat niet"),
        ('contact_email = "bel ons"\n', "contact_email is geen e-mailadres"),
        ('footer_links = "https://example.org"\n', "footer_links moet een lijst zijn"),
        ('footer_links = [{ text = "X", url = "http://example.org" }]\n', "link 1: url moet met https:// beginnen"),
        ('footer_links = [{ text = "X" }]\n', "link 1 moet precies text en url hebben"),
        ('kleur = "#000000"\n', "kleur is geen bekende instelling"),
    ],
)
def test_bad_look_settings_get_a_dutch_error_with_the_line(tmp_path: Path, body: str, expected: str) -> None:
    message = settings_error(tmp_path, body)
    assert message.startswith("pyproject.toml:5: [tool.hhz] "), message
    assert expected in message, message


def test_a_logo_that_is_no_svg_is_refused(tmp_path: Path) -> None:
    (tmp_path / "logo.svg").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert "geen SVG-afbeelding" in settings_error(tmp_path, 'logo = "logo.svg"\n')


# --- the overrides and assets -------------------------------------------------------------------


def test_settings_are_escaped_for_html_and_for_the_engines_template_language(tmp_path: Path) -> None:
    config = SiteConfig(
        site_name="{{ config.extra }}<script>x</script>",
        partner_line="{% include 'x' %}",
        footer_owner="A & B",
        contact_url="https://example.org/contact?a=1&b=2",
    )
    files = theme_files(TEMPLATES, config)
    assert set(files) == {"main.html", "partials/header.html", "partials/logo.html"}
    text = "\n".join(content.decode("utf-8") for content in files.values())
    assert "<script>x</script>" not in text and "&lt;script&gt;x&lt;/script&gt;" in text
    assert "{{ config.extra }}" not in text and "&#123;&#123; config.extra &#125;&#125;" in text
    assert "{% include 'x' %}" not in text
    assert "A &amp; B" in text and "contact?a=1&amp;b=2" in text
    # what the engine is left to fill in is still there
    assert "{% extends \"base.html\" %}" in files["main.html"].decode("utf-8")
    assert "{{ 'toegankelijkheid.html' | url }}" in files["main.html"].decode("utf-8")


def test_the_default_logo_takes_the_colours_and_a_configured_logo_is_copied(tmp_path: Path) -> None:
    assets = look_assets(tmp_path, TEMPLATES, SiteConfig(primary_colour="#123456", accent_colour="#654321"))
    logo = assets["assets/hhz-logo.svg"].decode("utf-8")
    assert logo.startswith("<svg") and 'fill="#123456"' in logo and 'fill="#654321"' in logo
    assert "--md-primary-fg-color: #123456;" in assets["assets/hhz-huisstijl.css"].decode("utf-8")
    (tmp_path / "eigen.svg").write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="1"/></svg>')
    assert look_assets(tmp_path, TEMPLATES, SiteConfig(logo="eigen.svg"))["assets/hhz-logo.svg"] == (
        tmp_path / "eigen.svg"
    ).read_bytes()


def test_the_audit_summary_is_checked_with_file_and_line(tmp_path: Path) -> None:
    assert load_audit(tmp_path) is None
    (tmp_path / "audit").mkdir()
    (tmp_path / "audit" / "toegankelijkheid.json").write_text('{\n  "datum": "2026-12-07",\n  oeps\n}\n', encoding="utf-8")
    with pytest.raises(AuditError, match=r"^audit/toegankelijkheid.json:3: geen geldige JSON"):
        load_audit(tmp_path)
    (tmp_path / "audit" / "toegankelijkheid.json").write_text('{"datum": "gisteren"}', encoding="utf-8")
    with pytest.raises(AuditError, match="datum moet een datum zijn"):
        load_audit(tmp_path)


def test_the_committed_audit_summary_is_valid() -> None:
    audit = load_audit(REPO)
    assert audit is not None, "audit/toegankelijkheid.json ontbreekt"
    assert audit["axe"]["breedtes"] == [1280, 390]
    assert set(audit["axe"]["engines"]) == set(ENGINES)


# --- a small project built with both engines: the settings end up on every page ----------------


@pytest.mark.slow  # builds the site with both engines
def test_configured_look_reaches_the_pages_on_both_engines(tmp_path: Path) -> None:
    make_project(tmp_path)
    copy_site_sources(tmp_path)
    (tmp_path / "merk.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>', encoding="utf-8")
    write_settings(
        tmp_path,
        'site_name = "Zorg & Dichtbij"\nlogo = "merk.svg"\nprimary_colour = "#1a5f7a"\n'
        'footer_owner = "Stichting {{ X }}"\ncontact_url = "https://example.org/contact"\n'
        'footer_links = [{ text = "Onze stichting", url = "https://example.org/" }]\n',
    )
    env = dict(os.environ)
    env.pop("HHZ_GEO_DIR", None)
    for engine in ENGINES:
        site = tmp_path / f"site-{engine}"
        proc = subprocess.run(
            [sys.executable, "-m", "hhz", "build", ".", "--engine", engine, "--site-dir", site.name],
            cwd=tmp_path, capture_output=True, text=True, env=env, timeout=600,
        )
        assert proc.returncode == 0, f"{engine}: {proc.stdout}{proc.stderr}"
        said = " ".join(proc.stderr.split())
        assert "site_name ('Hechte Huisartsenzorg') verschilt van [tool.hhz] site_name ('Zorg & Dichtbij')" in said
        home = (site / "index.html").read_text(encoding="utf-8")
        region = (site / "regios" / "alfa.html").read_text(encoding="utf-8")
        for page in (home, region):
            assert "<title>" in page and "- Zorg &amp; Dichtbij</title>" in page
            assert 'class="hhz-brand__name">Zorg &amp; Dichtbij<' in page
            assert "Stichting &#123;&#123; X &#125;&#125;" in page  # not evaluated by the engine
            assert '<a href="https://example.org/contact">Contact</a>' in page
            assert '<a href="https://example.org/">Onze stichting</a>' in page
        assert 'href="../toegankelijkheid.html">Toegankelijkheid<' in region  # relative to the page
        assert 'href="../colofon.html#privacy">Privacy<' in region
        assert re.search(r'rel="icon" href="(\./)?assets/hhz-logo.svg"', home)  # Zensical writes ./
        assert (site / "assets" / "hhz-logo.svg").read_bytes() == (tmp_path / "merk.svg").read_bytes()
        assert "--hhz-primair: #1a5f7a;" in (site / "assets" / "hhz-huisstijl.css").read_text(encoding="utf-8")
        assert (site / "toegankelijkheid.html").is_file()
        assert not (site / "main.html").exists() and not (site / "partials").exists()  # overrides stay out


def test_a_too_light_colour_stops_the_build_before_anything_is_written(tmp_path: Path) -> None:
    make_project(tmp_path)
    copy_site_sources(tmp_path)
    write_settings(tmp_path, 'primary_colour = "#9ecae1"\n')
    env = dict(os.environ)
    env.pop("HHZ_GEO_DIR", None)
    proc = subprocess.run([sys.executable, "-m", "hhz", "build", ".", "-q"], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert proc.returncode == 2
    assert "pyproject.toml:5: [tool.hhz] primary_colour #9ecae1 heeft een contrast van" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "site").exists() and not (tmp_path / "build").exists()


# --- the shipped site in Chromium: navigation and footer on the desktop home --------------------


@pytest.fixture(scope="module", params=ENGINES)
def site(request, shipped_builds) -> Path:
    need_browser()
    return shipped_builds(request.param)


FOOTER_LINKS = ["Contact", "Colofon", "Privacy", "Toegankelijkheid"]
TOP_LEVEL = ["Home", "Kaart", "Regio's", "Vergelijken", "Bouwstenen", "Ontwikkeling", "Goede voorbeelden"]


def test_desktop_home_has_top_navigation_and_the_footer(page: Page, site: Path) -> None:
    page.page.set_viewport_size({"width": 1280, "height": 900})
    page.page.goto(f"{page.base}/index.html")
    tabs = page.page.locator("nav.md-tabs a.md-tabs__link")
    visible = [tabs.nth(i).inner_text().strip() for i in range(tabs.count()) if tabs.nth(i).is_visible()]
    assert visible[: len(TOP_LEVEL)] == TOP_LEVEL, f"{engine_of(site)}: {visible}"
    first_screen = page.page.evaluate("() => document.querySelector('nav.md-tabs').getBoundingClientRect().bottom")
    assert first_screen <= 900
    assert page.page.locator(".hhz-brand__name").inner_text() == "Hechte Huisartsenzorg"
    assert page.page.locator(".hhz-brand__partners").inner_text() == "een programma van InEen · LHV · NHG"
    footer = page.page.locator("footer.hhz-footer")
    footer.scroll_into_view_if_needed()
    assert footer.is_visible()
    names = footer.locator("nav a").all_inner_texts()
    assert names[: len(FOOTER_LINKS)] == FOOTER_LINKS
    assert "Deze site wordt beheerd door het programma Hechte Huisartsenzorg." in footer.inner_text()
    # every footer link on the site leads to a page that exists (the anchor too)
    for name in FOOTER_LINKS[1:]:
        href = footer.locator("nav a", has_text=name).get_attribute("href")
        target, _, anchor = href.partition("#")
        built = (site / target).read_text(encoding="utf-8")
        assert not anchor or f'id="{anchor}"' in built, href
    # our own mark, not the theme's book icon
    logo = page.page.locator("a.md-logo img")
    assert logo.first.get_attribute("src").endswith("assets/hhz-logo.svg") and logo.first.is_visible()
    assert page.page.locator(".md-logo svg").count() == 0
    assert page.page.locator('link[rel="icon"]').get_attribute("href").endswith("assets/hhz-logo.svg")
    # readable dark headings: 7:1 or more on the page
    colour = page.page.evaluate("() => getComputedStyle(document.querySelector('.md-typeset h1')).color")
    assert colour == "rgb(29, 36, 40)"
    assert page.foreign == [] and page.errors == []


def test_phone_shows_the_name_and_the_footer(page: Page, site: Path) -> None:
    page.page.set_viewport_size({"width": 390, "height": 844})
    page.page.goto(f"{page.base}/regios/doknoord.html")
    assert page.page.locator(".hhz-brand__name").is_visible()
    assert not page.page.locator("nav.md-tabs").is_visible()  # the drawer (menu button) holds the navigation there
    assert page.page.locator('label.md-header__button[for="__drawer"]').is_visible()
    footer = page.page.locator("footer.hhz-footer")
    footer.scroll_into_view_if_needed()
    assert footer.locator("nav a", has_text="Toegankelijkheid").is_visible()
    width = page.page.evaluate("() => document.querySelector('footer.hhz-footer').scrollWidth")
    assert width <= 390


def test_the_toegankelijkheidsverklaring_says_what_the_audit_file_says(site: Path) -> None:
    audit = json.loads((REPO / "audit" / "toegankelijkheid.json").read_text(encoding="utf-8"))
    text = html.unescape((site / "toegankelijkheid.html").read_text(encoding="utf-8"))
    assert "(de startpagina, een regio, een bouwsteen, de kaart," in text
    assert f"axe-core {audit['axe']['versie']}" in text
    assert audit["axe"]["browser"] in text
    found = audit["axe"]["bevindingen"]
    assert f"{found['critical'] + found['serious']} ernstige of kritieke bevindingen" in text
    assert "Eerste maatregelen genomen." in text
    for item in audit.get("bekend") or []:
        assert item["wat"] in text
