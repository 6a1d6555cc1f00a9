"""Web server configurations for the built site (nginx, Caddy, Apache), from its ``_headers``.

``hhz build`` writes ``_headers`` (``security.write_security_files``) and then, from that very
file, the three server fragments in ``_hosting/`` of the site:

* ``_hosting/nginx.conf``: included in a ``server`` block (``hosting/nginx.conf``);
* ``_hosting/Caddyfile``: imported in a site block (``hosting/Caddyfile``);
* ``_hosting/apache.conf``: included in a ``VirtualHost`` (``hosting/apache.conf``).

The committed files in ``hosting/`` hold only what a maintainer sets once (port, server name,
the site folder); everything that changes with a build (the CSP hashes) comes from the
fragment written next to the pages it belongs to, so the two can never drift apart. Each
fragment gives: one Content-Security-Policy per response (the public pages' policy, and
``beheer/``'s own under any ``beheer/`` folder), the other security headers once, the
precompressed ``.br``/``.gz`` copies with ``Vary: Accept-Encoding``, the site's own
``404.html`` with status 404, the content types of ``CONTENT_TYPES`` (the same table for all
three servers), a long cache lifetime only for file names with a content hash, and the same
rules under a sub-path (previews in ``pr-<n>/``): every pattern matches at any depth.
Tested against the real servers in tests/test_hosting.py.
"""

from __future__ import annotations

from pathlib import Path

from .headers import HEADERS_FILE, parse_headers_file

HOSTING_DIR = "_hosting"
NGINX_FILE = "nginx.conf"
CADDY_FILE = "Caddyfile"
APACHE_FILE = "apache.conf"

# Content types by file extension, the same for every server. Text types carry the charset.
CONTENT_TYPES: dict[str, str] = {
    "html": "text/html; charset=utf-8",
    "css": "text/css; charset=utf-8",
    "js": "text/javascript; charset=utf-8",
    "mjs": "text/javascript; charset=utf-8",
    "json": "application/json",
    "jsonld": "application/ld+json",
    "map": "application/json",
    "webmanifest": "application/manifest+json",
    "xml": "application/xml; charset=utf-8",
    "svg": "image/svg+xml",
    "csv": "text/csv; charset=utf-8",
    "yml": "application/yaml; charset=utf-8",
    "yaml": "application/yaml; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "ico": "image/x-icon",
    "woff": "font/woff",
    "woff2": "font/woff2",
    "wasm": "application/wasm",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# The Atom feeds (feed.xml, regios/<id>-feed.xml): XML, but their own type.
FEED_TYPE = "application/atom+xml; charset=utf-8"
FEED_PATTERN = r"(^|/)([a-z0-9-]+-)?feed\.xml$"
# Names with a content hash: Material's/Zensical's bundle.<8 hex>.min.js, main.<hex>.min.css,
# Decap's <20 hex>.wasm. Only these may be cached for a year; everything else is revalidated.
HASHED_PATTERN = r"[/.][0-9a-f]{8,}\.(min\.)?(css|js|wasm)$"
HIDDEN_PATTERN = r"(^|/)_(headers|hosting)(/|$)"  # files for the host, not for visitors
BEHEER_PATTERN = r"(^|/)beheer/"
LONG_CACHE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
NOT_FOUND_PAGE = "404.html"

HEADER_NOTE = "Geschreven door `hhz build` uit _headers van deze build; niet bewerken (zie hosting/README.md)."


def header_sets(headers_text: str) -> tuple[dict[str, str], dict[str, str]]:
    """(public headers, beheer/ headers) from a ``_headers`` file: beheer/'s rule replaces the
    public values it names (the ``! Name`` lines detach them on Cloudflare Pages)."""
    rules = parse_headers_file(headers_text)
    public = rules.get("/*", {})
    beheer = {**public, **next((v for k, v in rules.items() if k != "/*"), {})}
    return public, beheer


def _quoted(value: str) -> str:
    if '"' in value or "\\" in value:
        raise ValueError(f"headerwaarde met aanhalingsteken of backslash: {value!r}")
    return f'"{value}"'


def _bare(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip()


# --- nginx -----------------------------------------------------------------------------------
# add_header in a location drops every add_header of the levels above, so each location lists
# the whole set (no header is ever sent twice). gzip_static/brotli_static serve x.gz / x.br
# without changing the URI, so the patterns see the name the browser asked for.


def _nginx_headers(headers: dict[str, str], cache: str, indent: str) -> list[str]:
    lines = [f"{indent}add_header {name} {_quoted(value)} always;" for name, value in headers.items()]
    return [*lines, f"{indent}add_header Cache-Control {_quoted(cache)} always;"]


def nginx_conf(public: dict[str, str], beheer: dict[str, str]) -> str:
    types: dict[str, list[str]] = {}
    for ext, content_type in CONTENT_TYPES.items():
        types.setdefault(_bare(content_type), []).append(ext)
    charset_types = sorted({_bare(t) for t in [*CONTENT_TYPES.values(), FEED_TYPE] if "charset=" in t} - {"text/html"})
    lines = [
        f"# {HEADER_NOTE}",
        "# In een server-blok: include <sitemap>/_hosting/nginx.conf;",
        "index index.html;",
        "charset utf-8;",
        f"charset_types {' '.join(charset_types)};",
        "types {",
        *(f"    {content_type} {' '.join(exts)};" for content_type, exts in types.items()),
        "}",
        "default_type application/octet-stream;",
        "gzip_static on;",
        "gzip_vary on;",
        "# the site's own 404 page, with status 404",
        f"error_page 404 /{NOT_FOUND_PAGE};",
        "",
        f"location ~ \"{HIDDEN_PATTERN}\" {{",
        "    return 404;",
        "}",
        f"location ~ \"{BEHEER_PATTERN}\" {{",
        f"    location ~ \"{HASHED_PATTERN}\" {{",
        *_nginx_headers(beheer, LONG_CACHE, "        "),
        "    }",
        *_nginx_headers(beheer, REVALIDATE, "    "),
        "}",
        f"location ~ \"{HASHED_PATTERN}\" {{",
        *_nginx_headers(public, LONG_CACHE, "    "),
        "}",
        f"location ~ \"{FEED_PATTERN}\" {{",
        "    types { }",
        f"    default_type {_bare(FEED_TYPE)};",
        *_nginx_headers(public, REVALIDATE, "    "),
        "}",
        "location / {",
        *_nginx_headers(public, REVALIDATE, "    "),
        "}",
    ]
    return "\n".join(lines) + "\n"


# --- Caddy -----------------------------------------------------------------------------------
# One `route` keeps the directives in the written order: the public set first, then what
# beheer/ replaces, then cache and type per pattern; `file_server` sets a Content-Type only
# when none is set yet, and picks x.br / x.gz itself (precompressed), adding Vary.


def _caddy_header_block(name: str, matcher: str | None, headers: dict[str, str], indent: str) -> list[str]:
    target = f" {matcher}" if matcher else ""
    lines = [f"{indent}header{target} {{"]
    lines += [f"{indent}    {key} {_quoted(value)}" for key, value in headers.items()]
    return [*lines, f"{indent}}}"]


def _caddy_rules(public: dict[str, str], beheer: dict[str, str], indent: str) -> list[str]:
    beheer_only = {k: v for k, v in beheer.items() if public.get(k) != v}
    lines = [
        f"{indent}@hhz_beheer path_regexp hhz_beheer {BEHEER_PATTERN}",
        f"{indent}@hhz_hashed path_regexp hhz_hashed {HASHED_PATTERN}",
        f"{indent}@hhz_feed path_regexp hhz_feed {FEED_PATTERN}",
        *_caddy_header_block("public", None, {**public, "Cache-Control": REVALIDATE}, indent),
        *_caddy_header_block("beheer", "@hhz_beheer", beheer_only, indent),
        f"{indent}header @hhz_hashed Cache-Control {_quoted(LONG_CACHE)}",
    ]
    for ext, content_type in CONTENT_TYPES.items():
        lines.append(f"{indent}@hhz_type_{ext} path *.{ext}")
        lines.append(f"{indent}header @hhz_type_{ext} Content-Type {_quoted(content_type)}")
    lines.append(f"{indent}header @hhz_feed Content-Type {_quoted(FEED_TYPE)}")
    return lines


def caddyfile(public: dict[str, str], beheer: dict[str, str]) -> str:
    lines = [
        f"# {HEADER_NOTE}",
        "# In een siteblok, na root: import <sitemap>/_hosting/Caddyfile",
        f"@hhz_hidden path_regexp hhz_hidden {HIDDEN_PATTERN}",
        "route {",
        "    error @hhz_hidden 404",
        *_caddy_rules(public, beheer, "    "),
        "    file_server {",
        "        index index.html",
        "        precompressed br gzip",
        "    }",
        "}",
        "# the site's own 404 page, with status 404 and the same headers",
        "handle_errors {",
        "    @hhz_404 expression {http.error.status_code} == 404",
        "    route @hhz_404 {",
        f"        rewrite * /{NOT_FOUND_PAGE}",
        *_caddy_rules(public, beheer, "        "),
        "        file_server {",
        "            precompressed br gzip",
        "        }",
        "    }",
        "}",
    ]
    return "\n".join(lines) + "\n"


# --- Apache ----------------------------------------------------------------------------------
# In the VirtualHost (no <Directory> needed, so the site folder is named only where the
# maintainer sets it). mod_rewrite picks x.br / x.gz by the request's Accept-Encoding; the
# rewritten URI ends in .br/.gz, so the patterns allow that ending; mod_mime gives x.css.br
# the type of .css and the encoding of .br. `Header always set` sends each header once, and a
# <LocationMatch> replaces what differs for beheer/.


def _apache_headers(headers: dict[str, str], indent: str) -> list[str]:
    return [f"{indent}Header always set {name} {_quoted(value)}" for name, value in headers.items()]


def _apache_precompressed() -> list[str]:
    lines = []
    for encoding, ext in (("br", "br"), ("gzip", "gz")):
        for pattern, name in (("^(.*/)$", "$1index.html"), ("^(.*[^/])$", "$1")):
            lines += [
                f'RewriteCond "%{{HTTP:Accept-Encoding}}" "\\b{encoding}\\b"',
                f'RewriteCond "%{{DOCUMENT_ROOT}}{name}.{ext}" -f',
                f'RewriteRule "{pattern}" "{name}.{ext}" [PT,L,E=no-gzip:1]',
            ]
    return lines


def apache_conf(public: dict[str, str], beheer: dict[str, str]) -> str:
    beheer_only = {k: v for k, v in beheer.items() if public.get(k) != v}
    compressed = r"(\.br|\.gz)?$"
    lines = [
        f"# {HEADER_NOTE}",
        "# In een VirtualHost: Include <sitemap>/_hosting/apache.conf",
        "# Modules: headers, mime, rewrite, dir (a2enmod headers rewrite).",
        "DirectoryIndex index.html",
        f"ErrorDocument 404 /{NOT_FOUND_PAGE}",
        "RemoveType .br .gz",
        "AddEncoding br .br",
        "AddEncoding gzip .gz",
        *(f"AddType {_quoted(content_type)} .{ext}" for ext, content_type in CONTENT_TYPES.items()),
        "RewriteEngine On",
        f'RewriteRule "{HIDDEN_PATTERN}" - [R=404,L]',
        "# precompressed copies: x.br, else x.gz, when the browser accepts them (a folder: its index.html)",
        *_apache_precompressed(),
        *_apache_headers(public, ""),
        "Header always merge Vary Accept-Encoding",
        f"Header always set Cache-Control {_quoted(REVALIDATE)}",
        f'<LocationMatch "{FEED_PATTERN[:-1]}{compressed}">',
        f"    ForceType {_quoted(FEED_TYPE)}",
        "</LocationMatch>",
        f'<LocationMatch "{BEHEER_PATTERN}">',
        *_apache_headers(beheer_only, "    "),
        "</LocationMatch>",
        f'<LocationMatch "{HASHED_PATTERN[:-1]}{compressed}">',
        f"    Header always set Cache-Control {_quoted(LONG_CACHE)}",
        "</LocationMatch>",
    ]
    return "\n".join(lines) + "\n"


FRAGMENTS = {NGINX_FILE: nginx_conf, CADDY_FILE: caddyfile, APACHE_FILE: apache_conf}


def write_host_configs(site_dir: Path) -> list[Path]:
    """Write the three server fragments into ``site_dir/_hosting/`` from its ``_headers``."""
    public, beheer = header_sets((site_dir / HEADERS_FILE).read_bytes().decode("utf-8"))
    folder = site_dir / HOSTING_DIR
    folder.mkdir(exist_ok=True)
    written = []
    for name, render in FRAGMENTS.items():
        path = folder / name
        path.write_bytes(render(public, beheer).encode("utf-8"))
        written.append(path)
    return written
