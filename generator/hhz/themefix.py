"""Two fixes to the HTML that Material for MkDocs writes, made after the build.

Done here rather than with overridden theme partials (``theme.custom_dir``), so that the
one ``mkdocs.yml`` builds unchanged with both engines: Zensical has templates of its own
and cannot render Material's partials. Each fix applies only where Material's exact
markup occurs, so pages that Zensical wrote pass through unchanged.

* The search dialog gets an accessible name (axe: aria-dialog-name).
* The title of the table of contents is a ``<label for="__toc">``, but the ``__toc``
  toggle exists only on pages in the navigation; elsewhere the label points at nothing
  (Nu Html Checker error), so it becomes a plain ``<div>`` there.
"""

from __future__ import annotations

import re

SEARCH_NAME = "Zoeken"
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_TOC_TOGGLE = 'id="__toc"'
_TOC_LABEL = re.compile(r'<label class="md-nav__title" for="__toc">(.*?)</label>', re.S)


def fixed_page(html: str) -> str:
    """The page with both fixes applied (unchanged when Material's markup is not there)."""
    html = html.replace(_SEARCH_DIALOG, _SEARCH_DIALOG[:-1] + f' aria-label="{SEARCH_NAME}">')
    if _TOC_TOGGLE not in html:
        html = _TOC_LABEL.sub(r'<div class="md-nav__title">\1</div>', html)
    return html
