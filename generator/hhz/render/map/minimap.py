"""The small location maps on the region pages: a static inline SVG (no script) of the
region within its province(s), both dissolved from the same gemeenten."""

from __future__ import annotations

import html
import math
from typing import Any, Iterable, Mapping, Sequence

from markupsafe import Markup

from ...urls import URLS
from ...urls import relative
from ...geo.topology import Point, Rings, Topology, bounds_of
from .geometry import RegionGeometry, douglas_peucker, province_members, province_outline
from .layers import ATTRIBUTION

MINIMAP_WIDTH = 400.0
MINIMAP_MAX_HEIGHT = 300.0
MINIMAP_TOLERANCE_PX = 0.7
MINIMAP_PROVINCE_FILL = "#eeeeee"
MINIMAP_PROVINCE_STROKE = "#8c8c8c"
MINIMAP_REGION_FILL = "#0072B2"
MINIMAP_REGION_STROKE = "#08306b"


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _mercator(lon: float, lat: float) -> Point:
    return math.radians(lon), math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


class _MiniMap:
    """One SVG: arcs projected to pixels, simplified once each so shared borders stay shared."""

    def __init__(self, topology: Topology, bounds: tuple[float, float, float, float]):
        self.topology = topology
        (x0, y0), (x1, y1) = _mercator(bounds[0], bounds[1]), _mercator(bounds[2], bounds[3])
        width, height = max(x1 - x0, 1e-9), max(y1 - y0, 1e-9)
        inner_w = MINIMAP_WIDTH - 16
        scale = inner_w / width
        if height * scale > MINIMAP_MAX_HEIGHT - 16:
            scale = (MINIMAP_MAX_HEIGHT - 16) / height
        self.scale, self.x0, self.y1 = scale, x0, y1
        self.width = MINIMAP_WIDTH
        self.height = round(height * scale + 16, 1)
        self.offset_x = (MINIMAP_WIDTH - width * scale) / 2
        self._arcs: dict[int, list[Point]] = {}

    def _arc(self, index: int) -> list[Point]:
        if index not in self._arcs:
            projected = []
            for lon, lat in self.topology.coords[index]:
                x, y = _mercator(lon, lat)
                projected.append((self.offset_x + (x - self.x0) * self.scale, 8 + (self.y1 - y) * self.scale))
            kept = douglas_peucker(projected, MINIMAP_TOLERANCE_PX)
            if projected[0] == projected[-1] and len(kept) < 4:
                kept = list(range(len(projected)))
            self._arcs[index] = [projected[i] for i in kept]
        return self._arcs[index]

    def path(self, rings: Sequence[Sequence[int]]) -> str:
        parts = []
        for ring in rings:
            points: list[Point] = []
            for ref in ring:
                arc = self._arc(Topology.index(ref))
                arc = arc if ref >= 0 else arc[::-1]
                points.extend(arc if not points else arc[1:])
            cells: list[tuple[int, int]] = []  # on a grid of 0.1 px
            for x, y in points:
                cell = (round(x * 10), round(y * 10))
                if not cells or cell != cells[-1]:
                    cells.append(cell)
            if len(cells) >= 3:
                parts.append(_compact_ring(cells))
        return "".join(parts)


def _number(tenths: int) -> str:
    """A coordinate in tenths as the shortest SVG number: 12, -3.5, .5, -.5."""
    text = f"{tenths / 10:.1f}".removesuffix(".0")
    return text.replace("0.", ".", 1) if text.lstrip("-").startswith("0.") else text


def _compact_ring(cells: list[tuple[int, int]]) -> str:
    """One closed ring: the first point absolute, the rest relative (``l``), numbers joined
    without a separator before a minus sign. About a third shorter than absolute ``L`` pairs,
    so a region page stays small (the page-size target of benchmarks/build_bench.py)."""
    (x0, y0), out = cells[0], []
    out.append(f"M{_number(x0)} {_number(y0)}l")
    previous = (x0, y0)
    first = True
    for x, y in cells[1:]:
        for value in (x - previous[0], y - previous[1]):
            text = _number(value)
            out.append(text if first or text.startswith("-") else " " + text)
            first = False
        previous = (x, y)
    out.append("Z")
    return "".join(out)


def _where(names: Sequence[str]) -> str:
    if len(names) == 1:
        return f"in de provincie {names[0]}"
    if names:
        return "in de provincies " + ", ".join(names[:-1]) + f" en {names[-1]}"
    return "in Nederland"


def minimap(
    topology: Topology,
    region_id: str,
    region_name: str,
    region_rings: Rings,
    provinces: list[tuple[str, Rings]],
) -> Markup | None:
    """The figure for one region page: the region (dark blue) in its provinces (light grey)."""
    bounds = bounds_of(topology, [r for _, rings in provinces for r in rings] + region_rings)
    if bounds is None:
        return None
    mini = _MiniMap(topology, bounds)
    where = _where([name for name, _ in provinces])
    title = f"Ligging van {region_name}"
    desc = f"{region_name} (donkerblauw) {where} (lichtgrijs)."
    ident = f"minikaart-{region_id}"
    parts = [
        '<figure class="hhz-figure hhz-minimap-figure">',
        f'<svg xmlns="http://www.w3.org/2000/svg" class="hhz-minimap" viewBox="0 0 {mini.width:.0f} {mini.height:.1f}" '
        f'role="img" aria-labelledby="{ident}-t {ident}-d">',
        f'<title id="{ident}-t">{_e(title)}</title><desc id="{ident}-d">{_e(desc)}</desc>',
    ]
    for _name, rings in provinces:
        d = mini.path(rings)
        if d:
            parts.append(
                f'<path d="{d}" fill="{MINIMAP_PROVINCE_FILL}" stroke="{MINIMAP_PROVINCE_STROKE}" '
                'stroke-width="1" fill-rule="evenodd" stroke-linejoin="round"/>'
            )
    d = mini.path(region_rings)
    if not d:
        return None
    parts.append(
        f'<path d="{d}" fill="{MINIMAP_REGION_FILL}" stroke="{MINIMAP_REGION_STROKE}" '
        'stroke-width="1.5" fill-rule="evenodd" stroke-linejoin="round"/>'
    )
    parts.append("</svg>")
    link = relative(URLS.region(region_id), URLS.html(URLS.map))
    parts.append(
        f'<figcaption>{_e(title)} {_e(where)}. <a href="{_e(link)}">Bekijk alle regio\'s op de kaart</a>. '
        f"{_e(ATTRIBUTION)}.</figcaption>"
    )
    parts.append("</figure>")
    return Markup("\n".join(parts))


def _region_provinces(shapes: RegionGeometry, region: Any, name_to_code: Mapping[str, str]) -> list[str]:
    """The provinces (statcodes) of the region's gemeenten; else those its file names."""
    codes = sorted(
        {shapes.province_of[c] for c in region.gemeenten if c in shapes.province_of and shapes.owner.get(c) == region.id}
    )
    if not codes:
        codes = sorted(name_to_code[p] for p in region.provincies if p in name_to_code)
    return codes


def region_minimaps(shapes: RegionGeometry, regions: Iterable[Any], province_names: Mapping[str, str]) -> dict[str, Markup]:
    """region id -> its mini-map, for the regions (with geometry) in ``regions``, in that order;
    ``province_names`` is provincie statcode -> name."""
    members = province_members(shapes.province_of)
    outlines: dict[str, Rings] = {}  # dissolved only when a region needs the province

    def outline(province: str) -> Rings:
        if province not in outlines:
            outlines[province] = province_outline(shapes, members.get(province, []))
        return outlines[province]

    name_to_code = {name: code for code, name in province_names.items()}
    minimaps: dict[str, Markup] = {}
    for region in regions:
        codes = _region_provinces(shapes, region, name_to_code)
        provinces = [(province_names.get(c, c), outline(c)) for c in codes]
        provinces.sort(key=lambda item: item[0])
        mini = minimap(shapes.gemeenten, region.id, region.naam, shapes.region_rings[region.id], provinces)
        if mini is not None:
            minimaps[region.id] = mini
    return minimaps
