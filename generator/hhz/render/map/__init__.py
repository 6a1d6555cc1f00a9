"""The map of the regions (kaart.html) and the small location maps on the region pages.

``render_maps`` makes both and returns them as a ``MapOutput``; ``generate.render_site``
adds its files and warnings to the site and hands it to the ``PageRenderer``, which embeds
the map and the mini-maps in the pages. The parts, imported one way (this module uses all
of them; ``webmap`` and ``minimap`` use ``geometry`` and ``layers``; ``layers`` and
``geometry`` use neither of the others):

``geometry``
    TopoJSON decoded, regions and provinces dissolved from the gemeenten, arcs simplified
    and encoded on the output grid.
``layers``
    The layers, legends and tooltip texts, as data.
``webmap``
    kaart.html's folium map, its HTML block, the geometry script and Leaflet's files.
``minimap``
    The static SVG mini-maps of the region pages.

Everything is deterministic: sorted keys, fixed precision, no random ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from markupsafe import Markup

from ...config import SiteConfig
from ...dataset import Dataset
from ...derive.status import Derived
from ...geo.reference import GeoReference
from ..formats import niveau_label
from . import layers, minimap, webmap
from .geometry import region_geometry


@dataclass(frozen=True)
class MapOutput:
    """What the map renderer makes: files for the docs folder (path -> content), warnings,
    kaart.html's map block (None without geodata) and the mini-maps (region id -> figure)."""

    files: Mapping[str, bytes] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    map_html: Markup | None = None
    minimaps: Mapping[str, Markup] = field(default_factory=dict)


def no_geodata_warning() -> str:
    return (
        "de kaart (kaart.html) toont geen grenzen, alleen de tabel: er zijn geen geodata "
        "(ook het bestaan van de gemeentecodes is daardoor niet gecontroleerd). Haal ze op met `hhz geo fetch` of wijs een map aan met --geo-dir of HHZ_GEO_DIR."
    )


def render_maps(
    dataset: Dataset, derived: Derived, geo: GeoReference | None, config: SiteConfig, template_dir: Path
) -> MapOutput:
    """The map page's files and HTML and the region pages' mini-maps, with warnings; only
    the no-geodata warning without geodata."""
    if geo is None:
        return MapOutput(warnings=(no_geodata_warning(),))
    warnings = webmap.missing_asset_warnings(template_dir / "assets")
    shapes = region_geometry(geo.gemeente_topology, geo.provincie_topology, dataset.regions)
    warnings.extend(shapes.warnings)
    # Order: alphabetical by short name, as in the table (also the Tab order on the map).
    ordered = [r for r in derived.regions_by_name if r.id in shapes.region_rings]
    map_layers, values = layers.layers(dataset, derived, lambda level: niveau_label(dataset, level))
    data = webmap.map_data(shapes, ordered, map_layers, values, geo.gemeenten)
    fmap = webmap.folium_map(data.bounds, data.region_count, config)
    files = webmap.leaflet_files()
    files[webmap.DATA_FILE] = data.script
    files[webmap.INIT_FILE] = fmap.init_script.encode("utf-8")
    return MapOutput(
        files=files,
        warnings=tuple(warnings),
        map_html=webmap.map_html(map_layers, fmap),
        minimaps=minimap.region_minimaps(shapes, ordered, dict(geo.provincies)),
    )
