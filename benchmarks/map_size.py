"""Benchmark: the size of the map page (kaart.html) against the budget from the map issue.

    python benchmarks/map_size.py [--geo-dir DIR] [--full-country] [--engine mkdocs|zensical]

Builds the site from this repository's data (regions/ and bouwstenen/, whatever is there)
in a temporary copy, with the CBS geodata (--geo-dir, HHZ_GEO_DIR, or ../shared/geo
beside the repository), and prints the byte sizes of what kaart.html loads:

  html      kaart.html itself
  js        the map's scripts: Leaflet, folium's map script (assets/hhz-kaart.js) and
            assets/hhz-map.js; the geometry script excluded
  css       the map's style sheets: Leaflet's and assets/hhz-map.css
  geometry  assets/hhz-kaart-data.js (arcs, regions, layer values)
  total     html + js + css + geometry                       budget 400 KB
  theme     the theme's own CSS/JS on every page (informational, shared by all pages)

Checks (exit 1 when one is missed): total <= 400 KB, geometry <= 150 KB, and the page
makes no request to another host. --full-country replaces regions/ by synthetic regions
that together cover all 342 gemeenten (contiguous groups within a province), the size of
the map when every region is in.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
KB = 1000
BUDGET_TOTAL = 400 * KB
BUDGET_GEOMETRY = 150 * KB
MAP_SCRIPTS = ("assets/leaflet/", "assets/hhz-map.js", "assets/hhz-kaart.js")
MAP_STYLES = ("assets/leaflet/", "assets/hhz-map.css")
GEOMETRY = "assets/hhz-kaart-data.js"


def default_geo_dir() -> Path:
    return Path(os.environ.get("HHZ_GEO_DIR") or REPO.parent / "shared" / "geo")


def synthetic_regions(geo_dir: Path, target: Path, size: int = 9) -> int:
    """Contiguous groups of about `size` gemeenten per province, as region files."""
    sys.path.insert(0, str(REPO / "generator"))
    from hhz.geo.reference import load_geo_reference
    from hhz.geo.topology import Topology, province_of_gemeenten

    geo = load_geo_reference(geo_dir)
    topology = Topology(geo.gemeente_topology)
    rings = topology.rings_by_code()
    province_of = province_of_gemeenten(topology, Topology(geo.provincie_topology), rings)
    users: dict[int, set[str]] = defaultdict(set)
    for code, code_rings in rings.items():
        for ring in code_rings:
            for ref in ring:
                users[Topology.index(ref)].add(code)
    neighbours: dict[str, set[str]] = defaultdict(set)
    for codes in users.values():
        for code in codes:
            neighbours[code] |= codes - {code}
    left = set(rings)
    groups: list[list[str]] = []
    for start in sorted(rings):
        if start not in left:
            continue
        group, queue = [], [start]
        left.discard(start)
        while queue and len(group) < size:
            code = queue.pop(0)
            group.append(code)
            for other in sorted(neighbours[code]):
                if other in left and province_of.get(other) == province_of.get(code) and len(group) + len(queue) < size:
                    left.discard(other)
                    queue.append(other)
        left.update(queue)
        groups.append(group)
    namespace = projectfactory()
    region_yaml = namespace["region_yaml"]
    statuses = ["openbaar", "niet-openbaar", "in-ontwikkeling", "onbekend", "geen"]
    ids = namespace["BOUWSTEEN_IDS"]
    (target / "regions").mkdir(exist_ok=True)
    for index, group in enumerate(groups):
        rid = f"regio-{index:03d}"
        levels = {b: 1 + (index + i) % 5 for i, b in enumerate(ids)}
        text = region_yaml(rid, group, levels_new=levels).replace("status: openbaar", f"status: {statuses[index % 5]}")
        (target / "regions" / f"{rid}.yaml").write_text(text, encoding="utf-8")
    return len(groups)


def projectfactory() -> dict:
    """The test suite's project factory (tests/projectfactory.py), loaded as a namespace."""
    path = REPO / "tests" / "projectfactory.py"
    namespace: dict = {"__file__": str(path), "__name__": "projectfactory"}  # it finds the repository from __file__
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    return namespace


def referenced(html: str) -> tuple[list[str], list[str]]:
    scripts = re.findall(r'<script[^>]*\ssrc="([^"]+)"', html)
    styles = re.findall(r'<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"', html)
    return scripts, styles


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--geo-dir", type=Path, default=None)
    parser.add_argument("--full-country", action="store_true", help="synthetic regions covering every gemeente")
    parser.add_argument("--engine", default="mkdocs", choices=["mkdocs", "zensical"])
    args = parser.parse_args()
    geo_dir = args.geo_dir or default_geo_dir()
    if not (geo_dir / "gemeente_2025.topojson").is_file():
        print(f"geen geodata in {geo_dir}; gebruik --geo-dir of HHZ_GEO_DIR", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="hhz-map-size-") as tmp:
        root = Path(tmp)
        for name in ("site_templates", "docs"):
            shutil.copytree(REPO / name, root / name)
        if (REPO / "bouwstenen" / "schaal.yaml").is_file():
            shutil.copytree(REPO / "bouwstenen", root / "bouwstenen")
        else:
            print("bouwstenen/ is nog niet gevuld: de bouwstenen van tests/projectfactory.py gebruikt")
            projectfactory()["make_project"](root, regions={})
        for name in ("mkdocs.yml", "pyproject.toml"):
            shutil.copy(REPO / name, root / name)
        if args.full_country:
            count = synthetic_regions(geo_dir, root)
            print(f"{count} synthetische regio's over alle gemeenten")
        elif (REPO / "regions").is_dir():
            shutil.copytree(REPO / "regions", root / "regions", dirs_exist_ok=True)
        else:
            (root / "regions").mkdir(exist_ok=True)
        if not (root / "docs" / "over.md").exists():
            (root / "docs" / "over.md").write_text("# Over\n", encoding="utf-8")
        proc = subprocess.run(
            [sys.executable, "-m", "hhz", "build", str(root), "--geo-dir", str(geo_dir), "--engine", args.engine, "-q"],
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            print(proc.stdout + proc.stderr, file=sys.stderr)
            return 2
        site = root / "site"
        html = (site / "kaart.html").read_text(encoding="utf-8")
        scripts, styles = referenced(html)
        external = [u for u in scripts + styles if urlsplit(u).scheme or u.startswith("//")]
        sizes = {"html": len(html.encode("utf-8")), "js": 0, "css": 0, "geometry": 0, "theme": 0}
        compressed = len(gzip.compress(html.encode("utf-8"), mtime=0))
        for url in scripts + styles:
            if url in external:
                continue
            path = urlsplit(url).path
            content = (site / path).read_bytes()
            size = len(content)
            if path == GEOMETRY or path.startswith(MAP_SCRIPTS + MAP_STYLES):
                compressed += len(gzip.compress(content, mtime=0))
            if path == GEOMETRY:
                sizes["geometry"] += size
            elif url in scripts and path.startswith(MAP_SCRIPTS):
                sizes["js"] += size
            elif url in styles and path.startswith(MAP_STYLES):
                sizes["css"] += size
            else:
                sizes["theme"] += size
    total = sizes["html"] + sizes["js"] + sizes["css"] + sizes["geometry"]
    for key in ("html", "js", "css", "geometry"):
        print(f"{key:<9}{sizes[key]:>9,} bytes")
    print(f"{'total':<9}{total:>9,} bytes  (budget {BUDGET_TOTAL:,}; gzip {compressed:,})")
    print(f"{'theme':<9}{sizes['theme']:>9,} bytes  (thema-CSS/JS van elke pagina, niet in het budget)")
    problems = []
    if total > BUDGET_TOTAL:
        problems.append(f"kaartpagina {total:,} bytes > {BUDGET_TOTAL:,}")
    if sizes["geometry"] > BUDGET_GEOMETRY:
        problems.append(f"geometrie {sizes['geometry']:,} bytes > {BUDGET_GEOMETRY:,}")
    if external:
        problems.append("verzoeken naar een andere host: " + ", ".join(external))
    for problem in problems:
        print(f"BUDGET OVERSCHREDEN: {problem}", file=sys.stderr)
    if not problems:
        print("binnen het budget")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
