"""Security headers for the built site, computed from the HTML the engine actually wrote.

After MkDocs (or Zensical) has built the site, ``write_security_files``:

* hashes every inline ``<script>`` (Material writes a few small ones) and inline ``<style>``,
  so the Content-Security-Policy allows exactly those and nothing else;
* hashes the style sheets that the theme's own scripts (``assets/javascripts/``) put into a
  ``<style>`` at run time: Zensical's search draws its dialog in a shadow root with the CSS
  of one string constant in its bundle (``C("style",{},Tc.toString())``); Material's bundle
  has none, so its policy is unchanged;
* writes ``_headers`` (Netlify, Cloudflare Pages) with the CSP and the other headers;
* puts the same CSP, minus what a ``<meta>`` tag cannot carry (``frame-ancestors``), as
  ``<meta http-equiv="Content-Security-Policy">`` in every page, with the referrer policy as
  ``<meta name="referrer">``, for hosts that cannot send headers (GitHub Pages).

The result depends only on the built files, so two builds stay byte-identical, and the
policy follows the theme when Material changes its inline scripts.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from pathlib import Path
from typing import Callable

from ..urls import URLS

HEADERS_FILE = "_headers"

_SCRIPT_RE = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_STYLE_RE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.S | re.I)
# A style attribute on any element (value in double or single quotes).
_STYLE_ATTR_RE = re.compile(r"<[a-zA-Z][^>]*?\sstyle\s*=\s*(\"([^\"]*)\"|'([^']*)')", re.S)
_TYPE_RE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_SRC_RE = re.compile(r"\bsrc\s*=", re.I)
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
_HEAD_RE = re.compile(r"<head\b[^>]*>", re.I)
_CHARSET_RE = re.compile(r"<meta\s+charset=[\"']?[\w-]+[\"']?\s*/?>", re.I)

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def inline_hashes(pages: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Sorted CSP hash sources of inline scripts, inline <style> blocks and style attributes."""
    scripts: set[str] = set()
    styles: set[str] = set()
    attributes: set[str] = set()
    for text in pages:
        for match in _SCRIPT_RE.finditer(text):
            attrs, body = match.group(1), match.group(2)
            kind = _TYPE_RE.search(attrs)
            if _SRC_RE.search(attrs) or (kind and kind.group(1).lower() not in _JS_TYPES):
                continue  # external script, or a data block (JSON) that never runs
            scripts.add(_sha256(body))
        for match in _STYLE_RE.finditer(text):
            styles.add(_sha256(match.group(1)))
        for match in _STYLE_ATTR_RE.finditer(text):
            value = match.group(2) if match.group(2) is not None else match.group(3)
            attributes.add(_sha256(html.unescape(value)))
    return sorted(scripts), sorted(styles), sorted(attributes)


# A theme script creating a <style> element from one named string constant:
# ``C("style",{},NAME.toString())`` or ``C("style",{},NAME)`` (the minified helper of Zensical).
_RUNTIME_STYLE_RE = re.compile(r'\(\s*"style"\s*,\s*\{\s*\}\s*,\s*([A-Za-z_$][\w$]*)(?:\.toString\(\))?\s*\)')
_JS_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
THEME_SCRIPTS = "assets/javascripts"


def _js_string_at(source: str, start: int) -> str | None:
    """The value of the JavaScript string literal that starts at ``source[start]`` (a quote);
    None for a template literal with a substitution, whose value is known only at run time."""
    quote, out, i = source[start], [], start + 1
    while i < len(source):
        char = source[i]
        if char == quote:
            return "".join(out)
        if quote == "`" and source.startswith("${", i):
            return None
        if char != "\\":
            out.append(char)
            i += 1
            continue
        nxt = source[i + 1 : i + 2]
        if nxt == "u" and source[i + 2 : i + 3] == "{":
            end = source.index("}", i)
            out.append(chr(int(source[i + 3 : end], 16)))
            i = end + 1
        elif nxt in ("u", "x"):
            width = 4 if nxt == "u" else 2
            out.append(chr(int(source[i + 2 : i + 2 + width], 16)))
            i += 2 + width
        elif nxt in ("\n", "\r"):  # a line continuation
            i += 3 if source[i + 1 : i + 3] == "\r\n" else 2
        else:
            out.append(_JS_ESCAPES.get(nxt, nxt))
            i += 2
    return None


def runtime_styles(scripts: list[str]) -> list[str]:
    """The CSS texts that these theme scripts insert as ``<style>`` elements at run time.

    Each insertion names a constant; its value is the string literal assigned to that name
    in the same script. An insertion whose text cannot be found is left out: its style is
    then blocked, which tests/test_csp.py reports as a violation."""
    found: list[str] = []
    for source in scripts:
        for name in dict.fromkeys(m.group(1) for m in _RUNTIME_STYLE_RE.finditer(source)):
            definition = re.search(r"(?<![\w$.])" + re.escape(name) + r"\s*=\s*(?=['\"`])", source)
            try:
                value = _js_string_at(source, definition.end()) if definition else None
            except ValueError:  # a malformed escape: not a literal we can read
                value = None
            if value is not None:
                found.append(value)
    return found


def theme_scripts(site_dir: Path) -> list[str]:
    """The text of the theme's own scripts in a built site (not the site's data or map)."""
    folder = site_dir / THEME_SCRIPTS
    return [path.read_bytes().decode("utf-8") for path in sorted(folder.rglob("*.js"))] if folder.is_dir() else []


def tile_source(tiles_url: str | None) -> str | None:
    """The CSP host source of a configured map tile URL (``{s}`` subdomains become ``*``)."""
    if not tiles_url:
        return None
    scheme, _, rest = tiles_url.partition("://")
    host = rest.split("/", 1)[0]
    return f"{scheme}://" + re.sub(r"\{[a-z]+\}", "*", host)


def content_security_policy(
    pages: list[str],
    for_meta: bool = False,
    image_sources: tuple[str, ...] = (),
    script_styles: tuple[str, ...] = (),
) -> str:
    """The CSP that the given pages satisfy; ``for_meta`` leaves out what a <meta> tag ignores.

    ``image_sources`` are other hosts that images may come from: only the configured map
    tiles, which are off by default. ``script_styles`` are the CSS texts the theme's
    scripts insert as ``<style>`` at run time (``runtime_styles``)."""
    scripts, styles, attributes = inline_hashes(pages)
    styles = sorted(set(styles) | {_sha256(text) for text in script_styles})
    style_sources = ["'self'", *styles]
    if attributes:  # none in our own templates; only when a theme update adds them
        style_sources += ["'unsafe-hashes'", *attributes]
    directives = [
        ("default-src", ["'none'"]),
        ("script-src", ["'self'", *scripts]),
        ("style-src", style_sources),
        ("img-src", ["'self'", "data:", *image_sources]),  # Material's icons are data: SVGs in its CSS
        ("font-src", ["'self'"]),
        ("connect-src", ["'self'"]),  # the search index
        ("worker-src", ["'self'"]),  # the search worker
        ("manifest-src", ["'self'"]),
        ("base-uri", ["'none'"]),
        ("form-action", ["'self'"]),
        ("object-src", ["'none'"]),
    ]
    if not for_meta:
        directives.append(("frame-ancestors", ["'none'"]))
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives)


def security_headers(csp: str) -> dict[str, str]:
    return {
        "Content-Security-Policy": csp,
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "Permissions-Policy": PERMISSIONS_POLICY,
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
    }


def headers_file(headers: dict[str, str]) -> str:
    lines = [
        "# Security headers for every file of the site (Netlify / Cloudflare Pages format).",
        "# Written by `hhz build`: the script hashes match the inline scripts of this build.",
        "/*",
    ]
    lines += [f"  {name}: {value}" for name, value in headers.items()]
    return "\n".join(lines) + "\n"


def parse_headers_file(text: str) -> dict[str, dict[str, str]]:
    """``{path pattern: {header: value}}`` from a ``_headers`` file (used by tests and tools)."""
    rules: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            current = rules.setdefault(line.strip(), {})
        elif current is not None and ":" in line:
            name, value = line.strip().split(":", 1)
            current[name.strip()] = value.strip()
    return rules


def _attribute(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;")


def _with_meta(text: str, meta: str) -> str:
    head = _HEAD_RE.search(text)
    if head is None:
        return text
    charset = _CHARSET_RE.search(text, head.end())
    at = charset.end() if charset else head.end()
    return text[:at] + meta + text[at:]


def write_security_files(
    site_dir: Path, tiles_url: str | None = None, page_fix: Callable[[str], str] | None = None
) -> dict[str, str]:
    """Write ``_headers`` and the CSP <meta> tag into a freshly built site; return the headers.

    ``page_fix`` changes each page first (in the same pass over the files); it must leave
    inline scripts and styles alone."""
    html_files = sorted(p for p in site_dir.rglob("*.html") if not is_beheer(site_dir, p))  # beheer/: own CSP
    # bytes, not text mode: newlines must stay exactly as built, or the hashes would not match
    pages = {path: path.read_bytes().decode("utf-8") for path in html_files}
    if page_fix is not None:
        pages = {path: page_fix(text) for path, text in pages.items()}
    texts = list(pages.values())
    images = tuple(filter(None, [tile_source(tiles_url)]))
    extra = tuple(runtime_styles(theme_scripts(site_dir)))
    policy = content_security_policy(texts, image_sources=images, script_styles=extra)
    meta_policy = content_security_policy(texts, for_meta=True, image_sources=images, script_styles=extra)
    headers = security_headers(policy)
    meta = (
        f'\n<meta http-equiv="Content-Security-Policy" content="{_attribute(meta_policy)}">'
        f'\n<meta name="referrer" content="{headers["Referrer-Policy"]}">'
    )
    for path, text in pages.items():
        path.write_bytes(_with_meta(text, meta).encode("utf-8"))
    beheer_rules = write_beheer_security(site_dir, headers)
    (site_dir / HEADERS_FILE).write_bytes((headers_file(headers) + beheer_rules).encode("utf-8"))
    return headers


# --- beheer/: the form editor (Decap CMS) -------------------------------------------------
# Decap needs more than the public pages: inline styles (emotion), eval (its config
# validator compiles schemas), the GitHub API, and an opener that its login popup can reach.
# It gets its own policy, in its <meta> tag and in a `/beheer/*` rule of `_headers` that
# comes after `/*`: Netlify uses the last matching rule per header, and Cloudflare Pages
# first drops the inherited values (the `! Header` lines) and then adds these.

BEHEER_CONNECT = ("'self'", "https://api.github.com")


def is_beheer(site_dir: Path, path: Path) -> bool:
    return path.relative_to(site_dir).parts[:1] == (URLS.beheer_dir,)


def beheer_policy(for_meta: bool = False, local_backend: str | None = None) -> str:
    """beheer/'s policy. ``local_backend`` (the origin of decap-server on 127.0.0.1) is given
    only by `hhz serve --beheer`, which serves it from memory: no built file carries it."""
    directives = [
        ("default-src", ["'none'"]),
        ("script-src", ["'self'", "'unsafe-eval'"]),
        ("style-src", ["'self'", "'unsafe-inline'"]),
        ("img-src", ["'self'", "data:", "blob:"]),
        ("font-src", ["'self'", "data:"]),
        ("connect-src", [*BEHEER_CONNECT, *([local_backend] if local_backend else [])]),
        ("worker-src", ["'self'", "blob:"]),
        ("frame-src", ["'self'", "blob:"]),
        ("manifest-src", ["'none'"]),
        ("base-uri", ["'none'"]),
        ("form-action", ["'none'"]),
        ("object-src", ["'none'"]),
    ]
    if not for_meta:
        directives.append(("frame-ancestors", ["'none'"]))
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives)


def placeholder_policy(for_meta: bool = False) -> str:
    """The page that says the form was not built (no bundle): no script, no style, nothing."""
    policy = "default-src 'none'; base-uri 'none'; form-action 'none'"
    return policy if for_meta else f"{policy}; frame-ancestors 'none'"


def beheer_headers(public: dict[str, str], built: bool = True) -> dict[str, str]:
    """Where beheer/ differs from the public pages: its CSP, and a login popup may answer."""
    if not built:
        return {"Content-Security-Policy": placeholder_policy()}
    return {"Content-Security-Policy": beheer_policy(), "Cross-Origin-Opener-Policy": "same-origin-allow-popups"}


def write_beheer_security(site_dir: Path, public: dict[str, str]) -> str:
    """Put beheer/'s policy into its pages; return its `_headers` rule ("" without beheer/)."""
    pages = sorted((site_dir / URLS.beheer_dir).glob("*.html"))
    if not pages:
        return ""
    built = (site_dir / URLS.beheer_config).is_file()  # else only the placeholder page
    policy = beheer_policy(for_meta=True) if built else placeholder_policy(for_meta=True)
    meta = (
        f'\n<meta http-equiv="Content-Security-Policy" content="{_attribute(policy)}">'
        f'\n<meta name="referrer" content="{public["Referrer-Policy"]}">'
    )
    for path in pages:
        path.write_bytes(_with_meta(path.read_bytes().decode("utf-8"), meta).encode("utf-8"))
    headers = beheer_headers(public, built)
    lines = [f"/{URLS.beheer_dir}/*", *(f"  ! {name}" for name in headers)]
    lines += [f"  {name}: {value}" for name, value in headers.items()]
    return "\n".join(["", "# beheer/ (Decap CMS): its own policy, see generator/hhz/security.py", *lines]) + "\n"
