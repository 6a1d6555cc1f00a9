"""The Atom feeds: one per region (render/feeds.py) next to the site-wide feed, and the
<link rel="alternate"> for both in the head of each region page, on each engine's build."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import SHIPPED_TODAY
from hhz.publish.headlinks import with_feed_links
from hhz.urls import URLS
from helpers.shipped import ENGINES

ATOM = "{http://www.w3.org/2005/Atom}"
TODAY = dt.date(2027, 1, 1)  # a fixed "today" after every shipped date


@pytest.fixture(scope="module")
def shipped(shipped_dataset):
    """The shipped data on TODAY (conftest.py, shared with the other in-memory audits)."""
    assert TODAY == SHIPPED_TODAY
    return shipped_dataset


@pytest.fixture(scope="module")
def files(shipped_files) -> dict[str, bytes]:
    return shipped_files


def _entries(feed: bytes) -> list[ET.Element]:
    root = ET.fromstring(feed)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{name}") is not None, name
    return root.findall(f"{ATOM}entry")


def test_each_region_feed_has_its_evaluations_and_practices_newest_first(shipped, files) -> None:
    pages = {URLS.html(p) for p in files if p.endswith(".md")}
    for region in shipped.regions:
        path = URLS.region_feed(region.id)
        entries = _entries(files[path])
        established = [z for z in region.zelfevaluaties if z.status == "vastgesteld"]
        assert len(entries) == len(established) + len(region.goede_voorbeelden) > 0
        ids = [e.findtext(f"{ATOM}id") for e in entries]
        assert len(set(ids)) == len(ids)
        assert {f"tag:hechtehuisartsenzorg.nl,2024:zelfevaluatie/{region.id}/{z.datum.isoformat()}" for z in established} <= set(ids)
        assert {f"tag:hechtehuisartsenzorg.nl,2024:goed-voorbeeld/{gv.id}" for gv in region.goede_voorbeelden} <= set(ids)
        days = [e.findtext(f"{ATOM}updated") for e in entries]
        assert days == sorted(days, reverse=True)
        assert ET.fromstring(files[path]).findtext(f"{ATOM}updated") == days[0]
        for entry in entries:  # relative links resolve from the feed's own folder to a page
            href = entry.find(f"{ATOM}link").get("href")
            assert posixpath.normpath(posixpath.join(posixpath.dirname(path), href)) in pages, href


def test_the_site_feed_is_the_newest_of_all_region_entries(shipped, files) -> None:
    site_ids = [e.findtext(f"{ATOM}id") for e in _entries(files[URLS.feed])]
    region_ids = {e.findtext(f"{ATOM}id") for r in shipped.regions for e in _entries(files[URLS.region_feed(r.id)])}
    assert set(site_ids) <= region_ids and len(site_ids) == min(50, len(region_ids))


def test_feed_links_go_into_the_head_once_each() -> None:
    page = (
        "<html><head><title>x</title></head><body>"
        '<a class="hhz-feed" href="a-feed.xml" rel="alternate" type="application/atom+xml">Feed &#91;A&#93;</a>'
        '<a class="hhz-feed" href="a-feed.xml" rel="alternate" type="application/atom+xml">Feed &#91;A&#93;</a>'
        '<a href="b.xml">b</a></body></html>'
    )
    fixed = with_feed_links(page)
    head = fixed.split("</head>")[0]
    assert head.count("<link ") == 1
    assert '<link rel="alternate" type="application/atom+xml" href="a-feed.xml" title="Feed &#91;A&#93;">' in head
    assert with_feed_links("<html><head></head><body>geen feed</body></html>") == "<html><head></head><body>geen feed</body></html>"


@pytest.fixture(scope="module", params=ENGINES)
def site(request, shipped_builds, geo_dir_optional) -> Path:
    return shipped_builds(request.param)


def test_region_pages_link_their_feed_and_the_site_feed_in_the_head(site: Path, shipped) -> None:
    for region in shipped.regions:
        text = (site / URLS.html(URLS.region(region.id))).read_text(encoding="utf-8")
        head = text.split("</head>", 1)[0]
        links = re.findall(r'<link rel="alternate" type="application/atom\+xml" href="([^"]+)" title="([^"]+)">', head)
        assert [href for href, _title in links] == [f"{region.id}-feed.xml", "../feed.xml"]
        for href, _title in links:
            feed = (site / "regios" / href).resolve()
            assert feed.is_file() and len(_entries(feed.read_bytes())) > 0
    for page in ("index.html", "open-data.html"):  # the site-wide feed, where those pages offer it
        head = (site / page).read_text(encoding="utf-8").split("</head>", 1)[0]
        assert re.findall(r'<link rel="alternate" type="application/atom\+xml" href="([^"]+)"', head) == ["feed.xml"], page
