"""The site's address: `hhz build --site-url URL` or `[tool.hhz] site_url`.

With it: a sitemap of every public page (valid against the sitemap XSD), a canonical link
per page, feeds with an absolute rel="self" and absolute entry links, absolute embed codes.
Without it: no sitemap at all (an empty one helps nobody), and no page of any kind asks the
server for a file that is not there (Material looked for ``sitemap.xml`` next to every
``<link rel="alternate">``, so each region page requested ``regios/sitemap.xml``).
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from helpers import REPO
from helpers.browser import need_browser, serve_directory
from helpers.builds import copy_shipped_sources

SITE_URL = "https://regios.voorbeeld.nl/hhz/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
PAGE_KINDS = [
    "index.html",
    "kaart.html",
    "regios/index.html",
    "regios/humo.html",
    "bouwstenen/index.html",
    "bouwstenen/regiovisie.html",
    "goede-voorbeelden/index.html",
    "goede-voorbeelden/humo-drie-pijlers-en-regioraad.html",
    "ontwikkeling.html",
    "open-data.html",
    "vergelijk.html?regio=humo,neo",
    "over.html",
    "colofon.html",
    "bijdragen.html",
]


@pytest.fixture(scope="module")
def plain(shipped_builds) -> Path:
    return shipped_builds("mkdocs")


@pytest.fixture(scope="module")
def with_url(tmp_path_factory, geo_dir_optional, hhz_build) -> Path:
    root = tmp_path_factory.mktemp("met-url")
    # the project's own setting, so this also covers [tool.hhz] site_url
    copy_shipped_sources(root)
    text = (root / "pyproject.toml").read_text(encoding="utf-8")
    (root / "pyproject.toml").write_text(text.replace("[tool.hhz]\n", f'[tool.hhz]\nsite_url = "{SITE_URL[:-1]}"\n'), encoding="utf-8")
    proc = hhz_build(root, "-q", geo_dir=geo_dir_optional)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root / "site"


def public_pages(site: Path) -> list[str]:
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if p.name != "404.html" and p.relative_to(site).parts[0] not in ("beheer", "_hosting")
    )


def test_without_a_site_url_no_sitemap_is_published(plain: Path) -> None:
    assert not list(plain.glob("sitemap.xml*"))
    assert "canonical" not in (plain / "regios" / "humo.html").read_text(encoding="utf-8")


def test_the_sitemap_lists_every_public_page_and_is_valid(with_url: Path) -> None:
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(REPO / "tests" / "data" / "sitemap.xsd")))
    document = etree.parse(str(with_url / "sitemap.xml"))
    assert schema.validate(document), schema.error_log
    locs = [e.text for e in ET.parse(with_url / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")]
    pages = public_pages(with_url)
    assert len(pages) > 30
    assert sorted(locs) == sorted(SITE_URL + page for page in pages)


def test_the_xsd_refuses_the_empty_sitemap_of_old() -> None:
    """The control: what MkDocs wrote without a site URL (no <url>) fails the schema."""
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(REPO / "tests" / "data" / "sitemap.xsd")))
    empty = etree.fromstring(b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>')
    assert not schema.validate(empty)


def test_every_page_has_its_canonical_link(with_url: Path) -> None:
    for page in public_pages(with_url):
        text = (with_url / page).read_text(encoding="utf-8")
        assert re.findall(r'<link rel="canonical" href="([^"]*)"', text) == [SITE_URL + page], page


def test_feeds_have_an_absolute_self_link_and_absolute_entry_links(with_url: Path) -> None:
    feeds = [with_url / "feed.xml", *sorted((with_url / "regios").glob("*-feed.xml"))]
    assert len(feeds) > 5
    entries = 0
    for feed in feeds:
        root = ET.parse(feed).getroot()
        selfs = [link.get("href") for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
        assert selfs == [SITE_URL + feed.relative_to(with_url).as_posix()], feed.name
        for entry in root.iter(f"{ATOM}entry"):
            entries += 1
            href = entry.find(f"{ATOM}link").get("href")
            assert href.startswith(SITE_URL) and (with_url / href[len(SITE_URL) :].split("#")[0]).is_file(), href
    assert entries > 0


def test_embed_codes_use_absolute_addresses(with_url: Path) -> None:
    text = (with_url / "regios" / "humo.html").read_text(encoding="utf-8")
    for target in ("regios/humo-badge.svg", "regios/humo-scorekaart.svg", "regios/humo.html"):
        assert (SITE_URL + target) in text, target


BAD_SITE_URLS = [
    ("http://regios.voorbeeld.nl/", "moet met https:// beginnen"),
    ("https:///pad", "mist een servernaam"),
    ("https://regios.voorbeeld.nl/?x=1", "mag geen ? of # bevatten"),
    ("https://regios.voorbeeld.nl/een pad", "spaties"),
]


@pytest.mark.parametrize("value, message", BAD_SITE_URLS)
def test_a_bad_site_url_gets_a_dutch_error(tmp_path: Path, value: str, message: str) -> None:
    """The rule for both places a site URL comes from: the option and the setting."""
    from hhz.config import ConfigError, checked_site_url, load_site_config

    with pytest.raises(ConfigError) as refused:
        checked_site_url(value, "--site-url")
    assert message in str(refused.value) and "--site-url" in str(refused.value)
    (tmp_path / "pyproject.toml").write_text(f'[tool.hhz]\nsite_url = "{value}"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_site_config(tmp_path)
    assert message in str(refused.value) and "[tool.hhz] site_url" in str(refused.value)


def test_the_build_command_refuses_a_bad_site_url_before_building(tmp_path: Path) -> None:
    """`hhz build` says so in Dutch and exits 2, for the option and for the setting alike,
    before anything is written (the rule for every kind of bad URL: the test above)."""
    from projectfactory import make_project

    value, message = BAD_SITE_URLS[0]
    make_project(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "hhz", "build", str(tmp_path), "--site-url", value, "-q"], capture_output=True, text=True
    )
    assert proc.returncode == 2 and message in proc.stderr and "--site-url" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr and not (tmp_path / "site").exists()
    (tmp_path / "pyproject.toml").write_text(f'[tool.hhz]\nsite_url = "{value}"\n', encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "hhz", "build", str(tmp_path), "-q"], capture_output=True, text=True)
    assert proc.returncode == 2 and message in proc.stderr and "[tool.hhz] site_url" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr and not (tmp_path / "site").exists() and not (tmp_path / "build").exists()


@pytest.mark.browser
@pytest.mark.parametrize("which", ["plain", "with_url"])
def test_no_page_kind_requests_a_file_that_is_not_there(request, browser, which: str) -> None:
    """Every page kind in Chromium: no response of 400 or more, nothing from another host."""
    need_browser()
    site = request.getfixturevalue(which)
    problems: list[str] = []
    with serve_directory(site) as base:
        context = browser.new_context(bypass_csp=True)
        page = context.new_page()
        page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page.on("request", lambda r: problems.append(f"extern {r.url}") if urlsplit(r.url).hostname not in ("127.0.0.1", None) else None)
        page.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), lambda route: route.abort())
        for path in PAGE_KINDS:
            page.goto(f"{base}/{path}")
            page.wait_for_load_state("load")
            page.wait_for_timeout(300)  # the theme's late fetches (sitemap, search index)
        context.close()
    assert problems == [], problems
