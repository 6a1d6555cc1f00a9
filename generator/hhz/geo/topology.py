"""TopoJSON topology: arcs decoded, rings merged on shared arcs, the province of each gemeente.

The reference geodata's own geometry, used by validation (which gemeente lies in which
provincie) and by the map (``hhz.render.map.geometry`` dissolves regions on it). Nothing
here knows about pages.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, Iterable, Sequence

import shapely

Point = tuple[float, float]
Rings = list[list[int]]  # rings as lists of arc references (~index: the arc reversed)

# -- topology ------------------------------------------------------------------------------


def _decoded_arc(arc: Sequence[Sequence[float]], transform: dict[str, Any] | None) -> tuple[list[Point], list[Point]]:
    """(exact keys for matching, lon/lat for drawing) of one arc."""
    if not transform:
        keys = [(float(p[0]), float(p[1])) for p in arc]
        return keys, list(keys)
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    x = y = 0
    keys = []
    for point in arc:
        x += point[0]
        y += point[1]
        keys.append((x, y))
    return keys, [(kx * sx + tx, ky * sy + ty) for kx, ky in keys]


class Topology:
    """The arcs of one TopoJSON document: exact keys for matching, lon/lat for drawing."""

    def __init__(self, document: dict[str, Any]):
        transform = document.get("transform")
        self.keys: list[list[tuple[float, float]]] = []
        self.coords: list[list[Point]] = []
        for arc in document.get("arcs", []):
            keys, coords = _decoded_arc(arc, transform)
            self.keys.append(keys)
            self.coords.append(coords)
        (obj,) = document["objects"].values()
        self.geometries: list[dict[str, Any]] = obj.get("geometries", [])

    @staticmethod
    def index(ref: int) -> int:
        return ref if ref >= 0 else ~ref

    def start(self, ref: int) -> tuple[float, float]:
        arc = self.keys[self.index(ref)]
        return arc[0] if ref >= 0 else arc[-1]

    def end(self, ref: int) -> tuple[float, float]:
        arc = self.keys[self.index(ref)]
        return arc[-1] if ref >= 0 else arc[0]

    def ring_coords(self, ring: Sequence[int]) -> list[Point]:
        out: list[Point] = []
        for ref in ring:
            arc = self.coords[self.index(ref)]
            points = arc if ref >= 0 else arc[::-1]
            out.extend(points if not out else points[1:])
        return out

    def rings_by_code(self) -> dict[str, Rings]:
        """statcode -> all rings (lists of arc references) of that area's polygons."""
        result: dict[str, Rings] = {}
        for geometry in self.geometries:
            code = (geometry.get("properties") or {}).get("statcode")
            if not isinstance(code, str):
                continue
            kind, arcs = geometry.get("type"), geometry.get("arcs") or []
            polygons = [arcs] if kind == "Polygon" else arcs if kind == "MultiPolygon" else []
            result.setdefault(code, []).extend([list(ring) for polygon in polygons for ring in polygon])
        return result


def merge_rings(topology: Topology, rings: Iterable[Sequence[int]]) -> tuple[Rings, bool]:
    """Dissolve: drop arcs used twice (inner borders), stitch the rest into closed rings.

    Returns the rings and whether every ring closed. In a valid planar partition each
    vertex of the remaining arcs has as many outgoing as incoming arcs, so the walk always
    returns to its start.
    """
    rings = [list(r) for r in rings]
    counts = Counter(topology.index(ref) for ring in rings for ref in ring)
    boundary = [ref for ring in rings for ref in ring if counts[topology.index(ref)] == 1]
    outgoing: dict[tuple[float, float], list[int]] = defaultdict(list)
    for ref in boundary:
        outgoing[topology.start(ref)].append(ref)
    used: set[int] = set()
    result: Rings = []
    closed = True
    for first in boundary:
        if first in used:
            continue
        ring = [first]
        used.add(first)
        origin, point = topology.start(first), topology.end(first)
        while point != origin:
            following = next((ref for ref in outgoing.get(point, ()) if ref not in used), None)
            if following is None:
                closed = False
                break
            ring.append(following)
            used.add(following)
            point = topology.end(following)
        result.append(ring)
    return result, closed


def polygon(topology: Topology, rings: Sequence[Sequence[int]]):  # -> shapely geometry
    """The area inside an odd number of the rings (even-odd, as the SVG paths are filled).

    Works for unordered outer rings and holes, and stays valid when generalisation left a
    ring touching or crossing itself (each ring is made valid on its own first).
    """

    result = shapely.Polygon()
    for ring in rings:
        coords = topology.ring_coords(ring)
        if len(coords) < 4:
            continue
        piece = shapely.make_valid(shapely.Polygon(coords))
        piece = shapely.union_all([g for g in shapely.get_parts(piece) if g.geom_type in ("Polygon", "MultiPolygon")])
        result = piece if result.is_empty else shapely.symmetric_difference(result, piece)
    return result


def bounds_of(topology: Topology, rings: Iterable[Sequence[int]]) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) of the arcs of the rings; None without any point."""
    lons, lats = [], []
    for ring in rings:
        for ref in ring:
            for lon, lat in topology.coords[Topology.index(ref)]:
                lons.append(lon)
                lats.append(lat)
    if not lons:
        return None
    return min(lons), min(lats), max(lons), max(lats)


def province_of_gemeenten(gemeenten: Topology, provincies: Topology, gemeente_rings: dict[str, Rings]) -> dict[str, str]:
    """gemeente statcode -> provincie statcode: the province around a point inside the gemeente
    (or, when generalisation left that point outside every province, the one overlapping most)."""
    province_shapes = {}
    for code, rings in sorted(provincies.rings_by_code().items()):
        province_shapes[code] = polygon(provincies, rings)
    result: dict[str, str] = {}
    for code, rings in sorted(gemeente_rings.items()):
        shape = polygon(gemeenten, rings)
        if shape.is_empty:
            continue
        point = shape.representative_point()
        holder = next((p for p, s in province_shapes.items() if s.contains(point)), None)
        if holder is None:
            overlaps = [(s.intersection(shape).area, p) for p, s in province_shapes.items()]
            best = max(overlaps, default=(0.0, None))
            holder = best[1] if best[0] > 0 else None
        if holder is not None:
            result[code] = holder
    return result
