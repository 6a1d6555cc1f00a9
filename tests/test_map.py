"""The map: geometry, layers, escaping, size, determinism, and the build without geodata."""

from __future__ import annotations

import json
import re
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest
import shapely

from hhz.config import SiteConfig
from hhz.render.outputs import render_site
from hhz.geo import topology as topology_module
from hhz.render.map import geometry, no_geodata_warning, webmap
from hhz.validate import validate_root
from helpers.maps import EVIL, neighbours
from helpers.sites import copy_site_sources
from projectfactory import BOUWSTEEN_IDS, make_project, region_yaml

# geo (and geo_dir) come from conftest.py: skipped locally without geodata, a failure on CI.


def render(root: Path, geo, config: SiteConfig | None = None):
    result = validate_root(root, geo)
    assert result.ok, [d.message for d in result.errors]
    return render_site(root, result.dataset, geo, config or SiteConfig())


def map_data(site) -> dict:
    script = site.files[webmap.DATA_FILE].decode("ascii")
    prefix = f"window.{webmap.DATA_VARIABLE}="
    assert script.startswith(prefix) and script.endswith(";\n")
    return json.loads(script[len(prefix) : -2])


@pytest.fixture(scope="module")
def three(tmp_path_factory, geo):
    """Regions: one of two neighbouring gemeenten, one next to it, one with an unsafe name,
    a regioplan 'onbekend' and only concept zelfevaluaties (no levels)."""
    a, b, c = neighbours(geo)
    root = tmp_path_factory.mktemp("kaart")
    make_project(
        root,
        {
            "alfa": region_yaml("alfa", [a, b]),
            "beta": region_yaml("beta", [c], levels_new={b: 3 for b in BOUWSTEEN_IDS} | {"regiovisie": 5, "arbeidsmarkt": 1}),
            "gamma": region_yaml("gamma", ["GM0344"])
            .replace("naam: Regio gamma", f"naam: '{EVIL}'")
            .replace("status: openbaar", "status: onbekend")
            .replace("status: vastgesteld", "status: concept"),
        },
    )
    copy_site_sources(root)
    return root, (a, b, c)


def without_cms_warning(warnings: list[str]) -> list[str]:
    """The warnings without the one about the form editor's bundle: a test project has no
    cms/node_modules (beheer/ is tested in tests/test_cms_*.py)."""
    return [warning for warning in warnings if "Decap CMS" not in warning]


def test_without_geodata_one_warning_and_no_map(tmp_path: Path) -> None:
    make_project(tmp_path)
    copy_site_sources(tmp_path)
    site = render(tmp_path, None)
    assert without_cms_warning(site.warnings) == [no_geodata_warning()]
    assert not any(name.startswith("assets/leaflet/") for name in site.files)
    assert b"Geen grenzen beschikbaar" in site.files["kaart.md"]


@pytest.fixture(scope="module")
def built_without_geodata(tmp_path_factory, hhz_build) -> tuple[Path, subprocess.CompletedProcess]:
    """``hhz build`` of the small project without any geodata, run once for the tests below."""
    root = tmp_path_factory.mktemp("zonder-geodata")
    make_project(root)
    copy_site_sources(root)
    # no HHZ_GEO_DIR, and no `hhz geo fetch` result either; not -q: that prints errors only
    proc = hhz_build(root, env={"XDG_CACHE_HOME": str(root / "cache")})
    return root, proc


def test_build_without_geodata_prints_exactly_one_warning(built_without_geodata) -> None:
    root, proc = built_without_geodata
    assert proc.returncode == 0, proc.stdout + proc.stderr
    html = (root / "site" / "kaart.html").read_text(encoding="utf-8")
    assert "Geen grenzen beschikbaar" in html and 'id="kaart-tabel"' in html
    assert "hhz-map-canvas" not in html
    lines = [line for line in proc.stderr.splitlines() if "waarschuwing:" in line and "Decap CMS" not in line]
    assert len(lines) == 1, proc.stderr


def test_build_without_geodata_succeeds_with_notice_and_table(built_without_geodata) -> None:
    root, proc = built_without_geodata
    assert proc.returncode == 0, proc.stdout + proc.stderr
    html = (root / "site" / "kaart.html").read_text(encoding="utf-8")
    assert "Geen grenzen beschikbaar" in html and 'id="kaart-tabel"' in html
    assert "hhz-map-canvas" not in html and "leaflet" not in html
    assert proc.stderr.count("de kaart (kaart.html) toont geen grenzen") == 1


def test_map_html_is_one_raw_block(three, geo) -> None:
    root, _ = three
    site = render(root, geo)
    page = site.files["kaart.md"].decode("utf-8")
    start = page.index('<div class="hhz-map-wrap"')
    assert page[start - 1] == "\n"  # column 0
    block = page[start : page.index("\n\n", start)]
    assert block.endswith("</div>")
    for src in re.findall(r'(?:src|href)="([^"]+)"', block):
        assert not re.match(r"[a-z]+:|//", src), src  # nothing from another host
        assert src in site.files, src
    for region_id in ("alfa", "beta", "gamma"):
        regio = site.files[f"regios/{region_id}.md"].decode("utf-8")
        assert '<figure class="hhz-figure hhz-minimap-figure">' in regio
        mini = regio[regio.index("<figure class=\"hhz-figure hhz-minimap-figure\">") :]
        mini = mini[: mini.index("</figure>")]
        assert "\n\n" not in mini and 'href="../kaart.html"' in mini


def test_leaflet_is_served_from_the_site(three, geo) -> None:
    root, _ = three
    site = render(root, geo)
    script = site.files["assets/leaflet/leaflet.js"]
    assert b"Leaflet" in script[:300] and b"sourceMappingURL" not in script
    assert b".leaflet-container" in site.files["assets/leaflet/leaflet.css"]
    assert "assets/leaflet/images/layers.png" in site.files
    assert "assets/hhz-map.js" in site.files and "assets/hhz-map.css" in site.files
    assert "L.tileLayer" not in site.files[webmap.INIT_FILE].decode("utf-8")


def test_the_map_is_folium_without_its_cdn_links(three, geo) -> None:
    """folium writes the map; none of its CDN links (Leaflet, jQuery, Bootstrap, Font Awesome)
    survive, its ids are fixed, and its script is a same-origin file (no inline script)."""
    root, _ = three
    site = render(root, geo)
    page = site.files["kaart.md"].decode("utf-8")
    init = site.files[webmap.INIT_FILE].decode("utf-8")
    block = page[page.index('<div class="hhz-map-wrap"') :]
    block = block[: block.index("\n\n")]
    assert '<div class="folium-map hhz-map" id="map_hhz" role="region" aria-label="Kaart met 3 regio&#39;s"' in block
    assert init.startswith('var map_hhz = L.map("map_hhz", {')
    assert 'window.hhzRegionMap(map_hhz, document.getElementById("hhz-kaart"));' in init
    assert "map_hhz.fitBounds(" in init
    for text in (page, init):
        for forbidden in ("jquery", "bootstrap", "fontawesome", "awesome-markers", "cdn.", "http://", "https://"):
            assert forbidden not in text.lower(), forbidden
    assert "<script>" not in block and not re.search(r"[0-9a-f]{32}", block + init)  # no random branca ids
    scripts = re.findall(r'<script src="([^"]+)">', block)
    assert scripts == ["assets/leaflet/leaflet.js", "assets/hhz-kaart-data.js", "assets/hhz-map.js", "assets/hhz-kaart.js"]
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)">', block) == ["assets/leaflet/leaflet.css", "assets/hhz-map.css"]


def test_optional_tiles_only_when_configured(three, geo) -> None:
    root, _ = three
    config = SiteConfig(tiles_url="https://tiles.example.org/{z}/{x}/{y}.png", tiles_attribution="© <b>Voorbeeld</b>")
    init = render(root, geo, config).files[webmap.INIT_FILE].decode("utf-8")
    assert 'L.tileLayer(\n"https://tiles.example.org/{z}/{x}/{y}.png"' in init
    # Leaflet writes the attribution as HTML: it arrives escaped, as text
    assert '"attribution": "\\u00a9 \\u0026lt;b\\u0026gt;Voorbeeld\\u0026lt;/b\\u0026gt;"' in init


def test_regions_are_dissolved_and_share_their_border(three, geo) -> None:
    root, (a, b, c) = three
    data = map_data(render(root, geo))
    regions = {r["id"]: r for r in data["regios"]}
    assert sorted(regions) == ["alfa", "beta", "gamma"]

    def arcs_of(region):
        return {ref if ref >= 0 else ~ref for ring in region["rings"] for ref in ring}

    # alfa = two gemeenten, one outline; the border with beta is the same arcs, traversed opposite ways
    assert len(regions["alfa"]["rings"]) == 1
    shared = arcs_of(regions["alfa"]) & arcs_of(regions["beta"])
    assert shared
    alfa_refs = {ref for ring in regions["alfa"]["rings"] for ref in ring}
    beta_refs = {ref for ring in regions["beta"]["rings"] for ref in ring}
    for index in shared:
        assert (index in alfa_refs and ~index in beta_refs) or (~index in alfa_refs and index in beta_refs)

    # the dissolved outline covers the two gemeenten: same area, no inner ring left
    arcs = []
    for arc in data["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * data["schaal"], y * data["schaal"]))
        arcs.append(points)

    def shape(region):
        rings = []
        for ring in region["rings"]:
            points = []
            for ref in ring:
                arc = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
                points.extend(arc if not points else arc[1:])
            rings.append(shapely.LinearRing(points))
        return shapely.build_area(shapely.GeometryCollection(rings))

    topology = topology_module.Topology(geo.gemeente_topology)
    by_code = topology.rings_by_code()
    gemeenten = shapely.union_all([topology_module.polygon(topology, by_code[a]), topology_module.polygon(topology, by_code[b])])
    alfa = shape(regions["alfa"])
    assert alfa.symmetric_difference(gemeenten).area < 0.002 * gemeenten.area
    assert alfa.intersection(shape(regions["beta"])).area < 1e-6 * alfa.area  # no overlap, and no gap:
    assert shapely.union_all([alfa, shape(regions["beta"])]).geom_type == "Polygon"


def test_layers_legends_and_values(three, geo) -> None:
    root, _ = three
    site = render(root, geo)
    data = map_data(site)
    keys = [layer["key"] for layer in data["lagen"]]
    assert keys[:1] == ["regioplan"]  # and no layer that combines the bouwstenen
    assert keys[1:] == ["regiovisie", "samenwerkingsafspraken", "informatiebeleid", "arbeidsmarkt", "ontzorging", "innovatie-kwaliteit"]
    beta = next(r for r in data["regios"] if r["id"] == "beta")
    assert beta["waarden"]["regioplan"] == ["#009E73", "Regioplan: Openbaar regioplan"]
    assert beta["waarden"]["regiovisie"] == ["#08306b", "Naam van regiovisie: niveau 5 Voorlopen"]
    assert beta["waarden"]["arbeidsmarkt"][0] == "#eff3ff"
    assert beta["href"] == "regios/beta.html"
    # no value: the hatch, never a flat colour that a level could have
    gamma = next(r for r in data["regios"] if r["id"] == "gamma")
    assert gamma["waarden"]["regioplan"] == ["url(#hhz-arcering-geen-waarde)", "Regioplan: Onbekend"]
    assert gamma["waarden"]["innovatie-kwaliteit"] == ["url(#hhz-arcering-geen-waarde)", "Naam van innovatie-kwaliteit: geen gegevens"]
    assert data["geenGegevens"] == "url(#hhz-arcering-geen-regio)"
    page = site.files["kaart.md"].decode("utf-8")
    for key in keys:
        assert f'value="{key}"' in page and f'data-laag="{key}"' in page
    assert page.count('data-laag="regioplan">') == 1  # the first legend is visible, the others hidden
    assert page.count("hidden><p") == len(keys) - 1
    assert page.count("Gemeente zonder regio op deze site</li>") == len(keys)
    assert len(data["overig"]) == 342 - 4  # grey, each with its name
    assert all(item["naam"].endswith(": geen gegevens") for item in data["overig"])
    assert data["provinciegrenzen"]
    assert data["bron"] == "Grenzen: CBS/Kadaster (CC BY 4.0)"


def test_names_are_escaped(three, geo) -> None:
    root, _ = three
    site = render(root, geo)
    gamma = site.files["regios/gamma.md"].decode("utf-8")
    mini = gamma[gamma.index("hhz-minimap-figure") :]
    assert "<img" not in mini[: mini.index("</figure>")]
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; &#34;Co&#34;" in mini or "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Co&quot;" in mini
    data = map_data(site)
    assert next(r for r in data["regios"] if r["id"] == "gamma")["naam"] == EVIL  # text; the script uses textContent
    assert "<img" not in site.files["kaart.md"].decode("utf-8").split("## Tabel bij de kaart")[0]


def test_output_is_deterministic(three, geo) -> None:
    root, _ = three
    first, second = render(root, geo), render(root, geo)
    assert first.files.keys() == second.files.keys()
    for name in first.files:
        assert first.files[name] == second.files[name], name


def test_whole_country_fits_the_geometry_budget(tmp_path: Path, geo) -> None:
    """Every gemeente in a region (one region per province): small, and every outline closes."""
    topology = topology_module.Topology(geo.gemeente_topology)
    province_of = topology_module.province_of_gemeenten(topology, topology_module.Topology(geo.provincie_topology), topology.rings_by_code())
    assert len(province_of) == 342
    members = defaultdict(list)
    for code, province in sorted(province_of.items()):
        members[province].append(code)
    regions = {f"p{code[2:].lower()}": region_yaml(f"p{code[2:].lower()}", codes) for code, codes in members.items()}
    make_project(tmp_path, regions)
    copy_site_sources(tmp_path)
    site = render(tmp_path, geo)
    assert without_cms_warning(site.warnings) == []
    size = len(site.files[webmap.DATA_FILE])
    assert size <= 150_000, size
    data = map_data(site)
    assert len(data["regios"]) == 12 and data["overig"] == []


def _contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_fill_is_told_apart_from_no_data_and_the_background(three, geo) -> None:
    """WCAG 1.4.11 by outline and pattern: every level and regioplan colour is flat, every
    'geen gegevens' (and 'onbekend') a hatch; every swatch and region has an outline of at
    least 3:1 against the white map and page; the patterns are defined in the page."""
    root, _ = three
    site = render(root, geo)
    page = site.files["kaart.md"].decode("utf-8")
    data = map_data(site)
    assert _contrast(data["omlijning"], "#ffffff") >= 3
    legends = re.findall(r'<div class="hhz-map-legend" data-laag="([^"]+)"[^>]*>(.*?)</div>', page)
    assert [key for key, _ in legends] == [layer["key"] for layer in data["lagen"]]
    for key, legend in legends:
        entries = re.findall(r'<li><svg class="hhz-map-swatch"[^>]*><rect [^>]*fill="([^"]+)" stroke="([^"]+)"/></svg> ([^<]+)</li>', legend)
        assert len(entries) == legend.count("<li>") >= 6, key
        for fill, stroke, text in entries:
            assert _contrast(stroke, "#ffffff") >= 3, (key, text)  # outlined
            no_data = "geen gegevens" in text or text in ("Onbekend", "Gemeente zonder regio op deze site")
            if no_data:
                assert fill.startswith("url(#hhz-arcering-"), (key, text)
            else:
                assert re.fullmatch(r"#[0-9a-fA-F]{6}", fill), (key, text)
        if key != "regioplan":  # the five levels, then the two kinds of 'geen gegevens'
            assert [f for f, _s, _t in entries[:5]] == ["#eff3ff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"]
    patterns = dict(re.findall(r'<pattern id="hhz-arcering-([a-z-]+)".*?<path d="[^"]+" stroke="([^"]+)"', page))
    backgrounds = dict(re.findall(r'<pattern id="hhz-arcering-([a-z-]+)"[^>]*><rect width="6" height="6" fill="([^"]+)"', page))
    assert sorted(patterns) == ["geen-regio", "geen-waarde"]
    # the hatch inside a region stands out from its white background; the gemeenten without
    # region are grey (quieter lines), visibly not the white of the map
    assert _contrast(patterns["geen-waarde"], backgrounds["geen-waarde"]) >= 3
    assert _contrast(backgrounds["geen-regio"], "#ffffff") >= 1.2


def test_no_average_anywhere(three, geo) -> None:
    """The site never adds levels across bouwstenen: no 'gemiddeld' on any generated page or
    data file, for the test project and for the shipped data."""
    from helpers import REPO

    root, _ = three
    shipped = validate_root(REPO, geo)
    assert shipped.ok, [d.message for d in shipped.errors]
    for site in (render(root, geo), render_site(REPO, shipped.dataset, geo, SiteConfig())):
        texts = {name: content for name, content in site.files.items() if not name.startswith("assets/leaflet/")}
        assert len(texts) > 20
        found = [name for name, content in texts.items() if b"gemiddeld" in content.lower()]
        assert found == []


def test_home_page_states_how_many_gemeenten_are_covered(tmp_path: Path, geo) -> None:
    """Derived once (derive.coverage): the gemeenten of all regions, of all 342 in the geodata."""
    from hhz.derive.status import coverage

    make_project(
        tmp_path,
        {
            "alfa": region_yaml("alfa", ["GM0828", "GM1948"]),
            "beta": region_yaml("beta", ["GM0268"]),
        },
    )
    copy_site_sources(tmp_path)
    result = validate_root(tmp_path, geo)
    assert result.ok, [d.message for d in result.errors]
    assert coverage(result.dataset, geo.gemeenten).covered == 3
    assert coverage(result.dataset, geo.gemeenten).total == len(geo.gemeenten) == 342
    assert coverage(result.dataset, None).total is None
    home = render(tmp_path, geo).files["index.md"].decode("utf-8")
    assert (
        "**3 van de 342 gemeenten** in Nederland vallen onder een regio op deze site; "
        "voor de andere 339 zijn hier geen gegevens (ze staan grijs op de [kaart](kaart.md))." in home
    )
    home = render(tmp_path, None).files["index.md"].decode("utf-8")
    assert "De regio's op deze site omvatten samen 3 gemeenten." in home and "342" not in home


def test_minimap_paths_are_relative_and_exact_to_a_tenth() -> None:
    """The mini-map's rings: the first point absolute, the rest relative to the one before,
    on a grid of 0.1 px; decoding them gives every point back."""
    from hhz.render.map.minimap import _compact_ring

    cells = [(2530, 2644), (2452, 2675), (2336, 2735), (2330, 2735), (2335, 2740), (2530, 2644)]
    path = _compact_ring(cells)
    assert path == "M253 264.4l-7.8 3.1-11.6 6-.6 0 .5 .5 19.5-9.6Z"
    numbers = [float(n) for n in re.findall(r"-?\d*\.?\d+", path)]
    x, y, points = numbers[0], numbers[1], [(numbers[0], numbers[1])]
    for dx, dy in zip(numbers[2::2], numbers[3::2]):
        x, y = round(x + dx, 1), round(y + dy, 1)
        points.append((x, y))
    assert points == [(cx / 10, cy / 10) for cx, cy in cells]
