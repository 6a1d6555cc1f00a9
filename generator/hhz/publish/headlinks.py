"""Feed links in the page head, made after the build from the page's own feed links.

A page that offers an Atom feed shows it as a visible link, ``<a class="hhz-feed"
href="…" rel="alternate" type="application/atom+xml">text</a>`` (the templates write it;
``_regio_delen.md.j2`` on every region page, for its own feed and the site-wide one).
Feed readers and browsers look for ``<link rel="alternate">`` in the ``<head>``, which a
Markdown page cannot reach and whose templates differ between MkDocs (Material) and
Zensical. So each such link is copied into the head here, for both engines alike, with the
link text as its title. Pages without feed links pass through unchanged.
"""

from __future__ import annotations

import re

FEED_TYPE = "application/atom+xml"
_FEED_LINK = re.compile(
    r'<a class="hhz-feed" href="([^"<>]*)" rel="alternate" type="application/atom\+xml">([^<>]*)</a>'
)
_HEAD_END = re.compile(r"</head\s*>", re.I)


def with_feed_links(html: str) -> str:
    """The page with a ``<link rel="alternate">`` before ``</head>`` for each feed link in it."""
    found = list(dict.fromkeys(_FEED_LINK.findall(html)))  # in page order, each once
    head_end = _HEAD_END.search(html)
    if not found or head_end is None:
        return html
    links = "".join(
        f'<link rel="alternate" type="{FEED_TYPE}" href="{href}" title="{" ".join(title.split())}">\n'
        for href, title in found
    )
    return html[: head_end.start()] + links + html[head_end.start() :]
