"""The markup guard: no generated page carries script, style or event handlers from the data.

Run on every generated Markdown page before it is staged (``hhz.render.outputs``); the
Content-Security-Policy written after the build (``hhz.publish.headers``) relies on it.
"""

from __future__ import annotations

import re

_FORBIDDEN_TAGS = {"script", "style", "iframe", "frame", "object", "embed", "base", "meta", "form"}
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}


def unsafe_markup(page: str) -> str | None:
    """The first piece of forbidden markup in a generated Markdown page, or None.

    Editor text is escaped or sanitised before it reaches a page, and the templates contain
    none of this. Because the CSP hashes every inline script of the built HTML, this guard
    also makes sure that those scripts can only come from the theme, never from the data.
    The page is parsed as a browser would (Lexbor, a WHATWG HTML parser, via selectolax):
    entities in attribute values are decoded, ``<svg/onload>`` is an attribute, and so on.
    """
    found = _first_unsafe_node(page)
    if found is None and "<noscript" in page.lower():
        # Lexbor parses as a browser without scripting, where <noscript> holds markup; with
        # scripting, its content is raw text up to the first </noscript>, and what follows is
        # markup again (the classic mutation-XSS trick). Check that reading as well.
        found = _first_unsafe_node(_NOSCRIPT_RE.sub("", page))
    return found


_NOSCRIPT_RE = re.compile(r"<noscript\b.*?</noscript\s*>", re.I | re.S)


def _first_unsafe_node(page: str) -> str | None:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(page)
    for node in tree.root.traverse(include_text=False) if tree.root is not None else ():
        tag = (node.tag or "").lower()
        if tag.startswith("-"):  # the parser's own nodes (document, comments)
            continue
        attrs = node.attributes
        if tag in _FORBIDDEN_TAGS and not (tag == "script" and "src" in attrs):
            return f"<{tag}>"
        for name, value in attrs.items():
            name = name.lower()
            if name.startswith("on") or name in ("style", "srcdoc"):
                return f"<{tag} {name}=…>"
            if name in _URL_ATTRIBUTES:
                url = _URL_NOISE_RE.sub("", value or "").lower()
                if url.startswith(("javascript:", "data:", "vbscript:")):
                    return f"<{tag} {name}={(value or '')[:40]!r}>"
    return None


_URL_NOISE_RE = re.compile(r"[\s\x00-\x1f]+")  # browsers ignore these inside a URL scheme
