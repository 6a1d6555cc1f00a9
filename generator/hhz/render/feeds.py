"""Atom feeds: the site-wide feed and one per region (new zelfevaluaties, goede voorbeelden).

Only established (``vastgesteld``) zelfevaluaties are news; concepts are not. Every date is
a day from the data, so the same data gives byte-identical feeds. Without ``site_url`` the
links are relative to the feed's own location (Atom resolves them against the feed URL).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable
from xml.sax.saxutils import escape, quoteattr

from ..dataset import Dataset
from ..models import Regio
from ..urls import URLS
from ..urls import relative

TAG = "tag:hechtehuisartsenzorg.nl,2024"
MAX_ENTRIES = 50
NO_ENTRIES_UPDATED = "2024-01-01T00:00:00Z"  # a fixed date for a feed without entries (deterministic)


@dataclass(frozen=True)
class Entry:
    day: str  # ISO date
    entry_id: str
    title: str
    target: str  # site path of the page the entry links to
    summary: str


def region_entries(region: Regio) -> list[Entry]:
    """A region's news: each established zelfevaluatie and each goed voorbeeld."""
    entries = []
    for evaluation in region.zelfevaluaties:
        if evaluation.status != "vastgesteld":
            continue
        day = evaluation.datum.isoformat()
        entries.append(
            Entry(
                day,
                f"{TAG}:zelfevaluatie/{region.id}/{day}",
                f"Zelfevaluatie {region.korte_naam} ({day})",
                URLS.html(URLS.region(region.id)),
                f"{region.naam} heeft een zelfevaluatie vastgesteld op {day}.",
            )
        )
    for gv in region.goede_voorbeelden:
        entries.append(
            Entry(
                gv.datum.isoformat(),
                f"{TAG}:goed-voorbeeld/{gv.id}",
                f"Goed voorbeeld: {gv.titel} ({region.korte_naam})",
                URLS.html(URLS.practice(gv.id)),
                gv.samenvatting,
            )
        )
    return entries


def _newest(entries: Iterable[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.day, e.entry_id), reverse=True)[:MAX_ENTRIES]


def _link(base: str, feed_path: str, target: str) -> str:
    return base + target if base else relative(feed_path, target)


def _feed(title: str, feed_id: str, author: str, feed_path: str, site_url: str | None, entries: list[Entry]) -> bytes:
    base = site_url.rstrip("/") + "/" if site_url else ""
    updated = f"{entries[0].day}T00:00:00Z" if entries else NO_ENTRIES_UPDATED
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="nl">',
        f"  <title>{escape(title)}</title>",
        f"  <id>{escape(feed_id)}</id>",
        f"  <updated>{updated}</updated>",
        f"  <author><name>{escape(author)}</name></author>",
    ]
    if base:
        lines.append(f'  <link rel="self" href={quoteattr(base + feed_path)}/>')
    for entry in entries:
        lines += [
            "  <entry>",
            f"    <id>{escape(entry.entry_id)}</id>",
            f"    <title>{escape(entry.title)}</title>",
            f"    <link href={quoteattr(_link(base, feed_path, entry.target))}/>",
            f"    <updated>{entry.day}T00:00:00Z</updated>",
            f"    <summary>{escape(' '.join(entry.summary.split()))}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def site_feed(dataset: Dataset, site_name: str, site_url: str | None) -> bytes:
    """Every region's news, newest first (at most MAX_ENTRIES)."""
    entries = _newest(e for region in dataset.regions for e in region_entries(region))
    title = f"{site_name}: nieuwe zelfevaluaties en goede voorbeelden"
    return _feed(title, f"{TAG}:feed", site_name, URLS.feed, site_url, entries)


def region_feed(region: Regio, site_name: str, site_url: str | None) -> bytes:
    """One region's news, newest first (at most MAX_ENTRIES)."""
    title = f"{site_name}: {region.korte_naam}, nieuwe zelfevaluaties en goede voorbeelden"
    feed_id = f"{TAG}:feed/regio/{region.id}"
    return _feed(title, feed_id, site_name, URLS.region_feed(region.id), site_url, _newest(region_entries(region)))


def region_feeds(dataset: Dataset, site_name: str, site_url: str | None) -> dict[str, bytes]:
    """Site path -> feed, for every region (also one without news: an empty feed to follow)."""
    return {URLS.region_feed(r.id): region_feed(r, site_name, site_url) for r in dataset.regions}
