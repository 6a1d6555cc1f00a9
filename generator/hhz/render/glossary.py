"""Abbreviations explained on their first use on a page (issue 26): the first time a page
writes one of ``ABBREVIATIONS`` in an editor's text, it becomes ``<abbr title="full name">``;
later uses on the same page stay plain. Works on text that is already escaped (``md_text``),
which holds no tags, so nothing is matched inside markup; and on an editor's rich text once
it is sanitised (``markdown_html``), in its text only: never inside a tag, its attributes, or
``code``, ``pre``, ``a`` and ``abbr`` elements.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup

from ..vocabulary import ABBREVIATIONS
from .markup import md_text

# A tag of sanitised HTML: nh3 writes every attribute value in double quotes, which may hold a '>'.
_TAG = re.compile(r'(<(?:[^>"]|"[^"]*")*>)')
_TAG_NAME = re.compile(r"<(/?)([a-zA-Z0-9]+)")
# Elements whose text stays as it is: code, a link's text (an abbr inside a link would be a
# second target), and an editor's own abbreviation.
_KEEP = {"code", "pre", "a", "abbr"}
_PATTERN = re.compile(r"\b(" + "|".join(re.escape(a) for a in sorted(ABBREVIATIONS, key=len, reverse=True)) + r")\b")


class Glossary:
    """One page's abbreviations: remembers which it has explained already."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def explain(self, value: object) -> Markup:
        """``value`` as escaped text, with the page's first use of each abbreviation explained."""
        return Markup(self._explain(str(md_text(value))))

    def explain_html(self, sanitised: Markup) -> Markup:
        """Sanitised HTML (``markdown_html``) with the first use of each abbreviation in its
        text explained; tags, attribute values and the text of ``_KEEP`` elements untouched."""
        parts = _TAG.split(str(sanitised))
        inside: list[str] = []
        for index, part in enumerate(parts):
            if index % 2:  # a tag
                match = _TAG_NAME.match(part)
                if match and match.group(2).lower() in _KEEP and not part.endswith("/>"):
                    if match.group(1):
                        if inside:
                            inside.pop()
                    else:
                        inside.append(match.group(2).lower())
            elif part and not inside:
                parts[index] = self._explain(part)
        return Markup("".join(parts))

    def _explain(self, text: str) -> str:
        """Escaped text with the page's first use of each abbreviation explained."""

        def replace(match: re.Match[str]) -> str:
            word = match.group(1)
            if word in self.seen:
                return word
            self.seen.add(word)
            return f'<abbr title="{html.escape(ABBREVIATIONS[word], quote=True)}">{word}</abbr>'

        return _PATTERN.sub(replace, text)
