"""Screenshots of the pages a visitor meets, for a reviewer to look at (not run by the tests).

    python benchmarks/screenshots.py [--site DIR ...] [--engine mkdocs|zensical ...]
                                     [--geo-dir DIR] [--out DIR] [--full]

Without --site it builds this repository's data (regions/, bouwstenen/) with ``hhz build``
in a temporary copy, once per engine (both by default), with the CBS geodata (--geo-dir,
HHZ_GEO_DIR, or ../shared/geo). With --site (repeatable) it takes the given built sites;
the engine is read from each home page.

Each site is served on 127.0.0.1 and opened in Debian's Chromium (/usr/bin/chromium) at
1280x900 (desktop) and 390x844 (phone). Written to --out (default test-artifacts/screenshots,
git-ignored), one PNG per engine, page and width: ``<engine>-<page>-<width>.png``, the first
screen only (what a visitor sees before scrolling), or the whole page with --full. Printed per
shot: the page height and the sideways overflow (document width minus viewport width).
The pages: home, a region (the first in name order, or --region ID), kaart, vergelijk (with the
region and two others chosen), ontwikkeling, and the first bouwsteen and goed voorbeeld.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
ENGINES = ("mkdocs", "zensical")
WIDTHS = ((1280, 900), (390, 844))
SOURCES = ("regions", "bouwstenen", "schemas", "site_templates", "docs")


def default_geo_dir() -> Path:
    return Path(os.environ.get("HHZ_GEO_DIR") or REPO.parent / "shared" / "geo")


def build(engine: str, work: Path, geo_dir: Path) -> Path:
    """This repository's data built with ``engine`` in a copy under ``work``."""
    root = work / engine
    for name in SOURCES:
        shutil.copytree(REPO / name, root / name)
    for name in ("mkdocs.yml", "pyproject.toml"):
        shutil.copy(REPO / name, root / name)
    env = dict(os.environ, HHZ_GEO_DIR=str(geo_dir), PYTHONPATH=str(REPO / "generator"))
    subprocess.run(
        [sys.executable, "-m", "hhz", "build", str(root), "--engine", engine, "-q"], check=True, env=env
    )
    return root / "site"


def engine_of(site: Path) -> str:
    home = (site / "index.html").read_text(encoding="utf-8")
    return "zensical" if 'content="zensical-' in home else "mkdocs"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def pages(site: Path, region: str | None) -> list[tuple[str, str]]:
    regions = sorted(p.stem for p in (site / "regios").glob("*.html") if p.name != "index.html")
    first = region or regions[0]
    others = [r for r in regions if r != first][:2]
    shots = [
        ("home", "index.html"),
        ("regio", f"regios/{first}.html"),
        ("kaart", "kaart.html"),
        ("vergelijk", "vergelijk.html?regio=" + ",".join([first, *others])),
        ("ontwikkeling", "ontwikkeling.html"),
    ]
    for name, folder in (("bouwsteen", "bouwstenen"), ("goed-voorbeeld", "goede-voorbeelden")):
        found = sorted(p.name for p in (site / folder).glob("*.html") if p.name != "index.html")
        if found:
            shots.append((name, f"{folder}/{found[0]}"))
    return shots


def shoot(site: Path, out: Path, region: str | None, full: bool) -> None:
    from playwright.sync_api import sync_playwright

    engine = engine_of(site)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROME, args=["--no-sandbox", "--disable-gpu"])
            for width, height in WIDTHS:
                context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
                page = context.new_page()
                page.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url else route.abort())
                for name, path in pages(site, region):
                    page.goto(f"{base}/{path}", wait_until="networkidle")
                    page.wait_for_timeout(300)
                    size = page.evaluate(
                        "() => [document.documentElement.scrollWidth - document.documentElement.clientWidth, document.documentElement.scrollHeight]"
                    )
                    target = out / f"{engine}-{name}-{width}.png"
                    page.screenshot(path=str(target), full_page=full)
                    print(f"{target.relative_to(out.parent) if out.parent in target.parents else target}: "
                          f"hoogte {size[1]} px, zijwaarts {size[0]} px")
                context.close()
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", action="append", type=Path, default=[], help="a built site (repeatable)")
    parser.add_argument("--engine", action="append", choices=ENGINES, help="build with this engine (repeatable)")
    parser.add_argument("--geo-dir", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=REPO / "test-artifacts" / "screenshots")
    parser.add_argument("--region", default=None, help="the region page to show (its id)")
    parser.add_argument("--full", action="store_true", help="the whole page, not the first screen")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hhz-screens-") as tmp:
        sites = list(args.site)
        if not sites:
            geo_dir = args.geo_dir or default_geo_dir()
            sites = [build(engine, Path(tmp), geo_dir) for engine in (args.engine or ENGINES)]
        for site in sites:
            shoot(site, args.out, args.region, args.full)
    return 0


if __name__ == "__main__":
    sys.exit(main())
