"""The map of the regions (kaart.html) and the small location maps on the region pages.

Geometry
    Regions are the union of their gemeenten, dissolved on the TopoJSON topology: an arc
    that two gemeenten of the same region share is an inner border and is dropped, the
    remaining arcs are stitched into rings. Neighbouring regions therefore use the very same
    arcs for their common border (no gaps, no slivers), also after simplification, because
    every arc is simplified once (its end points stay fixed). Gemeenten in no region are drawn
    grey ("geen gegevens"); province borders are the arcs between gemeenten of different
    provinces, so they coincide exactly with the region borders.

kaart.html
    Built with folium: a ``folium.Map`` without tiles (unless ``tiles_url`` is configured),
    whose Leaflet comes from this site (copied from the ``xstatic-leaflet`` package into
    ``assets/leaflet/``) instead of folium's CDN links, without folium's jQuery, Bootstrap
    and Font Awesome, and with fixed element ids instead of branca's random ones. The region
    layers are one folium element (``RegionLayers``) backed by our script
    ``assets/hhz-map.js`` (in ``site_templates/assets``) and the geometry, drawn once for
    all layers, in the same-origin script ``assets/hhz-kaart-data.js`` (a small
    TopoJSON-like structure). folium's own script goes to ``assets/hhz-kaart.js``, so the
    page holds no inline script. Legends and layer switches are rendered here, in Python,
    with every text escaped; the script puts names into tooltips with ``textContent`` only,
    and the one text that Leaflet writes as HTML (the tile attribution) is escaped here.

Region pages
    A static inline SVG (no script): the region within its province(s).

Everything is deterministic: sorted keys, fixed precision, no random ids.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from markupsafe import Markup

from ..config import SiteConfig
from ..geo import GeoReference
from . import charts
from .pages import REGIOPLAN_STATUS, PageRenderer, dutch_number, relative

ATTRIBUTION = "Grenzen: CBS/Kadaster (CC BY 4.0)"
PAGE = "kaart.md"
LEAFLET_DIR = "assets/leaflet"
DATA_FILE = "assets/hhz-kaart-data.js"
INIT_FILE = "assets/hhz-kaart.js"  # folium's script for this map
MAP_ID = "hhz"  # folium names the map element map_<id>: the div id and the JavaScript variable
SCRIPT_FILE = "assets/hhz-map.js"
STYLE_FILE = "assets/hhz-map.css"
DATA_VARIABLE = "HHZ_KAART"

OUTPUT_SCALE = 1e-4  # degrees per unit of the output grid (about 7 m east-west, 11 m north-south)
GEOMETRY_TARGET = 120_000  # bytes for the arcs; simplify more until they fit (budget: 150 KB)
TOLERANCES_M = (0, 20, 40, 80, 160, 320, 640)  # Douglas-Peucker tolerances tried, in metres
LAT0 = math.radians(52.2)
M_PER_DEG_LAT = 110_540.0
M_PER_DEG_LON = 111_320.0 * math.cos(LAT0)

# Okabe-Ito (colour-blind safe); the legend and the tooltip always give the text as well.
REGIOPLAN_FILL = {
    "openbaar": "#009E73",
    "niet-openbaar": "#56B4E9",
    "in-ontwikkeling": "#F0E442",
    "onbekend": "#CC79A7",
    "geen": "#D55E00",
}
NO_DATA = "geen gegevens"
NO_REGION_FILL = charts.NO_DATA_FILL
REGION_STROKE = "#333333"

MINIMAP_WIDTH = 400.0
MINIMAP_MAX_HEIGHT = 300.0
MINIMAP_TOLERANCE_PX = 0.4
MINIMAP_PROVINCE_FILL = "#eeeeee"
MINIMAP_PROVINCE_STROKE = "#8c8c8c"
MINIMAP_REGION_FILL = "#0072B2"
MINIMAP_REGION_STROKE = "#08306b"

Point = tuple[float, float]


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


# -- topology ------------------------------------------------------------------------------


class Topology:
    """The arcs of one TopoJSON document: exact keys for matching, lon/lat for drawing."""

    def __init__(self, document: dict[str, Any]):
        transform = document.get("transform")
        self.keys: list[list[tuple[float, float]]] = []
        self.coords: list[list[Point]] = []
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        for arc in document.get("arcs", []):
            if transform:
                x = y = 0
                keys = []
                for point in arc:
                    x += point[0]
                    y += point[1]
                    keys.append((x, y))
                coords = [(kx * sx + tx, ky * sy + ty) for kx, ky in keys]
            else:
                keys = [(float(p[0]), float(p[1])) for p in arc]
                coords = list(keys)
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

    def rings_by_code(self) -> dict[str, list[list[int]]]:
        """statcode -> all rings (lists of arc references) of that area's polygons."""
        result: dict[str, list[list[int]]] = {}
        for geometry in self.geometries:
            code = (geometry.get("properties") or {}).get("statcode")
            if not isinstance(code, str):
                continue
            kind, arcs = geometry.get("type"), geometry.get("arcs") or []
            polygons = [arcs] if kind == "Polygon" else arcs if kind == "MultiPolygon" else []
            result.setdefault(code, []).extend([list(ring) for polygon in polygons for ring in polygon])
        return result


def merge_rings(topology: Topology, rings: Iterable[Sequence[int]]) -> tuple[list[list[int]], bool]:
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
    result: list[list[int]] = []
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


def _polygon(topology: Topology, rings: Sequence[Sequence[int]]):  # -> shapely geometry
    """The area inside an odd number of the rings (even-odd, as the SVG paths are filled).

    Works for unordered outer rings and holes, and stays valid when generalisation left a
    ring touching or crossing itself (each ring is made valid on its own first).
    """
    import shapely

    result = shapely.Polygon()
    for ring in rings:
        coords = topology.ring_coords(ring)
        if len(coords) < 4:
            continue
        piece = shapely.make_valid(shapely.Polygon(coords))
        piece = shapely.union_all([g for g in shapely.get_parts(piece) if g.geom_type in ("Polygon", "MultiPolygon")])
        result = piece if result.is_empty else shapely.symmetric_difference(result, piece)
    return result


# -- simplification and output -------------------------------------------------------------


def _douglas_peucker(points: Sequence[Point], tolerance: float) -> list[int]:
    """Indices of the points kept (always the first and the last)."""
    n = len(points)
    if n <= 2 or tolerance <= 0:
        return list(range(n))
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        best, best_index = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:
                dist = math.hypot(px - ax, py - ay)
            else:
                dist = abs(dy * px - dx * py + bx * ay - by * ax) / length
            if dist > best:
                best, best_index = dist, i
        if best_index >= 0 and best > tolerance:
            keep[best_index] = True
            stack.append((first, best_index))
            stack.append((best_index, last))
    return [i for i in range(n) if keep[i]]


def _simplified(coords: Sequence[Point], tolerance_m: float) -> list[Point]:
    if tolerance_m <= 0 or len(coords) <= 2:
        return list(coords)
    metric = [(lon * M_PER_DEG_LON, lat * M_PER_DEG_LAT) for lon, lat in coords]
    kept = _douglas_peucker(metric, tolerance_m)
    closed = coords[0] == coords[-1]
    if closed and len(kept) < 4:
        return list(coords)  # a small island: keep it whole rather than collapse it
    return [coords[i] for i in kept]


def _quantised(coords: Sequence[Point]) -> list[list[int]]:
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


@dataclass
class _ArcTable:
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
        return [_quantised(_simplified(self.topology.coords[i], tolerance_m)) for i in self.order]


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))


# -- the map's content ---------------------------------------------------------------------


@dataclass(frozen=True)
class Layer:
    key: str
    title: str
    legend: tuple[tuple[str, str], ...]  # (fill, text)


def _average_class(value: float | None) -> int | None:
    if value is None:
        return None
    return min(5, max(1, math.floor(value + 0.5)))


def _layers(renderer: PageRenderer) -> tuple[list[Layer], dict[str, dict[str, tuple[str, str]]]]:
    """The layers, their legends and, per layer and region, (fill, tooltip text)."""
    dataset, derived = renderer.dataset, renderer.derived
    no_region = (NO_REGION_FILL, "Gemeente zonder regio op deze site: geen gegevens")
    values: dict[str, dict[str, tuple[str, str]]] = {}
    layers: list[Layer] = []

    layers.append(
        Layer(
            "regioplan",
            "Regioplan",
            tuple((REGIOPLAN_FILL[k], label) for k, label in REGIOPLAN_STATUS.items()) + (no_region,),
        )
    )
    values["regioplan"] = {
        r.id: (REGIOPLAN_FILL[r.regioplan.status], f"Regioplan: {REGIOPLAN_STATUS[r.regioplan.status]}")
        for r in dataset.regions
    }

    levels = [n.niveau for n in dataset.schaal.niveaus]
    top = max(levels)
    bins = []
    for level in levels:
        low = max(1.0, level - 0.5)
        high = min(float(top), level + 0.4)
        bins.append((charts.level_fill(level), f"{dutch_number(low, 1)} tot en met {dutch_number(high, 1)}"))
    layers.append(
        Layer(
            "gemiddeld",
            "Gemiddeld niveau",
            tuple(bins) + ((charts.NO_DATA_FILL, "Geen vastgestelde zelfevaluatie: geen gegevens"), no_region),
        )
    )
    values["gemiddeld"] = {}
    for region in dataset.regions:
        average = derived.status(region.id).average_level
        text = f"Gemiddeld niveau: {dutch_number(average, 1)}" if average is not None else f"Gemiddeld niveau: {NO_DATA}"
        values["gemiddeld"][region.id] = (charts.level_fill(_average_class(average)), text)

    level_legend = tuple((charts.level_fill(n.niveau), f"{n.niveau} {n.naam}") for n in dataset.schaal.niveaus)
    for bouwsteen in dataset.bouwstenen:
        key = bouwsteen.id if bouwsteen.id not in values else f"bouwsteen-{bouwsteen.id}"
        layers.append(
            Layer(
                key,
                bouwsteen.naam,
                level_legend + ((charts.NO_DATA_FILL, "Niet beoordeeld: geen gegevens"), no_region),
            )
        )
        values[key] = {}
        for region in dataset.regions:
            level = derived.status(region.id).levels[bouwsteen.id]
            text = f"niveau {renderer.niveau_label(level)}" if level is not None else NO_DATA
            values[key][region.id] = (charts.level_fill(level), f"{bouwsteen.naam}: {text}")
    return layers, values


def _province_of_gemeenten(gemeenten: Topology, provincies: Topology, gemeente_rings: dict[str, list[list[int]]]) -> dict[str, str]:
    """gemeente statcode -> provincie statcode: the province around a point inside the gemeente
    (or, when generalisation left that point outside every province, the one overlapping most)."""
    province_shapes = {}
    for code, rings in sorted(provincies.rings_by_code().items()):
        province_shapes[code] = _polygon(provincies, rings)
    result: dict[str, str] = {}
    for code, rings in sorted(gemeente_rings.items()):
        shape = _polygon(gemeenten, rings)
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


def _relative(target: str) -> str:
    return relative(PAGE, target)


def _leaflet_files() -> dict[str, bytes]:
    import xstatic.pkg.leaflet as xleaflet

    base = Path(xleaflet.BASE_DIR)
    files: dict[str, bytes] = {}
    script = (base / "leaflet.js").read_bytes()
    # No source map is shipped, so drop the reference (it would be a 404 in developer tools).
    script = re.sub(rb"\n//# sourceMappingURL=[^\n]*\n?$", b"\n", script)
    files[f"{LEAFLET_DIR}/leaflet.js"] = script
    files[f"{LEAFLET_DIR}/leaflet.css"] = (base / "leaflet.css").read_bytes()
    for image in sorted((base / "images").glob("*.png")):
        files[f"{LEAFLET_DIR}/images/{image.name}"] = image.read_bytes()
    return files


def _legend_html(layer: Layer, active: bool) -> str:
    items = "".join(
        f'<li><span class="hhz-map-swatch {charts.colour_class(fill)}" aria-hidden="true"></span> {_e(text)}</li>'
        for fill, text in layer.legend
    )
    hidden = "" if active else " hidden"
    return (
        f'<div class="hhz-map-legend" data-laag="{_e(layer.key)}"{hidden}>'
        f'<p class="hhz-map-legend-title">Legenda: {_e(layer.title)}</p><ul>{items}</ul></div>'
    )


def _folium_classes():
    """folium's Map and a region-layer element, made for a map inside a themed page."""
    import folium
    from folium.elements import JSCSSMixin
    from folium.template import Template
    from branca.element import MacroElement

    class RegionMap(folium.Map):
        """folium's Map without its page-wide header (full-window styles, a viewport tag that
        blocks zooming), with an accessible name on its element."""

        _template = Template(
            """
            {% macro header(this, kwargs) %}{% endmacro %}
            {% macro html(this, kwargs) %}
            <div class="folium-map hhz-map" id="{{ this.get_name() }}" role="region"
                 aria-label="{{ this.hhz_label|e }}" aria-describedby="hhz-map-help"></div>
            {% endmacro %}
            {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.map({{ this.get_name()|tojson }}, {
                crs: L.CRS.{{ this.crs }},
                ...{{ this.options|tojavascript }}
            });
            {% endmacro %}
            """
        )

    class RegionLayers(JSCSSMixin, MacroElement):
        """The regions, one shape each, restyled per layer (regioplan, average, bouwstenen).

        The geometry is loaded once from ``DATA_FILE``; ``hhz-map.js`` draws it on the folium
        map and wires tooltips, keyboard access, the layer switch and the URL hash."""

        _template = Template(
            """
            {% macro script(this, kwargs) %}
            window.hhzRegionMap({{ this._parent.get_name() }}, document.getElementById("hhz-kaart"));
            {% endmacro %}
            """
        )

        def __init__(self, links: list[tuple[str, str]]):
            super().__init__()
            self._name = "RegionLayers"
            self.default_js = links

    return folium, RegionMap, RegionLayers


@dataclass(frozen=True)
class FoliumMap:
    element: str  # the map's <div>
    scripts: tuple[str, ...]  # script URLs in load order (relative to kaart.html)
    styles: tuple[str, ...]  # style sheet URLs
    init_script: str  # folium's script, written to INIT_FILE


def _fixed_ids(element: Any, counter: list[int]) -> None:
    """Replace branca's random element ids with sequential ones (deterministic output)."""
    for child in element._children.values():
        counter[0] += 1
        child._id = str(counter[0])
        _fixed_ids(child, counter)


def _folium_map(bounds: list[list[float]], region_count: int, config: SiteConfig) -> FoliumMap:
    from folium.utilities import JsCode
    from branca.element import CssLink, JavascriptLink

    folium, RegionMap, RegionLayers = _folium_classes()
    fmap = RegionMap(
        location=None,
        tiles=None,
        zoom_control=False,  # hhz-map.js adds one with Dutch button names
        scroll_wheel_zoom=False,
        zoom_snap=0.1,
        zoom_delta=0.5,
        renderer=JsCode("L.svg({padding: 0.5})"),
    )
    # folium's min_zoom/max_zoom are for its tile layer; these bound the map itself. No start
    # zoom either: FitBounds below sets the view.
    fmap.options.pop("zoom", None)
    fmap.options.update(minZoom=6, maxZoom=12)
    fmap.hhz_label = f"Kaart met {region_count} regio's"
    # Leaflet from this site; none of folium's CDN links (jQuery, Bootstrap, Font Awesome).
    fmap.default_js = [("leaflet", _relative(LEAFLET_DIR + "/leaflet.js"))]
    fmap.default_css = [("leaflet_css", _relative(LEAFLET_DIR + "/leaflet.css")), ("hhz_map_css", _relative(STYLE_FILE))]
    if config.tiles_url:
        # Leaflet writes the attribution as HTML: escape it.
        folium.TileLayer(
            tiles=config.tiles_url, attr=_e(config.tiles_attribution or ""), name="Achtergrond", max_zoom=19
        ).add_to(fmap)
    folium.FitBounds(bounds, padding=(8, 8)).add_to(fmap)
    RegionLayers([("hhz_kaart_data", _relative(DATA_FILE)), ("hhz_map", _relative(SCRIPT_FILE))]).add_to(fmap)
    fmap._id = MAP_ID
    _fixed_ids(fmap, [0])

    figure = fmap.get_root()
    figure.render()
    links = list(figure.header._children.values())
    script = "\n".join(line.strip() for line in figure.script.render().splitlines() if line.strip())
    element = " ".join(line.strip() for line in figure.html.render().splitlines() if line.strip())
    return FoliumMap(
        element=element.replace("> </div>", "></div>"),
        scripts=tuple(link.url for link in links if isinstance(link, JavascriptLink)),
        styles=tuple(link.url for link in links if isinstance(link, CssLink)),
        init_script=script + "\n",
    )


def _map_html(layers: list[Layer], fmap: FoliumMap) -> Markup:
    radios = []
    for index, layer in enumerate(layers):
        checked = " checked" if index == 0 else ""
        radios.append(
            f'<label><input type="radio" name="hhz-laag" value="{_e(layer.key)}"{checked}> {_e(layer.title)}</label>'
        )
    lines = [
        '<div class="hhz-map-wrap" id="hhz-kaart">',
        *(f'<link rel="stylesheet" href="{_e(url)}">' for url in fmap.styles),
        '<fieldset class="hhz-map-layers"><legend>Kaartlaag</legend>' + "".join(radios) + "</fieldset>",
        '<p class="hhz-map-help" id="hhz-map-help">Wijs een regio aan of ga er met Tab naartoe voor de naam en de stand; '
        "klik of druk op Enter om de pagina van de regio te openen. Met de pijltjestoetsen verschuift de kaart, "
        "met + en − zoomt u in en uit. Dezelfde gegevens staan in de tabel onder de kaart.</p>",
        fmap.element,
        "<noscript><p>De kaart heeft JavaScript nodig. De tabel hieronder bevat dezelfde gegevens.</p></noscript>",
        '<div class="hhz-map-legends" aria-live="polite">'
        + "".join(_legend_html(layer, i == 0) for i, layer in enumerate(layers))
        + "</div>",
        *(f'<script src="{_e(url)}"></script>' for url in (*fmap.scripts, _relative(INIT_FILE))),
        "</div>",
    ]
    text = "\n".join(lines)
    assert "\n\n" not in text and all(line.strip() for line in lines)
    return Markup(text)


# -- mini-maps -----------------------------------------------------------------------------


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
            kept = _douglas_peucker(projected, MINIMAP_TOLERANCE_PX)
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
            text = []
            previous = None
            for x, y in points:
                cell = f"{x:.1f} {y:.1f}"
                if cell != previous:
                    text.append(cell)
                previous = cell
            if len(text) >= 3:
                parts.append("M" + "L".join(text) + "Z")
        return "".join(parts)


def _bounds_of(topology: Topology, rings: Iterable[Sequence[int]]) -> tuple[float, float, float, float] | None:
    lons, lats = [], []
    for ring in rings:
        for ref in ring:
            for lon, lat in topology.coords[Topology.index(ref)]:
                lons.append(lon)
                lats.append(lat)
    if not lons:
        return None
    return min(lons), min(lats), max(lons), max(lats)


def _minimap(
    topology: Topology,
    region_id: str,
    region_name: str,
    region_rings: list[list[int]],
    provinces: list[tuple[str, list[list[int]]]],
) -> Markup | None:
    bounds = _bounds_of(topology, [r for _, rings in provinces for r in rings] + region_rings)
    if bounds is None:
        return None
    mini = _MiniMap(topology, bounds)
    names = [name for name, _ in provinces]
    where = (
        f"in de provincie {names[0]}" if len(names) == 1
        else "in de provincies " + ", ".join(names[:-1]) + f" en {names[-1]}" if names
        else "in Nederland"
    )
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
    link = relative(f"regios/{region_id}.md", "kaart.html")
    parts.append(
        f'<figcaption>{_e(title)} {_e(where)}. <a href="{_e(link)}">Bekijk alle regio\'s op de kaart</a>. '
        f"{_e(ATTRIBUTION)}.</figcaption>"
    )
    parts.append("</figure>")
    return Markup("\n".join(parts))


# -- entry point ---------------------------------------------------------------------------


def no_geodata_warning() -> str:
    return (
        "de kaart (kaart.html) toont geen grenzen, alleen de tabel: er zijn geen geodata "
        "(ook het bestaan van de gemeentecodes is daardoor niet gecontroleerd). Haal ze op met `hhz geo fetch` of wijs een map aan met --geo-dir of HHZ_GEO_DIR."
    )


def _template_assets_dir(renderer: PageRenderer) -> Path | None:
    searchpath = getattr(renderer.env.loader, "searchpath", None)
    return Path(searchpath[0]) / "assets" if searchpath else None


def render_maps(renderer: PageRenderer, geo: GeoReference | None, config: SiteConfig) -> tuple[dict[str, bytes], list[str]]:
    """Files for the docs folder, and warnings; sets ``renderer.map_html`` and ``renderer.minimaps``."""
    if geo is None:
        renderer.map_html = None
        return {}, [no_geodata_warning()]
    warnings: list[str] = []
    dataset = renderer.dataset
    assets = _template_assets_dir(renderer)
    for name in (SCRIPT_FILE, STYLE_FILE):
        if assets is not None and not (assets / Path(name).name).is_file():
            warnings.append(f"site_templates/{name} ontbreekt; de kaart werkt niet zonder dit bestand")

    gemeenten = Topology(geo.gemeente_topology)
    provincies = Topology(geo.provincie_topology)
    gemeente_rings = gemeenten.rings_by_code()
    province_names = dict(geo.provincies)

    # Which region each gemeente belongs to (the validator allows only one).
    owner: dict[str, str] = {}
    for region in sorted(dataset.regions, key=lambda r: r.id):
        for code in region.gemeenten:
            owner.setdefault(code, region.id)

    table = _ArcTable(gemeenten)
    region_rings: dict[str, list[list[int]]] = {}
    for region in sorted(dataset.regions, key=lambda r: r.id):
        rings_in: list[list[int]] = []
        for code in region.gemeenten:
            if owner.get(code) != region.id:
                continue
            if code not in gemeente_rings:
                warnings.append(f"regio {region.id}: gemeente {code} staat niet in de geodata; ze ontbreekt op de kaart")
                continue
            rings_in.extend(gemeente_rings[code])
        if not rings_in:
            continue
        merged, closed = merge_rings(gemeenten, rings_in)
        if not closed:
            warnings.append(f"regio {region.id}: de gemeentegrenzen sluiten niet op elkaar aan; binnengrenzen blijven zichtbaar")
            merged = rings_in
        region_rings[region.id] = merged

    # Order: alphabetical by short name, as in the table (also the Tab order on the map).
    ordered = sorted((r for r in dataset.regions if r.id in region_rings), key=lambda r: (r.korte_naam.casefold(), r.id))
    layers, values = _layers(renderer)

    regions_out = []
    for region in ordered:
        rings = region_rings[region.id]
        shape = _polygon(gemeenten, rings)
        label = shape.representative_point() if not shape.is_empty else None
        regions_out.append(
            {
                "id": region.id,
                "naam": region.naam,
                "href": relative(PAGE, f"regios/{region.id}.html"),
                "label": [round(label.y, 5), round(label.x, 5)] if label is not None else None,
                "rings": table.rings(rings),
                "waarden": {layer.key: list(values[layer.key][region.id]) for layer in layers},
            }
        )

    rest_out = []
    for code in sorted(gemeente_rings):
        if code in owner:
            continue
        name = geo.gemeenten.get(code, code)
        rest_out.append({"naam": f"{name}: {NO_DATA}", "rings": table.rings(gemeente_rings[code])})

    # Province borders: arcs between gemeenten of different provinces, plus the outer border.
    province_of = _province_of_gemeenten(gemeenten, provincies, gemeente_rings)
    arc_users: dict[int, list[str]] = defaultdict(list)
    for code in sorted(gemeente_rings):
        for ring in gemeente_rings[code]:
            for ref in ring:
                arc_users[Topology.index(ref)].append(code)
    border_refs = []
    for index in sorted(arc_users):
        users = arc_users[index]
        sides = {province_of.get(u) for u in users}
        if len(users) == 1 or (len(sides) > 1 and None not in sides):
            border_refs.append(index)
    province_lines = [table.ref(i) for i in border_refs]

    all_lonlat = [p for i in table.order for p in gemeenten.coords[i]]
    south, west = min(p[1] for p in all_lonlat), min(p[0] for p in all_lonlat)
    north, east = max(p[1] for p in all_lonlat), max(p[0] for p in all_lonlat)

    arcs_out = None
    for tolerance in TOLERANCES_M:
        arcs_out = table.encoded(tolerance)
        if len(_compact(arcs_out)) <= GEOMETRY_TARGET:
            break
    bounds = [[round(south, 4), round(west, 4)], [round(north, 4), round(east, 4)]]
    data = {
        "arcs": arcs_out,
        "schaal": OUTPUT_SCALE,
        "grenzen": bounds,
        "regios": regions_out,
        "overig": rest_out,
        "provinciegrenzen": province_lines,
        "lagen": [{"key": layer.key, "titel": layer.title} for layer in layers],
        "bron": ATTRIBUTION,
        "geenGegevens": NO_REGION_FILL,
    }
    script = f"window.{DATA_VARIABLE}={_compact(data)};\n".encode("ascii")

    files = _leaflet_files()
    files[DATA_FILE] = script
    fmap = _folium_map(bounds, len(regions_out), config)
    files[INIT_FILE] = fmap.init_script.encode("utf-8")
    renderer.map_html = _map_html(layers, fmap)

    # Mini-maps: the region inside its province(s), both dissolved from the same gemeenten.
    province_members: dict[str, list[str]] = defaultdict(list)
    for code, province in sorted(province_of.items()):
        province_members[province].append(code)
    province_rings_cache: dict[str, list[list[int]]] = {}

    def province_rings(province: str) -> list[list[int]]:
        if province not in province_rings_cache:
            rings = [ring for code in province_members[province] for ring in gemeente_rings[code]]
            merged, closed = merge_rings(gemeenten, rings)
            province_rings_cache[province] = merged if closed else rings
        return province_rings_cache[province]

    name_to_code = {name: code for code, name in province_names.items()}
    minimaps: dict[str, Markup] = {}
    for region in ordered:
        codes = sorted({province_of[c] for c in region.gemeenten if c in province_of and owner.get(c) == region.id})
        if not codes:
            codes = sorted(name_to_code[p] for p in region.provincies if p in name_to_code)
        provinces = [(province_names.get(c, c), province_rings(c)) for c in codes]
        provinces.sort(key=lambda item: item[0])
        mini = _minimap(gemeenten, region.id, region.naam, region_rings[region.id], provinces)
        if mini is not None:
            minimaps[region.id] = mini
    renderer.minimaps = minimaps
    return files, warnings
