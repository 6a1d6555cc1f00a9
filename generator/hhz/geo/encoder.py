"""The TopoJSON encoder behind `hhz geo fetch`: GeoJSON polygons in, one Topology out.

It is deliberately small: coordinates are quantised, rings are cut at junctions (points
where neighbouring boundaries meet or part), and identical pieces are stored once as a
shared arc. The map relies on that sharing to dissolve gemeenten into regions without gaps.
"""

from __future__ import annotations

import math
from typing import Any, Iterable, Sequence

QUANTUM = 1e-6  # degrees per unit of the stored grid (about 0.1 m)

Point = tuple[int, int]
Ring = list[Point]
Shape = tuple[dict[str, Any], list[list[Ring]]]  # a feature and its quantised polygons


def polygons_of(geometry: dict[str, Any] | None) -> list[list[list[list[float]]]]:
    """The polygons of a GeoJSON Polygon or MultiPolygon (none for anything else)."""
    if not isinstance(geometry, dict):
        return []
    if geometry.get("type") == "Polygon":
        return [geometry.get("coordinates") or []]
    if geometry.get("type") == "MultiPolygon":
        return list(geometry.get("coordinates") or [])
    return []


def _quantise_ring(ring: Iterable[Sequence[float]], origin: tuple[float, float]) -> Ring:
    points: Ring = []
    for point in ring:
        q = (round((float(point[0]) - origin[0]) / QUANTUM), round((float(point[1]) - origin[1]) / QUANTUM))
        if not points or q != points[-1]:
            points.append(q)
    if points and points[0] != points[-1]:
        points.append(points[0])
    return points


def _canonical_cycle(points: Ring) -> tuple[Point, ...]:
    """A closed ring without junctions, rotated to start at its smallest point (for sharing)."""
    body = points[:-1]
    start = body.index(min(body))
    rotated = body[start:] + body[:start]
    return tuple(rotated + [rotated[0]])


def grid_origin(features: Sequence[dict[str, Any]]) -> tuple[float, float]:
    """The south-west corner of the features, on the grid: the topology's translate."""
    all_x = [float(p[0]) for f in features for poly in polygons_of(f.get("geometry")) for r in poly for p in r]
    all_y = [float(p[1]) for f in features for poly in polygons_of(f.get("geometry")) for r in poly for p in r]
    origin = (math.floor(min(all_x) / QUANTUM) * QUANTUM, math.floor(min(all_y) / QUANTUM) * QUANTUM)
    return (round(origin[0], 6), round(origin[1], 6))


def quantised_shapes(features: Sequence[dict[str, Any]], origin: tuple[float, float]) -> list[Shape]:
    """Each feature (in order of statcode) with its rings on the grid; degenerate rings dropped."""
    ordered = sorted(features, key=lambda f: str((f.get("properties") or {}).get("statcode")))
    shapes: list[Shape] = []
    for feature in ordered:
        polygons = []
        for polygon in polygons_of(feature.get("geometry")):
            rings = [_quantise_ring(ring, origin) for ring in polygon]
            rings = [ring for ring in rings if len(ring) >= 4]
            if rings:
                polygons.append(rings)
        shapes.append((feature, polygons))
    return shapes


def junctions(shapes: Sequence[Shape]) -> set[Point]:
    """Junctions: the points met with different neighbours in different places."""
    neighbours: dict[Point, set[frozenset]] = {}
    for _feature, polygons in shapes:
        for rings in polygons:
            for ring in rings:
                body = ring[:-1]
                n = len(body)
                for i, point in enumerate(body):
                    pair = frozenset((body[i - 1], body[(i + 1) % n]))
                    neighbours.setdefault(point, set()).add(pair)
    return {point for point, pairs in neighbours.items() if len(pairs) > 1}


class ArcTable:
    """The topology's arcs, each piece of boundary stored once; rings refer to them by index
    (``~index`` for an arc walked backwards)."""

    def __init__(self, junctions: set[Point]):
        self.junctions = junctions
        self.arcs: list[list[Point]] = []
        self._index: dict[tuple[Point, ...], int] = {}

    def ref(self, points: tuple[Point, ...]) -> int:
        """The reference to this piece, added as a new arc when neither it nor its reverse is known."""
        if points in self._index:
            return self._index[points]
        reverse = points[::-1]
        if reverse in self._index:
            return ~self._index[reverse]
        self._index[points] = len(self.arcs)
        self.arcs.append(list(points))
        return self._index[points]

    def ring_refs(self, ring: Ring) -> list[int]:
        """A ring as references to its pieces between junctions."""
        body = ring[:-1]
        cuts = [i for i, point in enumerate(body) if point in self.junctions]
        if not cuts:  # a ring on its own, or shared whole (an enclave and the hole around it)
            return [self.ref(_canonical_cycle(ring))]
        start = cuts[0]
        rotated = body[start:] + body[:start] + [body[start]]
        cut_positions = [i for i, point in enumerate(rotated) if point in self.junctions]
        return [self.ref(tuple(rotated[a : b + 1])) for a, b in zip(cut_positions, cut_positions[1:])]

    def delta_encoded(self) -> list[list[list[int]]]:
        """The arcs as TopoJSON stores them: the first point, then steps from point to point."""
        encoded = []
        for arc in self.arcs:
            out = [list(arc[0])]
            for (x0, y0), (x1, y1) in zip(arc, arc[1:]):
                out.append([x1 - x0, y1 - y0])
            encoded.append(out)
        return encoded


def geometry_of(feature: dict[str, Any], polygons: list[list[Ring]], arcs: ArcTable) -> dict[str, Any]:
    """The TopoJSON Polygon or MultiPolygon of one feature, with its code, name and year."""
    props = feature.get("properties") or {}
    code = str(props.get("statcode")).strip()
    properties = {"statcode": code, "statnaam": str(props.get("statnaam")).strip()}
    if props.get("jaarcode") is not None:
        properties["jaarcode"] = props["jaarcode"]
    arcs_of = [[arcs.ring_refs(ring) for ring in rings] for rings in polygons]
    if len(arcs_of) == 1:
        return {"type": "Polygon", "arcs": arcs_of[0], "id": code, "properties": properties}
    return {"type": "MultiPolygon", "arcs": arcs_of, "id": code, "properties": properties}


def encode_topology(object_name: str, features: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """A TopoJSON Topology with one GeometryCollection; shared boundaries become shared arcs."""
    origin = grid_origin(features)
    shapes = quantised_shapes(features, origin)
    arcs = ArcTable(junctions(shapes))
    geometries = [geometry_of(feature, polygons, arcs) for feature, polygons in shapes]
    return {
        "type": "Topology",
        "transform": {"scale": [QUANTUM, QUANTUM], "translate": [origin[0], origin[1]]},
        "objects": {object_name: {"type": "GeometryCollection", "geometries": geometries}},
        "arcs": arcs.delta_encoded(),
    }
