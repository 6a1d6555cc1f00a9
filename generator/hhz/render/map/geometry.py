"""The map's geometry: TopoJSON decoded, regions dissolved, arcs simplified and encoded.

Regions are the union of their gemeenten, dissolved on the TopoJSON topology: an arc that
two gemeenten of the same region share is an inner border and is dropped, the remaining
arcs are stitched into rings. Neighbouring regions therefore use the very same arcs for
their common border (no gaps, no slivers), also after simplification, because every arc is
simplified once (its end points stay fixed). Gemeenten in no region are drawn grey ("geen
gegevens"); province borders are the arcs between gemeenten of different provinces, so they
coincide exactly with the region borders.

Nothing here knows about HTML or folium. ``hhz.geo.encoder.encode_topology`` writes the
TopoJSON this module reads; the two are not shared on purpose: the only overlap is the
delta encoding of an arc, which ``quantised`` here combines with dropping repeated points
on the coarser output grid (geofetch's arcs have none to drop), so one helper would need
flags for both callers.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

import shapely
from shapely.geometry import LineString

from ...geo.topology import Point, Rings, Topology, merge_rings, province_of_gemeenten

OUTPUT_SCALE = 1e-4  # degrees per unit of the output grid (about 7 m east-west, 11 m north-south)
GEOMETRY_TARGET = 120_000  # bytes for the arcs; simplify more until they fit (budget: 150 KB)
TOLERANCES_M = (0, 20, 40, 80, 160, 320, 640)  # Douglas-Peucker tolerances tried, in metres
LAT0 = math.radians(52.2)
M_PER_DEG_LAT = 110_540.0
M_PER_DEG_LON = 111_320.0 * math.cos(LAT0)


# -- regions and provinces -----------------------------------------------------------------


@dataclass(frozen=True)
class RegionGeometry:
    """The gemeenten, the region of each, the dissolved regions and the province of each gemeente."""

    gemeenten: Topology
    gemeente_rings: dict[str, Rings]  # statcode -> rings
    owner: dict[str, str]  # statcode -> region id (the first region, by id, that lists it)
    region_rings: dict[str, Rings]  # region id -> dissolved rings (regions with no geometry left out)
    province_of: dict[str, str]  # gemeente statcode -> provincie statcode
    warnings: tuple[str, ...]


def region_geometry(
    gemeente_topology: dict[str, Any], provincie_topology: dict[str, Any], regions: Sequence[Any]
) -> RegionGeometry:
    """Every region (``id`` and ``gemeenten``) dissolved from its gemeenten, with warnings (Dutch)."""
    gemeenten = Topology(gemeente_topology)
    gemeente_rings = gemeenten.rings_by_code()
    by_id = sorted(regions, key=lambda r: r.id)
    owner: dict[str, str] = {}  # the validator allows only one region per gemeente
    for region in by_id:
        for code in region.gemeenten:
            owner.setdefault(code, region.id)
    warnings: list[str] = []
    region_rings: dict[str, Rings] = {}
    for region in by_id:
        merged = _dissolved_region(gemeenten, gemeente_rings, owner, region, warnings)
        if merged is not None:
            region_rings[region.id] = merged
    province_of = province_of_gemeenten(gemeenten, Topology(provincie_topology), gemeente_rings)
    return RegionGeometry(gemeenten, gemeente_rings, owner, region_rings, province_of, tuple(warnings))


def _dissolved_region(
    gemeenten: Topology, gemeente_rings: dict[str, Rings], owner: dict[str, str], region: Any, warnings: list[str]
) -> Rings | None:
    rings_in: Rings = []
    for code in region.gemeenten:
        if owner.get(code) != region.id:
            continue
        if code not in gemeente_rings:
            warnings.append(f"regio {region.id}: gemeente {code} staat niet in de geodata; ze ontbreekt op de kaart")
            continue
        rings_in.extend(gemeente_rings[code])
    if not rings_in:
        return None
    merged, closed = merge_rings(gemeenten, rings_in)
    if not closed:
        warnings.append(f"regio {region.id}: de gemeentegrenzen sluiten niet op elkaar aan; binnengrenzen blijven zichtbaar")
        return rings_in
    return merged


def province_border_arcs(gemeente_rings: dict[str, Rings], province_of: dict[str, str]) -> list[int]:
    """Arc indices of the province borders: arcs between gemeenten of different provinces,
    plus the outer border (arcs of one gemeente only), in index order."""
    arc_users: dict[int, list[str]] = defaultdict(list)
    for code in sorted(gemeente_rings):
        for ring in gemeente_rings[code]:
            for ref in ring:
                arc_users[Topology.index(ref)].append(code)
    border = []
    for index in sorted(arc_users):
        users = arc_users[index]
        sides = {province_of.get(u) for u in users}
        if len(users) == 1 or (len(sides) > 1 and None not in sides):
            border.append(index)
    return border


def province_members(province_of: dict[str, str]) -> dict[str, list[str]]:
    """provincie statcode -> its gemeenten, in code order."""
    members: dict[str, list[str]] = defaultdict(list)
    for code, province in sorted(province_of.items()):
        members[province].append(code)
    return members


def province_outline(geometry: RegionGeometry, codes: Sequence[str]) -> Rings:
    """A province's outline, dissolved from the same gemeenten as the regions (the
    gemeenten's own rings where they do not close)."""
    rings = [ring for code in codes for ring in geometry.gemeente_rings[code]]
    merged, closed = merge_rings(geometry.gemeenten, rings)
    return merged if closed else rings


# -- simplification and output -------------------------------------------------------------


def douglas_peucker(points: Sequence[Point], tolerance: float) -> list[int]:
    """Indices of the points kept (always the first and the last), by shapely's (GEOS)
    Douglas-Peucker, which keeps a subset of the input points in their order."""
    n = len(points)
    if n <= 2 or tolerance <= 0:
        return list(range(n))
    kept = shapely.simplify(LineString(points), tolerance, preserve_topology=False).coords
    indices, position = [], 0
    for point in kept:
        while position < n and tuple(points[position]) != tuple(point):
            position += 1
        indices.append(min(position, n - 1))
        position += 1
    indices[0], indices[-1] = 0, n - 1
    return indices


def simplified(coords: Sequence[Point], tolerance_m: float) -> list[Point]:
    if tolerance_m <= 0 or len(coords) <= 2:
        return list(coords)
    metric = [(lon * M_PER_DEG_LON, lat * M_PER_DEG_LAT) for lon, lat in coords]
    kept = douglas_peucker(metric, tolerance_m)
    closed = coords[0] == coords[-1]
    if closed and len(kept) < 4:
        return list(coords)  # a small island: keep it whole rather than collapse it
    return [coords[i] for i in kept]


def quantised(coords: Sequence[Point]) -> list[list[int]]:
    """Delta-encoded points on the output grid, repeated points dropped (ends kept)."""
    grid = [(round(lon / OUTPUT_SCALE), round(lat / OUTPUT_SCALE)) for lon, lat in coords]
    points = [grid[0]]
    for point in grid[1:]:
        if point != points[-1]:
            points.append(point)
    if len(points) == 1:
        points.append(points[0])
    out = [list(points[0])]
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        out.append([x1 - x0, y1 - y0])
    return out


def compact(value: Any) -> str:
    """JSON as written into the site: ASCII, sorted keys, no spaces."""
    return json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))


@dataclass
class ArcTable:
    """The arcs the site needs, renumbered in order of first use."""

    topology: Topology
    order: list[int] = field(default_factory=list)
    number: dict[int, int] = field(default_factory=dict)

    def ref(self, ref: int) -> int:
        index = Topology.index(ref)
        if index not in self.number:
            self.number[index] = len(self.order)
            self.order.append(index)
        new = self.number[index]
        return new if ref >= 0 else ~new

    def rings(self, rings: Sequence[Sequence[int]]) -> list[list[int]]:
        return [[self.ref(r) for r in ring] for ring in rings]

    def encoded(self, tolerance_m: float) -> list[list[list[int]]]:
        return [quantised(simplified(self.topology.coords[i], tolerance_m)) for i in self.order]

    def fitted(self) -> list[list[list[int]]] | None:
        """The arcs at the first tolerance that fits ``GEOMETRY_TARGET`` (else the coarsest)."""
        arcs = None
        for tolerance in TOLERANCES_M:
            arcs = self.encoded(tolerance)
            if len(compact(arcs)) <= GEOMETRY_TARGET:
                break
        return arcs

    def bounds(self) -> tuple[float, float, float, float]:
        """(south, west, north, east) of every arc in the table, unsimplified."""
        lonlat = [p for i in self.order for p in self.topology.coords[i]]
        return (
            min(p[1] for p in lonlat),
            min(p[0] for p in lonlat),
            max(p[1] for p in lonlat),
            max(p[0] for p in lonlat),
        )
