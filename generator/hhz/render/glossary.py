"""Abbreviations explained on their first use on a page (issue 26): the first time a page
writes one of ``ABBREVIATIONS`` in an editor's text, it becomes ``<abbr title="full name">``;
later uses on the same page stay plain. Works on text that is already escaped (``md_text``),
which holds no tags, so nothing is matched inside markup.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup

from ..vocabulary import ABBREVIATIONS
from .markup import md_text

_PATTERN = re.compile(r"\b(" + "|".join(re.escape(a) for a in sorted(ABBREVIATIONS, key=len, reverse=True)) + r")\b")


class Glossary:
    """One page's abbreviations: remembers which it has explained already."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def explain(self, value: object) -> Markup:
        """``value`` as escaped text, with the page's first use of each abbreviation explained."""
        text = md_text(value)

        def replace(match: re.Match[str]) -> str:
            word = match.group(1)
            if word in self.seen:
                return word
            self.seen.add(word)
            return f'<abbr title="{html.escape(ABBREVIATIONS[word], quote=True)}">{word}</abbr>'

        return Markup(_PATTERN.sub(replace, str(text)))
