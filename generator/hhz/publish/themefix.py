"""Fixes to what the theme writes, made after the build.

These patch small details of partials the site does not override, where one theme's exact
markup occurs; the other theme's pages pass through unchanged. The programme's own header,
footer and page title are overrides instead (``theme.custom_dir: build/theme``, rendered by
``render/theme.py``): since Zensical 0.1 both engines render the same override folder, as
long as it uses only the blocks, partials and filters both themes have.

* The search dialog gets an accessible name (axe: aria-dialog-name).
* The title of the table of contents is a ``<label for="__toc">``, but the ``__toc``
  toggle exists only on pages in the navigation; elsewhere the label points at nothing
  (Nu Html Checker error), so it becomes a plain ``<div>`` there.
* Zensical writes the colour palette as a radio button hidden from screen readers
  (``aria-hidden="true"``) but still in the Tab order (Lighthouse/axe: aria-hidden-focus);
  it gets ``tabindex="-1"``. With one palette there is nothing to choose anyway.
* The theme's JavaScript can load two scripts from unpkg.com, in cases this site never has
  (a ResizeObserver polyfill for browsers from before 2020, Mermaid for diagrams). The CSP
  blocks them anyway; the URLs are made local as well, so the site names no other host at
  all. The source maps (over 1 MB, for the theme's developers) are left out, and so are
  the comments that point at them.
* Material's script fetches ``sitemap.xml`` relative to every ``<link rel="alternate">`` of
  a page (meant for the language versions of a site); the feed links of the region pages
  are alternates too, so each region page asked for ``regios/sitemap.xml``, a 404. The
  selector is narrowed to language alternates (``[hreflang]``), which this site has none of.
* The themes' templates indent their markup and leave a blank line for every block that
  writes nothing: 6-7 KB of every page, a tenth of a region page (whose target is 60 KB,
  benchmarks/build_bench.py). Blank lines and the indentation at the start of a line go
  (``compact_page``), except inside ``pre``, ``textarea``, ``code``, ``script`` and ``style``,
  where white space may show or count (the CSP hashes of inline scripts). In the rest a line
  break with or without indentation is one collapsible space alike, so the page looks the same.
"""

from __future__ import annotations

import re
from pathlib import Path

SEARCH_NAME = "Zoeken"
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_TOC_TOGGLE = 'id="__toc"'
_TOC_LABEL = re.compile(r'<label class="md-nav__title" for="__toc">(.*?)</label>', re.S)
_HIDDEN_PALETTE = re.compile(r'(<input class="md-option"[^>]*?\saria-hidden="true"[^>]*?\sname="__palette")(?![^>]*tabindex)')


def fixed_page(html: str) -> str:
    """The page with the fixes applied (unchanged when the theme's markup is not there)."""
    html = html.replace(_SEARCH_DIALOG, _SEARCH_DIALOG[:-1] + f' aria-label="{SEARCH_NAME}">')
    if _TOC_TOGGLE not in html:
        html = _TOC_LABEL.sub(r'<div class="md-nav__title">\1</div>', html)
    return _HIDDEN_PALETTE.sub(r'\1 tabindex="-1"', html)


_KEEP_WHITESPACE = re.compile(r"(<(pre|textarea|code|script|style)\b.*?</\2\s*>)", re.S | re.I)
_BLANK_OR_INDENT = re.compile(r"\n[ \t]*(?:\n[ \t]*)*")


def compact_page(html: str) -> str:
    """The page without blank lines and line indentation, outside the elements where white
    space may matter (see the module's docstring)."""
    parts = _KEEP_WHITESPACE.split(html)
    # split() with two groups yields: text, whole element, element name, text, ...
    for index in range(0, len(parts), 3):
        parts[index] = _BLANK_OR_INDENT.sub("\n", parts[index])
    return "".join(part for index, part in enumerate(parts) if index % 3 != 2)


_OTHER_HOST_FALLBACK = b"https://unpkg.com/"
_LOCAL_FALLBACK = b"theme-fallback-disabled/"  # a same-origin path that does not exist
_ALTERNATES = b'("link[rel=alternate]")'
_LANGUAGE_ALTERNATES = b'("link[rel=alternate][hreflang]")'
_SOURCE_MAP_COMMENT = re.compile(rb"\n?(?://# sourceMappingURL=[^\n]*|/\*# sourceMappingURL=.*?\*/)")


def fix_theme_scripts(site_dir: Path) -> None:
    """Drop the source maps, make the theme's unpkg.com fallbacks local, and let the sitemap
    lookup follow language alternates only."""
    for source_map in sorted([*site_dir.rglob("*.js.map"), *site_dir.rglob("*.css.map")]):
        source_map.unlink()
    for asset in sorted([*site_dir.rglob("*.js"), *site_dir.rglob("*.css")]):
        data = asset.read_bytes()
        fixed = _SOURCE_MAP_COMMENT.sub(b"", data).replace(_OTHER_HOST_FALLBACK, _LOCAL_FALLBACK)
        fixed = fixed.replace(_ALTERNATES, _LANGUAGE_ALTERNATES)
        if fixed != data:
            asset.write_bytes(fixed)
