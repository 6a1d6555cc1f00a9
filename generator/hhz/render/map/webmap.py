"""kaart.html: the folium web map, its geometry script and the files it loads.

Built with folium: a ``folium.Map`` without tiles (unless ``tiles_url`` is configured), whose
Leaflet comes from this site (copied from the ``xstatic-leaflet`` package into
``assets/leaflet/``) instead of folium's CDN links, without folium's jQuery, Bootstrap and
Font Awesome, and with fixed element ids instead of branca's random ones. The region layers
are one folium element (``RegionLayers``) backed by our script ``assets/hhz-map.js`` (in
``site_templates/assets``) and the geometry, drawn once for all layers, in the same-origin
script ``assets/hhz-kaart-data.js`` (a small TopoJSON-like structure). folium's own script
goes to ``assets/hhz-kaart.js``, so the page holds no inline script. Legends and layer
switches are rendered here, in Python, with every text escaped; the script puts names into
tooltips and popups with ``textContent`` only, and the one text that Leaflet writes as HTML
(the tile attribution) is escaped here.

A fill is a colour or a hatch (``vocabulary.HATCHES``): ``paint`` turns it into an SVG paint,
``url(#hhz-arcering-<name>)`` for a hatch, whose pattern is defined once in the map's block
(``hatch_defs``); the map's shapes and the legend's swatches use the same patterns.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

from markupsafe import Markup

from ...config import SiteConfig
from ...urls import URLS
from ...urls import relative
from ...vocabulary import HATCH_PREFIX, HATCHES, MAP_NO_REGION_BORDER, MAP_OUTLINE
from ...geo.topology import polygon
from .geometry import OUTPUT_SCALE, ArcTable, RegionGeometry, compact, province_border_arcs
from .layers import ATTRIBUTION, NO_DATA, NO_REGION_FILL, Layer, Values

PAGE = URLS.map
LEAFLET_DIR = URLS.leaflet_dir
DATA_FILE = URLS.map_data_js
INIT_FILE = URLS.map_init_js
MAP_ID = "hhz"  # folium names the map element map_<id>: the div id and the JavaScript variable
SCRIPT_FILE = URLS.map_script_js
STYLE_FILE = URLS.map_style_css
DATA_VARIABLE = "HHZ_KAART"


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _relative(target: str) -> str:
    return relative(PAGE, target)


HATCH_ID = "hhz-arcering-"


def paint(fill: str) -> str:
    """An SVG paint for a map fill: the colour, or the hatch's pattern."""
    if fill.startswith(HATCH_PREFIX):
        name = fill[len(HATCH_PREFIX) :]
        if name not in HATCHES:
            raise ValueError(f"unknown hatch {name!r}")
        return f"url(#{HATCH_ID}{name})"
    return fill


def hatch_defs() -> str:
    """The hatches as SVG patterns, in a hidden zero-size SVG (diagonal lines, 6 px apart;
    in the map's pixel space, so they keep their size when the map zooms)."""
    patterns = "".join(
        f'<pattern id="{HATCH_ID}{_e(name)}" patternUnits="userSpaceOnUse" width="6" height="6" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{_e(background)}"/>'
        f'<path d="M1 0V6" stroke="{_e(line)}" stroke-width="1.5"/></pattern>'
        for name, (background, line) in sorted(HATCHES.items())
    )
    return (
        '<svg class="hhz-map-defs" width="0" height="0" aria-hidden="true" focusable="false">'
        f"<defs>{patterns}</defs></svg>"
    )


def missing_asset_warnings(assets: Path) -> list[str]:
    """Warnings for our map script and style sheet missing from the templates' ``assets``."""
    return [
        f"site_templates/{name} ontbreekt; de kaart werkt niet zonder dit bestand"
        for name in (SCRIPT_FILE, STYLE_FILE)
        if not (assets / Path(name).name).is_file()
    ]


def leaflet_files() -> dict[str, bytes]:
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


# -- the geometry script -------------------------------------------------------------------


@dataclass(frozen=True)
class MapData:
    script: bytes  # DATA_FILE's content
    bounds: list[list[float]]  # [[south, west], [north, east]]
    region_count: int


def _region_items(
    shapes: RegionGeometry, ordered: Sequence[Any], layers: list[Layer], values: Mapping[str, Values], table: ArcTable
) -> list[dict[str, Any]]:
    items = []
    for region in ordered:
        rings = shapes.region_rings[region.id]
        shape = polygon(shapes.gemeenten, rings)
        label = shape.representative_point() if not shape.is_empty else None
        items.append(
            {
                "id": region.id,
                "naam": region.naam,
                "href": relative(PAGE, URLS.html(URLS.region(region.id))),
                "label": [round(label.y, 5), round(label.x, 5)] if label is not None else None,
                "rings": table.rings(rings),
                "waarden": {
                    layer.key: [paint(values[layer.key][region.id][0]), values[layer.key][region.id][1]]
                    for layer in layers
                },
            }
        )
    return items


def map_data(
    shapes: RegionGeometry, ordered: Sequence[Any], layers: list[Layer], values: Mapping[str, Values], names: Mapping[str, str]
) -> MapData:
    """The geometry script: the regions in ``ordered`` order, the gemeenten in no region
    (``names``: statcode -> name), the province borders, and the layers' values."""
    table = ArcTable(shapes.gemeenten)  # numbered in this order: regions, the rest, borders
    regions = _region_items(shapes, ordered, layers, values, table)
    rest = [
        {"naam": f"{names.get(code, code)}: {NO_DATA}", "rings": table.rings(shapes.gemeente_rings[code])}
        for code in sorted(shapes.gemeente_rings)
        if code not in shapes.owner
    ]
    borders = [table.ref(i) for i in province_border_arcs(shapes.gemeente_rings, shapes.province_of)]
    south, west, north, east = table.bounds()
    arcs = table.fitted()
    bounds = [[round(south, 4), round(west, 4)], [round(north, 4), round(east, 4)]]
    data = {
        "arcs": arcs,
        "schaal": OUTPUT_SCALE,
        "grenzen": bounds,
        "regios": regions,
        "overig": rest,
        "provinciegrenzen": borders,
        "lagen": [{"key": layer.key, "titel": layer.title} for layer in layers],
        "bron": ATTRIBUTION,
        "geenGegevens": paint(NO_REGION_FILL),
        "geenGegevensRand": MAP_NO_REGION_BORDER,
        "omlijning": MAP_OUTLINE,
    }
    script = f"window.{DATA_VARIABLE}={compact(data)};\n".encode("ascii")
    return MapData(script, bounds, len(regions))


# -- folium --------------------------------------------------------------------------------


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
        """The regions, one shape each, restyled per layer (regioplan, bouwstenen).

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


def _folium_figure(bounds: list[list[float]], region_count: int, config: SiteConfig):  # -> folium.Map
    from folium.utilities import JsCode

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
    return fmap


def folium_map(bounds: list[list[float]], region_count: int, config: SiteConfig) -> FoliumMap:
    from branca.element import CssLink, JavascriptLink

    figure = _folium_figure(bounds, region_count, config).get_root()
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


# -- the map's HTML block ------------------------------------------------------------------

HELP_POINTER = (
    "Wijs een regio aan of ga er met Tab naartoe voor de naam en de stand; klik of druk op Enter "
    "om de pagina van de regio te openen. Met de pijltjestoetsen verschuif je de kaart, met + en − "
    "zoom je in en uit. Dezelfde gegevens staan in de tabel onder de kaart."
)
HELP_TOUCH = (
    "Tik op een regio voor de naam, de stand en een link naar de pagina van de regio. Met twee "
    "vingers zoom je in en uit. Dezelfde gegevens staan in de tabel onder de kaart."
)


def _swatch(fill: str) -> str:
    return (
        '<svg class="hhz-map-swatch" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true" focusable="false">'
        f'<rect x="0.5" y="0.5" width="17" height="17" fill="{_e(paint(fill))}" stroke="{MAP_OUTLINE}"/></svg>'
    )


def _legend_html(layer: Layer, active: bool) -> str:
    items = "".join(f"<li>{_swatch(fill)} {_e(text)}</li>" for fill, text in layer.legend)
    hidden = "" if active else " hidden"
    return (
        f'<div class="hhz-map-legend" data-laag="{_e(layer.key)}"{hidden}>'
        f'<p class="hhz-map-legend-title">Legenda: {_e(layer.title)}</p><ul>{items}</ul></div>'
    )


def map_html(layers: list[Layer], fmap: FoliumMap) -> Markup:
    """kaart.html's map: help (for a mouse and keyboard, and for touch; the style sheet shows
    the one that fits the device), the layer switch, the folium element and the legends (the
    switch and the legends beside the map, or the legend over the map on a narrow screen),
    the hatch patterns and the scripts."""
    radios = []
    for index, layer in enumerate(layers):
        checked = " checked" if index == 0 else ""
        radios.append(
            f'<label><input type="radio" name="hhz-laag" value="{_e(layer.key)}"{checked}> {_e(layer.title)}</label>'
        )
    lines = [
        '<div class="hhz-map-wrap" id="hhz-kaart">',
        *(f'<link rel="stylesheet" href="{_e(url)}">' for url in fmap.styles),
        f'<p class="hhz-map-help hhz-map-help-pointer" id="hhz-map-help">{_e(HELP_POINTER)}</p>',
        f'<p class="hhz-map-help hhz-map-help-touch" id="hhz-map-help-touch">{_e(HELP_TOUCH)}</p>',
        '<div class="hhz-map-stage">',
        '<fieldset class="hhz-map-layers"><legend>Kaartlaag</legend>' + "".join(radios) + "</fieldset>",
        fmap.element,
        '<div class="hhz-map-legends" aria-live="polite">'
        + "".join(_legend_html(layer, i == 0) for i, layer in enumerate(layers))
        + "</div>",
        "</div>",
        "<noscript><p>De kaart heeft JavaScript nodig. De tabel hieronder bevat dezelfde gegevens.</p></noscript>",
        hatch_defs(),
        *(f'<script src="{_e(url)}"></script>' for url in (*fmap.scripts, _relative(INIT_FILE))),
        "</div>",
    ]
    text = "\n".join(lines)
    assert "\n\n" not in text and all(line.strip() for line in lines)
    return Markup(text)
