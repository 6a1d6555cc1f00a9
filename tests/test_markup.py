"""Editor text shows exactly as typed: escaped once for Markdown and HTML, never twice."""

from __future__ import annotations

import html
import re

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from hhz.render.markup import md_text

# The Markdown extensions of mkdocs.yml: what MkDocs does with a generated page.
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc"]


def visible_text(rendered: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip()


def shown_as(source: str) -> tuple[str, str]:
    """What a visitor reads when the text is a Markdown paragraph and inside a raw HTML block."""
    escaped = str(md_text(source))
    paragraph = markdown.markdown(escaped, extensions=EXTENSIONS)
    block = markdown.markdown(f"<ul>\n<li>{escaped}</li>\n</ul>", extensions=EXTENSIONS)
    return visible_text(paragraph), visible_text(block)


def test_apostrophes_quotes_and_ampersands_are_shown_as_typed() -> None:
    text = "regio's & \"partners\" #1 <samen> [x](y) *niet vet* 1. geen lijst"
    assert shown_as(text) == (text, text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=60))
def test_any_text_is_shown_as_typed(text: str) -> None:
    expected = " ".join(text.split())
    paragraph, block = shown_as(text)
    assert paragraph == expected
    assert block == expected
