"""Checks on a built site: links and anchors, titles, headings, external references.

Used by the tests; also runnable as ``python tests/helpers/sitecheck.py site/``.
"""

from __future__ import annotations

import posixpath
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass
class PageInfo:
    path: str
    lang: str | None = None
    titles: list[str] = field(default_factory=list)
    h1_count: int = 0
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, attr, url)
    svgs: list[str] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self, info: PageInfo, raw: str):
        super().__init__(convert_charrefs=True)
        self.info = info
        self.raw = raw
        self._in_title = False
        self._title = ""
        self._svg_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.info.lang = a.get("lang")
        if tag == "svg":
            self._svg_depth += 1
        if tag == "title" and not self._svg_depth:
            self._in_title = True
            self._title = ""
        if tag == "h1":
            self.info.h1_count += 1
        for key in ("id", "name") if tag == "a" else ("id",):
            if a.get(key):
                self.info.ids.add(a[key])  # type: ignore[arg-type]
        for attr in ("href", "src", "srcset", "data", "action", "poster"):
            if a.get(attr) is not None:
                self.info.links.append((tag, attr, a[attr] or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg" and self._svg_depth:
            self._svg_depth -= 1
        if tag == "title" and self._in_title:
            self._in_title = False
            self.info.titles.append(self._title.strip())

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title += data


def parse_page(site: Path, path: Path) -> PageInfo:
    raw = path.read_text(encoding="utf-8")
    info = PageInfo(path.relative_to(site).as_posix())
    parser = _Parser(info, raw)
    parser.feed(raw)
    start = 0
    while True:
        i = raw.find("<svg", start)
        if i < 0:
            break
        j = raw.find("</svg>", i)
        info.svgs.append(raw[i : j + 6])
        start = j + 6
    return info


def html_pages(site: Path) -> dict[str, PageInfo]:
    return {p.relative_to(site).as_posix(): parse_page(site, p) for p in sorted(site.rglob("*.html"))}


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc) or url.startswith("//")


def broken_links(site: Path, pages: dict[str, PageInfo]) -> list[str]:
    """Internal links whose file or anchor does not exist."""
    problems = []
    for rel, info in pages.items():
        if rel == "404.html":
            # The engines write the 404 page with root-absolute links on purpose: the host serves
            # it for any missing path. It is the one page that does not work under a sub-path.
            continue
        for tag, attr, url in info.links:
            if attr == "srcset" or not url or is_external(url) or url.startswith(("mailto:", "javascript:", "data:")):
                continue
            if url.startswith("/"):
                problems.append(f"{rel}: absolute link {url} (breaks under a sub-path)")
                continue
            parts = urlsplit(url)
            target = rel if not parts.path else posixpath.normpath(posixpath.join(posixpath.dirname(rel), unquote(parts.path)))
            if target.startswith(".."):
                problems.append(f"{rel}: link {url} leaves the site")
                continue
            path = site / target
            if path.is_dir():
                path = path / "index.html"
                target = posixpath.join(target, "index.html")
            if not path.is_file():
                problems.append(f"{rel}: broken link {url}")
                continue
            if parts.fragment and target.endswith(".html"):
                anchor = unquote(parts.fragment)
                target_info = pages.get(target)
                if target_info is not None and anchor not in target_info.ids and anchor not in ("", "top"):
                    problems.append(f"{rel}: missing anchor {url}")
    return problems


def third_party_resources(pages: dict[str, PageInfo]) -> list[str]:
    """Resources the browser would fetch from another host (links to click are fine)."""
    found = []
    for rel, info in pages.items():
        for tag, attr, url in info.links:
            if tag == "a":
                continue
            if tag == "link" and attr == "href" and not is_external(url):
                continue
            if is_external(url):
                found.append(f"{rel}: <{tag} {attr}={url}>")
    return found


if __name__ == "__main__":  # pragma: no cover
    site_dir = Path(sys.argv[1])
    all_pages = html_pages(site_dir)
    issues = broken_links(site_dir, all_pages) + third_party_resources(all_pages)
    print("\n".join(issues) or f"{len(all_pages)} pagina's, geen problemen")
    sys.exit(1 if issues else 0)
