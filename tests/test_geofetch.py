"""`hhz geo fetch` against a local stand-in for PDOK's OGC API (issue: the map)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from hhz.geo.reference import load_geo_reference
from hhz.geo.fetch import encode_topology
from hhz.geo.topology import Topology, merge_rings

PAGE_SIZE = 2  # the stand-in pages by two, so "next" links are followed


def square(x: float, y: float, size: float = 0.5) -> list[list[float]]:
    # Counter-clockwise, with an extra point halfway the east side: the neighbour's west side
    # has the same point, as in real boundary data.
    return [[x, y], [x + size, y], [x + size, y + size / 2], [x + size, y + size], [x, y + size], [x, y + size / 2], [x, y]]


def feature(code: str, name: str, ring: list[list[float]], year: int = 2025) -> dict:
    return {
        "type": "Feature",
        "id": f"{year}{code}",
        "properties": {"statcode": code, "statnaam": name, "jaarcode": year, "jrstatcode": f"{year}{code}"},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def gemeenten() -> list[dict]:
    items = [
        feature("GM0001", "Westdorp", square(4.5, 51.5)),
        feature("GM0002", "Middendorp", square(5.0, 51.5)),
        feature("GM0003", "Oostdorp", square(5.5, 51.5)),
        feature("GM0004", "'s-Noorddorp", square(5.0, 52.0)),
        feature("GM0001", "Westdorp (oud)", square(4.5, 51.5), year=2024),  # another year: filtered out
    ]
    return items


def provincies() -> list[dict]:
    west = [[4.5, 51.5], [5.0, 51.5], [5.0, 52.5], [4.5, 52.5], [4.5, 51.5]]
    east = [[5.0, 51.5], [6.0, 51.5], [6.0, 52.5], [5.0, 52.5], [5.0, 51.5]]
    return [feature("PV20", "West", west), feature("PV21", "Oost", east)]


class StandIn:
    """A tiny OGC API Features server; tests change its behaviour through attributes."""

    def __init__(self) -> None:
        self.collections = {"gemeente_gegeneraliseerd": gemeenten(), "provincie_gegeneraliseerd": provincies()}
        self.requests: list[str] = []
        self.status = 200
        self.reject_year_param = False
        self.ignore_year_param = False
        self.body: bytes | None = None
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802
                stand_in.requests.append(self.path)
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                segments = parts.path.strip("/").split("/")
                if stand_in.status != 200:
                    return self._send(stand_in.status, b'{"detail": "kapot"}')
                if stand_in.body is not None:
                    return self._send(200, stand_in.body)
                if len(segments) < 4 or segments[-1] != "items" or segments[-2] not in stand_in.collections:
                    return self._send(404, b"{}")
                if "jaarcode" in query and stand_in.reject_year_param:
                    return self._send(400, b'{"detail": "unknown parameter jaarcode"}')
                items = stand_in.collections[segments[-2]]
                if "jaarcode" in query and not stand_in.ignore_year_param:
                    items = [f for f in items if str(f["properties"]["jaarcode"]) == query["jaarcode"]]
                offset = int(query.get("offset", "0"))
                page = items[offset : offset + PAGE_SIZE]
                links = []
                if offset + PAGE_SIZE < len(items):
                    next_query = dict(query, offset=str(offset + PAGE_SIZE))
                    href = parts.path + "?" + "&".join(f"{k}={v}" for k, v in sorted(next_query.items()))
                    links.append({"rel": "next", "href": href, "type": "application/geo+json"})
                body = {"type": "FeatureCollection", "features": page, "links": links, "numberMatched": len(items)}
                return self._send(200, json.dumps(body).encode())

            def _send(self, status: int, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/geo+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/cbs/gebiedsindelingen/ogc/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stand_in():
    server = StandIn()
    yield server
    server.close()


def fetch(
    stand_in: StandIn, dest: Path | None, *extra: str, expect: bool = True, quiet: bool = True, env: dict | None = None
) -> subprocess.CompletedProcess:
    args = [sys.executable, "-m", "hhz", "geo", "fetch", "--base-url", stand_in.url]
    args += ["--dest", str(dest)] if dest is not None else []
    args += ["-q"] if quiet else []
    if expect:
        args += ["--expect-gemeenten", "4", "--expect-provincies", "2"]
    env = dict(os.environ, NO_PROXY="*", no_proxy="*") | (env or {})
    return subprocess.run(args + list(extra), capture_output=True, text=True, env=env, timeout=60)


def test_progress_and_a_summary_unless_quiet(stand_in: StandIn, tmp_path: Path) -> None:
    # a terminal, as a person would run it: rich then draws the progress bars
    proc = fetch(stand_in, tmp_path / "geo", quiet=False, env={"TTY_COMPATIBLE": "1", "COLUMNS": "100"})
    assert proc.returncode == 0, proc.stderr
    assert "gemeente_gegeneraliseerd ophalen" in proc.stderr and "provincie_gegeneraliseerd ophalen" in proc.stderr
    assert "4 gemeenten en 2 provincies" in proc.stderr
    quiet = fetch(stand_in, tmp_path / "geo2")
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_default_destination_is_the_cache_that_the_build_reads(stand_in: StandIn, tmp_path: Path) -> None:
    from hhz.geo.reference import find_geo_dir

    cache = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    proc = fetch(stand_in, None, env=cache)
    assert proc.returncode == 0, proc.stderr
    expected = tmp_path / "cache" / "hhz" / "geo" / "2025"
    assert sorted(p.name for p in expected.iterdir()) == ["gemeente_2025.topojson", "provincie_2025.topojson"]
    env = {k: v for k, v in os.environ.items() if k != "HHZ_GEO_DIR"} | cache
    found = subprocess.run(
        [sys.executable, "-c", "from hhz.geo.reference import find_geo_dir; print(find_geo_dir())"],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert found.stdout.strip() == str(expected), found.stderr
    assert find_geo_dir(expected) == expected


def test_another_year_is_fetched_but_said_to_be_unused(stand_in: StandIn, tmp_path: Path) -> None:
    proc = fetch(stand_in, tmp_path / "geo", "--year", "2024", quiet=False)
    assert "de site gebruikt de indeling van 2025; de bestanden van 2024" in proc.stderr


def assert_clean_failure(proc: subprocess.CompletedProcess, dest: Path, *words: str) -> None:
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("fout: ")
    for word in words:
        assert word in proc.stderr
    assert not list(dest.glob("*.topojson")) if dest.exists() else True
    assert not list(dest.glob(".*.tmp")) if dest.exists() else True


def test_fetch_writes_topojson_that_hhz_reads(stand_in: StandIn, tmp_path: Path) -> None:
    dest = tmp_path / "geo"
    proc = fetch(stand_in, dest)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in dest.iterdir()) == ["gemeente_2025.topojson", "provincie_2025.topojson"]
    geo = load_geo_reference(dest)
    assert geo.gemeenten == {"GM0001": "Westdorp", "GM0002": "Middendorp", "GM0003": "Oostdorp", "GM0004": "'s-Noorddorp"}
    assert geo.provincies == {"PV20": "West", "PV21": "Oost"}
    # the year is asked of the server, and "next" links were followed
    items = [r for r in stand_in.requests if "gemeente_gegeneraliseerd" in r]
    assert all("jaarcode=2025" in r and "f=json" in r for r in items)
    assert len(items) == 2


def test_fetched_topology_shares_borders(stand_in: StandIn, tmp_path: Path) -> None:
    dest = tmp_path / "geo"
    assert fetch(stand_in, dest).returncode == 0
    topology = Topology(json.loads((dest / "gemeente_2025.topojson").read_text(encoding="utf-8")))
    rings = topology.rings_by_code()
    usage = Counter(Topology.index(ref) for code_rings in rings.values() for ring in code_rings for ref in ring)
    assert set(usage.values()) == {1, 2}  # the common sides are one arc, used by both neighbours
    merged, closed = merge_rings(topology, rings["GM0001"] + rings["GM0002"] + rings["GM0003"] + rings["GM0004"])
    assert closed and len(merged) == 1  # four gemeenten dissolve into one outline, no slivers


def test_year_filter_also_applies_when_the_server_ignores_it(stand_in: StandIn, tmp_path: Path) -> None:
    stand_in.ignore_year_param = True
    dest = tmp_path / "geo"
    assert fetch(stand_in, dest).returncode == 0
    assert load_geo_reference(dest).gemeenten["GM0001"] == "Westdorp"


def test_falls_back_when_the_year_parameter_is_refused(stand_in: StandIn, tmp_path: Path) -> None:
    stand_in.reject_year_param = True
    dest = tmp_path / "geo"
    proc = fetch(stand_in, dest)
    assert proc.returncode == 0, proc.stderr
    assert len(load_geo_reference(dest).gemeenten) == 4
    assert any("jaarcode" not in r and "limit=100" in r for r in stand_in.requests)


def test_wrong_count_is_refused_and_nothing_is_written(stand_in: StandIn, tmp_path: Path) -> None:
    dest = tmp_path / "geo"
    dest.mkdir()
    proc = fetch(stand_in, dest, expect=False)  # default for 2025: 342 gemeenten
    assert_clean_failure(proc, dest, "4 gemeenten", "verwacht 342")


def test_existing_files_survive_a_failed_fetch(stand_in: StandIn, tmp_path: Path) -> None:
    dest = tmp_path / "geo"
    dest.mkdir()
    old = '{"type": "Topology", "objects": {}, "arcs": [], "oud": true}'
    (dest / "gemeente_2025.topojson").write_text(old, encoding="utf-8")
    stand_in.status = 500
    proc = fetch(stand_in, dest)
    assert proc.returncode == 1 and "HTTP-status 500" in proc.stderr and "Traceback" not in proc.stderr
    assert (dest / "gemeente_2025.topojson").read_text(encoding="utf-8") == old


@pytest.mark.parametrize("kind", ["other-content", "symlink", "folder"])
def test_a_file_that_is_not_ours_is_never_replaced(stand_in: StandIn, tmp_path: Path, kind: str) -> None:
    """`--dest` pointed at the wrong folder: a file of the same name that is not a TopoJSON
    (or a link, or a folder) is refused before anything is downloaded, and left as it was."""
    dest = tmp_path / "geo"
    dest.mkdir()
    target = dest / "provincie_2025.topojson"
    outside = tmp_path / "notities.txt"
    outside.write_text("mijn notities", encoding="utf-8")
    if kind == "other-content":
        target.write_text("mijn notities", encoding="utf-8")
    elif kind == "symlink":
        target.symlink_to(outside)
    else:
        target.mkdir()
        (target / "bestand.txt").write_text("x", encoding="utf-8")
    proc = fetch(stand_in, dest)
    assert proc.returncode == 2, proc.stderr
    assert "provincie_2025.topojson" in proc.stderr and "Traceback" not in proc.stderr
    assert not stand_in.requests, "refused before downloading"
    assert outside.read_text(encoding="utf-8") == "mijn notities"
    assert not (dest / "gemeente_2025.topojson").exists()
    if kind == "other-content":
        assert target.read_text(encoding="utf-8") == "mijn notities"
    elif kind == "folder":
        assert (target / "bestand.txt").read_text(encoding="utf-8") == "x"


def test_coordinates_outside_the_netherlands_are_refused(stand_in: StandIn, tmp_path: Path) -> None:
    rd = feature("GM0001", "Westdorp", [[155000, 463000], [156000, 463000], [156000, 464000], [155000, 463000]])
    stand_in.collections["gemeente_gegeneraliseerd"] = [rd]
    dest = tmp_path / "geo"
    proc = fetch(stand_in, dest, "--expect-gemeenten", "1")
    assert_clean_failure(proc, dest, "niet binnen Nederland")


def test_bad_codes_and_non_json_are_refused(stand_in: StandIn, tmp_path: Path) -> None:
    stand_in.collections["gemeente_gegeneraliseerd"][0]["properties"]["statcode"] = "XX01"
    assert_clean_failure(fetch(stand_in, tmp_path / "a"), tmp_path / "a", "onverwachte code")
    stand_in.body = b"<html>onderhoud</html>"
    assert_clean_failure(fetch(stand_in, tmp_path / "b"), tmp_path / "b", "geen JSON")


def test_unreachable_service_gives_a_dutch_message(tmp_path: Path) -> None:
    server = StandIn()
    url = server.url
    server.close()  # nothing listens on the port any more
    proc = subprocess.run(
        [sys.executable, "-m", "hhz", "geo", "fetch", "--base-url", url, "--dest", str(tmp_path / "geo"), "-q"],
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_PROXY="*", no_proxy="*"),
        timeout=60,
    )
    assert_clean_failure(proc, tmp_path / "geo", "niet bereiken")


def test_encoder_shares_an_enclave_ring_whole() -> None:
    outer = [[5.0, 52.0], [6.0, 52.0], [6.0, 53.0], [5.0, 53.0], [5.0, 52.0]]
    hole = [[5.4, 52.4], [5.4, 52.6], [5.6, 52.6], [5.6, 52.4], [5.4, 52.4]]
    enclave = [[5.6, 52.4], [5.6, 52.6], [5.4, 52.6], [5.4, 52.4], [5.6, 52.4]]  # other start and direction
    ring_feature = feature("GM0001", "Ring", outer)
    ring_feature["geometry"]["coordinates"].append(hole)
    topo = encode_topology("gemeente_2025", [ring_feature, feature("GM0002", "Kern", enclave)])
    geometries = topo["objects"]["gemeente_2025"]["geometries"]
    assert len(topo["arcs"]) == 2
    hole_ref = geometries[0]["arcs"][1][0]
    enclave_ref = geometries[1]["arcs"][0][0]
    assert Topology.index(hole_ref) == Topology.index(enclave_ref) and hole_ref != enclave_ref


def test_encoder_keeps_the_real_topology(tmp_path: Path, geo_dir: Path) -> None:
    """CBS gemeenten as GeoJSON (as PDOK gives them) -> our TopoJSON: borders still shared."""
    from hhz.geo.fetch import check_features

    source = Topology(json.loads((geo_dir / "gemeente_2025.topojson").read_text(encoding="utf-8")))
    features = []
    for geometry in source.geometries:
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        coordinates = [[[list(p) for p in source.ring_coords(ring)] for ring in polygon] for polygon in polygons]
        props = geometry["properties"]
        features.append(
            {
                "type": "Feature",
                "properties": {"statcode": props["statcode"], "statnaam": props["statnaam"], "jaarcode": 2025},
                "geometry": {"type": "MultiPolygon", "coordinates": coordinates},
            }
        )
    check_features("gemeente", features, 2025, 342)
    topology = Topology(encode_topology("gemeente_2025", features))
    rings = topology.rings_by_code()
    assert len(rings) == 342
    usage = Counter(Topology.index(ref) for code_rings in rings.values() for ring in code_rings for ref in ring)
    assert set(usage.values()) == {1, 2}
    merged, closed = merge_rings(topology, [ring for code_rings in rings.values() for ring in code_rings])
    assert closed and len(merged) < 40  # the whole country: the mainland and the islands


def test_encoder_output_is_exactly_this() -> None:
    """Golden: two neighbours, given out of order. The shared side is one arc, walked
    backwards by the second; points on the grid relative to the south-west corner, as steps."""
    east, west = feature("GM0002", "Oost", square(5.0, 51.5)), feature("GM0001", "West", square(4.5, 51.5))
    topo = encode_topology("gemeente_2025", [east, west])
    assert json.dumps(topo) == json.dumps(
        {
            "type": "Topology",
            "transform": {"scale": [1e-06, 1e-06], "translate": [4.5, 51.5]},
            "objects": {
                "gemeente_2025": {
                    "type": "GeometryCollection",
                    "geometries": [
                        {
                            "type": "Polygon",
                            "arcs": [[0, 1]],
                            "id": "GM0001",
                            "properties": {"statcode": "GM0001", "statnaam": "West", "jaarcode": 2025},
                        },
                        {
                            "type": "Polygon",
                            "arcs": [[2, -1]],
                            "id": "GM0002",
                            "properties": {"statcode": "GM0002", "statnaam": "Oost", "jaarcode": 2025},
                        },
                    ],
                }
            },
            "arcs": [
                [[500000, 0], [0, 250000], [0, 250000]],
                [[500000, 500000], [-500000, 0], [0, -250000], [0, -250000], [500000, 0]],
                [[500000, 0], [500000, 0], [0, 250000], [0, 250000], [-500000, 0]],
            ],
        }
    )
