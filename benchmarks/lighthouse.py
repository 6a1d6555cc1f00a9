"""Benchmark: Lighthouse 12 on every page kind, served with and without compression.

    python benchmarks/lighthouse.py [--site DIR] [--engine mkdocs|zensical] [--geo-dir DIR]
                                    [--runs N] [--no-plain]

Without --site it builds this repository's data (regions/, bouwstenen/) with ``hhz build``
in a temporary copy, with the CBS geodata (--geo-dir, HHZ_GEO_DIR, or ../shared/geo).
Then it serves the site twice on 127.0.0.1 and runs Lighthouse (tests/npm, pinned in its
lock file) in Debian's Chromium (/usr/bin/chromium, or CHROME_PATH) on each page kind:

  compressed  a small server like a well-configured host: it sends the precompressed
              ``.br`` or ``.gz`` file that ``hhz build`` writes (nginx ``gzip_static`` /
              ``brotli_static``), with Content-Encoding, Vary, cache headers, and the
              security headers from the site's ``_headers``
  plain       Python's http.server as it is: no compression, no cache headers (a host
              that does not compress); for contrast, --no-plain leaves it out

Lighthouse runs with its mobile preset (the default: a Moto G Power class phone, slow 4G)
and simulated throttling; performance and accessibility only. Printed per page and server:
the performance and accessibility scores, LCP, FCP, TBT, CLS, and the bytes transferred
(Lighthouse's total-byte-weight), the median of --runs runs. Exit 1 when a page served
compressed misses a target: performance >= 95, LCP <= 2.0 s, accessibility 100.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parents[1]
LIGHTHOUSE = REPO / "tests" / "npm" / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"
TARGET_PERFORMANCE = 95
TARGET_LCP_MS = 2000
TARGET_ACCESSIBILITY = 100
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))  # preferred first, as nginx with both modules
ATTEMPTS = 3


def default_geo_dir() -> Path:
    return Path(os.environ.get("HHZ_GEO_DIR") or REPO.parent / "shared" / "geo")


def page_kinds(site: Path) -> list[tuple[str, str]]:
    """(kind, path) for every page kind; the first region and bouwsteen in name order."""
    region = sorted(p.name for p in (site / "regios").glob("*.html") if p.name != "index.html")[0]
    bouwsteen = sorted(p.name for p in (site / "bouwstenen").glob("*.html") if p.name != "index.html")[0]
    pages = [
        ("home", "index.html"),
        ("kaart", "kaart.html"),
        ("regio", f"regios/{region}"),
        ("bouwsteen", f"bouwstenen/{bouwsteen}"),
        ("goede voorbeelden", "goede-voorbeelden/index.html"),
    ]
    practices = sorted(p.name for p in (site / "goede-voorbeelden").glob("*.html") if p.name != "index.html")
    if practices:
        pages.append(("goed voorbeeld", f"goede-voorbeelden/{practices[0]}"))
    for kind, path in (("open data", "open-data.html"), ("ontwikkeling", "ontwikkeling.html"),
                       ("toegankelijkheid", "toegankelijkheid.html")):
        if (site / path).is_file():
            pages.append((kind, path))
    if (site / "vergelijk.html").is_file():
        regions = sorted(p.stem for p in (site / "regios").glob("*.html") if p.name != "index.html")[:2]
        pages.append(("vergelijk", f"vergelijk.html?regio={','.join(regions)}"))
    return pages


# --- the servers ---------------------------------------------------------------------------


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class PrecompressedHandler(_Quiet):
    """Serves ``x.br`` / ``x.gz`` for ``x`` when the browser accepts it, like nginx's
    ``brotli_static on; gzip_static on;``, with cache and security headers."""

    protocol_version = "HTTP/1.1"  # keep-alive, as a real host
    extra_headers: dict[str, str] = {}

    def send_head(self):
        path = Path(self.translate_path(self.path))
        accepted = self.headers.get("Accept-Encoding", "")
        if path.is_file():
            for token, suffix in ENCODINGS:
                packed = path.with_name(path.name + suffix)
                if token in accepted and packed.is_file():
                    return self._send_file(path, packed, token)
        return super().send_head()

    def _send_file(self, path: Path, packed: Path, encoding: str):
        body = packed.open("rb")
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(packed.stat().st_size))
        self.end_headers()
        return body

    def end_headers(self) -> None:
        rel = unquote(urlsplit(self.path).path)
        self.send_header("Vary", "Accept-Encoding")
        # The theme's file names carry a content hash; the rest may change with each build.
        hashed = rel.startswith("/assets/") and ".min." in rel
        self.send_header("Cache-Control", "public, max-age=31536000, immutable" if hashed else "public, max-age=3600")
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()


def site_headers(site: Path) -> dict[str, str]:
    """The headers of the ``/*`` rule in the site's ``_headers`` (CSP and the rest)."""
    sys.path.insert(0, str(REPO / "generator"))
    from hhz.publish.headers import HEADERS_FILE, parse_headers_file

    path = site / HEADERS_FILE
    return parse_headers_file(path.read_text(encoding="utf-8")).get("/*", {}) if path.is_file() else {}


@contextmanager
def serve(site: Path, compressed: bool):
    if compressed:
        handler = type("Handler", (PrecompressedHandler,), {"extra_headers": site_headers(site)})
    else:
        handler = _Quiet
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


# --- Lighthouse ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    performance: float
    accessibility: float
    lcp_ms: float
    fcp_ms: float
    tbt_ms: float
    cls: float
    bytes: float

    def misses(self) -> list[str]:
        out = []
        if self.performance < TARGET_PERFORMANCE:
            out.append(f"performance {self.performance:.0f} < {TARGET_PERFORMANCE}")
        if self.lcp_ms > TARGET_LCP_MS:
            out.append(f"LCP {self.lcp_ms / 1000:.2f} s > {TARGET_LCP_MS / 1000:.1f} s")
        if self.accessibility < TARGET_ACCESSIBILITY:
            out.append(f"accessibility {self.accessibility:.0f} < {TARGET_ACCESSIBILITY}")
        return out


def lighthouse(url: str) -> Result:
    command = [
        str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
        "--only-categories=performance,accessibility", "--throttling-method=simulate",
        f"--chrome-flags={CHROME_FLAGS}",
    ]  # fmt: skip
    for _attempt in range(ATTEMPTS):  # a loaded machine sometimes loses the trace (NO_NAVSTART)
        proc = subprocess.run(command, capture_output=True, text=True, env=dict(os.environ, CHROME_PATH=CHROME))
        if proc.returncode == 0:
            break
    else:
        raise RuntimeError(f"lighthouse faalde {ATTEMPTS} keer voor {url}:\n{proc.stderr[-2000:]}")
    report = json.loads(proc.stdout)
    audits, categories = report["audits"], report["categories"]
    return Result(
        performance=round(categories["performance"]["score"] * 100),
        accessibility=round(categories["accessibility"]["score"] * 100),
        lcp_ms=audits["largest-contentful-paint"]["numericValue"],
        fcp_ms=audits["first-contentful-paint"]["numericValue"],
        tbt_ms=audits["total-blocking-time"]["numericValue"],
        cls=audits["cumulative-layout-shift"]["numericValue"],
        bytes=audits["total-byte-weight"]["numericValue"],
    )


def median_result(url: str, runs: int) -> Result:
    results = [lighthouse(url) for _ in range(runs)]
    fields = Result.__dataclass_fields__
    return Result(**{name: statistics.median(getattr(r, name) for r in results) for name in fields})


def row(kind: str, path: str, server: str, r: Result) -> str:
    return (
        f"| {kind} | `{path}` | {server} | {r.performance:.0f} | {r.accessibility:.0f} | {r.lcp_ms / 1000:.2f} | "
        f"{r.fcp_ms / 1000:.2f} | {r.tbt_ms:.0f} | {r.cls:.3f} | {r.bytes / 1000:.0f} |"
    )


HEADER = (
    "| pagina | pad | server | performance | toegankelijkheid | LCP (s) | FCP (s) | TBT (ms) | CLS | overgedragen (KB) |\n"
    "|---|---|---|---:|---:|---:|---:|---:|---:|---:|"
)


def measure(site: Path, runs: int, plain: bool) -> list[str]:
    """Print the table; return the targets missed when served compressed."""
    missed = []
    print(HEADER, flush=True)
    modes = [("compressed", True)] + ([("plain", False)] if plain else [])
    for label, compressed in modes:
        with serve(site, compressed) as base:
            for kind, path in page_kinds(site):
                result = median_result(f"{base}/{path}", runs)
                print(row(kind, path, "gecomprimeerd" if compressed else "http.server", result), flush=True)
                if compressed:
                    missed += [f"{kind}: {m}" for m in result.misses()]
    return missed


def build(root: Path, geo_dir: Path, engine: str) -> Path:
    for name in ("site_templates", "docs", "bouwstenen", "regions", "schemas", "audit"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
    for name in ("mkdocs.yml", "pyproject.toml"):
        shutil.copy(REPO / name, root / name)
    command = [sys.executable, "-m", "hhz", "build", str(root), "--engine", engine, "-q"]
    proc = subprocess.run(command, capture_output=True, text=True, env=dict(os.environ, HHZ_GEO_DIR=str(geo_dir)))
    if proc.returncode != 0:
        raise RuntimeError(proc.stdout + proc.stderr)
    return root / "site"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the repository's data)")
    parser.add_argument("--engine", default="mkdocs", choices=["mkdocs", "zensical"])
    parser.add_argument("--geo-dir", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (median)")
    parser.add_argument("--no-plain", action="store_true", help="skip the run without compression")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        print(f"{LIGHTHOUSE} ontbreekt: npm ci in tests/npm", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="hhz-lighthouse-") as tmp:
        site = args.site.resolve() if args.site else build(Path(tmp), args.geo_dir or default_geo_dir(), args.engine)
        print(f"site: {site} ({args.engine if not args.site else 'gegeven'}), Lighthouse {LIGHTHOUSE.name}, {args.runs} run(s) per pagina")
        missed = measure(site, args.runs, not args.no_plain)
    for line in missed:
        print(f"doel gemist: {line}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
