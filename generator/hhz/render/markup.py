"""Escaping and sanitising of everything an editor wrote, before it reaches a page.

* ``md_text``: plain text placed in generated Markdown (or inside raw HTML there). It is
  HTML-escaped and every character Markdown gives meaning to becomes a numeric entity,
  so a title like ``[x](javascript:alert(1))`` stays text.
* ``markdown_html``: editor Markdown rendered to HTML, headings shifted below the page's
  own, then sanitised by nh3 (Ammonia): no scripts, no event handlers, only
  http(s)/mailto links.
"""

from __future__ import annotations

import functools
import html
import re

import markdown
import nh3
from markupsafe import Markup

# One pass over the text: HTML's specials and every character with inline meaning anywhere
# in a Markdown line become entities (two passes would escape the first pass's `&` and `#`).
# Characters that matter only at the start of a line are handled separately.
_MD_SPECIALS = "\\`*_{}[]#!|~="
_MD_TABLE = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}
    | {ch: f"&#{ord(ch)};" for ch in _MD_SPECIALS}
)
_LINE_START = re.compile(r"^([-+>]|[0-9]+(?=[.)]))")

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "hr", "abbr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}


def md_text(value: object) -> Markup:
    """Plain text, safe in Markdown and in HTML (one line)."""
    if isinstance(value, Markup):
        return value
    return _escaped_text("" if value is None else str(value))


@functools.lru_cache(maxsize=65536)
def _escaped_text(text: str) -> Markup:
    # Cached: the same names (regions, bouwstenen, levels) are written on thousands of pages.
    text = " ".join(text.split())
    escaped = text.translate(_MD_TABLE)
    escaped = _LINE_START.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group(1)), escaped)
    return Markup(escaped)


def attr(value: object) -> Markup:
    """Text for an HTML attribute value (double quotes) inside a raw HTML block."""
    text = " ".join(("" if value is None else str(value)).split())
    return Markup(html.escape(text, quote=True))


def safe_url(value: str | None) -> str | None:
    """The URL when it is http(s) or mailto (the validator already checks), else None."""
    if not value:
        return None
    scheme = value.split(":", 1)[0].lower()
    return value if scheme in URL_SCHEMES else None


def _absolute_links_only(tag: str, attribute: str, value: str) -> str | None:
    """Editor links must be absolute http(s)/mailto; relative ones would break on the site."""
    if tag == "a" and attribute == "href" and not value.lower().startswith(("https://", "http://", "mailto:")):
        return None
    return value


def _shift_headings(rendered: str) -> str:
    return re.sub(
        r"<(/?)h([1-6])\b",
        lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 2, 6)}",
        rendered,
    )


@functools.lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    """One converter, reset before each use: building one (extensions and all) costs more
    than converting a typical text."""
    return markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")


def markdown_html(text: str | None) -> Markup:
    """Editor Markdown -> sanitised HTML, wrapped so Markdown leaves it alone."""
    if not text:
        return Markup("")
    rendered = _markdown().reset().convert(text)
    cleaned = nh3.clean(
        _shift_headings(rendered),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_absolute_links_only,
    )
    # Entities for Markdown specials would be harmless in a raw HTML block, but the block
    # must not contain blank lines that end it early.
    cleaned = re.sub(r"\n\s*\n", "\n", cleaned.strip())
    return Markup(f'<div class="hhz-md">\n{cleaned}\n</div>')
