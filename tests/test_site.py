"""The generated site: pages, safety, open data, determinism, links (issue: the site)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from helpers.builds import copy_built
from helpers.shipped import ENGINES
from helpers.sitecheck import broken_links, html_pages, third_party_resources
from helpers.sites import EXAMPLE_REPO_URL, copy_site_sources
from helpers.trustdata import every_trust_value_in_csv
from projectfactory import BOUWSTEEN_IDS, make_project, region_yaml

# geo_dir and geo_dir_optional (None without geodata) come from conftest.py.


def hhz(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "hhz", *args], cwd=cwd, capture_output=True, text=True, env=full_env
    )


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory, geo_dir_optional, hhz_build) -> Path:
    """A small project (three regions, one stale, one with a newer concept) built with MkDocs."""
    root = tmp_path_factory.mktemp("site")
    low = {b: 2 for b in BOUWSTEEN_IDS} | {"arbeidsmarkt": 1}
    regions = {
        "alfa": region_yaml("alfa", ["GM0828", "GM1948"], levels_old={b: 3 for b in BOUWSTEEN_IDS}, levels_new=low),
        "beta": region_yaml(
            "beta",
            ["GM0268"],
            levels_old={b: 4 for b in BOUWSTEEN_IDS},
            levels_new={b: 4 for b in BOUWSTEEN_IDS} | {"arbeidsmarkt": 5},
        ),
        "gamma": region_yaml("gamma", ["GM1982"]).replace("2025-03-01", "2022-03-01").replace(
            "2024-03-01", "2021-03-01"
        ),
    }
    regions["beta"] = regions["beta"].replace("bouwstenen: [regiovisie]", "bouwstenen: [regiovisie, arbeidsmarkt]")
    regions["alfa"] += (
        "  - id: alfa-concept-test\n    titel: Tweede voorbeeld\n    bouwstenen: [ontzorging]\n"
        "    samenvatting: Kort.\n    tekst: Lang.\n    datum: 2025-01-01\n"
    )
    regions["alfa"] = regions["alfa"].replace(
        "goede_voorbeelden:",
        "  - datum: 2025-09-01\n    status: concept\n    deelnemers: [Bestuur]\n    voorbeeld: true\n"
        "    bouwstenen:\n      regiovisie:\n        niveau: 5\n        toelichting: Concept.\n"
        "goede_voorbeelden:",
    )
    make_project(root, regions)
    copy_site_sources(root, repo_url=EXAMPLE_REPO_URL)
    result = hhz_build(root, "-q", geo_dir=geo_dir_optional, env={"SOURCE_DATE_EPOCH": "1767225600"})  # 2026-01-01
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def page(root: Path, rel: str) -> str:
    return (root / "site" / rel).read_text(encoding="utf-8")


def test_generate_never_touches_handwritten_docs(built: Path) -> None:
    before = tree_digest(built / "docs")
    result = hhz("generate", ".", "-q", cwd=built)
    assert result.returncode == 0, result.stderr
    assert tree_digest(built / "docs") == before
    assert (built / "build" / "docs" / "regios" / "alfa.md").is_file()
    assert (built / "build" / "docs" / "colofon.md").read_bytes() == (built / "docs" / "colofon.md").read_bytes()


def test_generate_with_invalid_data_writes_nothing(tmp_path: Path) -> None:
    make_project(tmp_path)
    copy_site_sources(tmp_path, repo_url=EXAMPLE_REPO_URL)
    path = tmp_path / "regions" / "alfa.yaml"
    path.write_text(path.read_text().replace("niveau: 3", 'niveau: "drie"', 1))
    result = hhz("generate", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert re.search(r"regions/alfa\.yaml:\d+:\d+: fout: `drie` is geen getal; schrijf een getal van 1 tot 5", result.stdout)
    assert not (tmp_path / "build").exists()


def test_generated_page_may_not_shadow_a_handwritten_one(tmp_path: Path) -> None:
    make_project(tmp_path)
    copy_site_sources(tmp_path, repo_url=EXAMPLE_REPO_URL)
    (tmp_path / "docs" / "index.md").write_text("# Eigen home\n")
    result = hhz("generate", ".", cwd=tmp_path)
    assert result.returncode == 2
    assert "index.md" in result.stderr and "botsen" in result.stderr


@pytest.mark.slow  # one build, from a copy of the site factory's
def test_failed_build_keeps_the_previous_site(tmp_path: Path, built_sites) -> None:
    """The small map project as the site factory built it (a complete previous site), then
    a build that fails in the engine: the previous site stays as it was."""
    root = copy_built(built_sites("map", "mkdocs"), tmp_path / "kopie")
    before = tree_digest(root / "site")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - Colofon: colofon.md", "  - Colofon: bestaat-niet.md"))
    result = hhz("build", ".", "-q", cwd=root)
    assert result.returncode == 1
    assert "vorige site is ongewijzigd" in result.stderr
    assert tree_digest(root / "site") == before


@pytest.mark.slow  # one build per engine, compared with the site factory's
@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_two_builds_are_byte_identical(tmp_path: Path, built_sites, hhz_build, geo_dir: Path, engine: str) -> None:
    """The site factory's build of the small map project (three regions, a map, a name full
    of markup) and a second build of a copy of it from scratch (no staging folder, no site),
    made later in another folder: the same files, byte for byte."""
    first = built_sites("map", engine)
    root = copy_built(first, tmp_path / "kopie")
    shutil.rmtree(root / "build")
    shutil.rmtree(root / "site")
    second = hhz_build(root, "--site-dir", str(root / "site"), "--engine", engine, "-q", geo_dir=geo_dir)
    assert second.returncode == 0, second.stdout + second.stderr
    a, b = tree_digest(first / "site"), tree_digest(root / "site")
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []
    assert "regios/alfa.html" in a and "regios/alfa.html.gz" in a and "regios/alfa.html.br" in a


def test_every_page_has_lang_one_h1_and_a_unique_title(built: Path) -> None:
    pages = html_pages(built / "site")
    assert len(pages) > 15
    titles: dict[str, str] = {}
    for rel, info in pages.items():
        assert info.lang == "nl", rel
        assert info.h1_count == 1, f"{rel} has {info.h1_count} h1"
        assert len(info.titles) == 1, rel
        assert info.titles[0] not in titles, f"{rel} and {titles.get(info.titles[0])} share a title"
        titles[info.titles[0]] = rel


def test_no_broken_internal_links_or_anchors(built: Path) -> None:
    pages = html_pages(built / "site")
    assert broken_links(built / "site", pages) == []


@pytest.mark.slow  # builds its project
def test_region_without_a_vastgestelde_zelfevaluatie_breaks_no_anchor(tmp_path: Path) -> None:
    """Only concepts: no current level and no scorecard headings, so the bouwsteen pages
    link to the region page itself, and "Leer van" says why it is empty."""
    regions = {
        "alfa": region_yaml("alfa", ["GM0828"]),
        "delta": region_yaml("delta", ["GM0344"]).replace("status: vastgesteld", "status: concept"),
    }
    make_project(tmp_path, regions)
    copy_site_sources(tmp_path, repo_url=EXAMPLE_REPO_URL)
    result = hhz("build", ".", "-q", cwd=tmp_path, env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.returncode == 0, result.stdout + result.stderr
    pages = html_pages(tmp_path / "site")
    assert broken_links(tmp_path / "site", pages) == []
    bouwsteen = page(tmp_path, "bouwstenen/regiovisie.html")
    assert 'href="../regios/delta.html"' in bouwsteen and 'href="../regios/alfa.html#regiovisie"' in bouwsteen
    delta = page(tmp_path, "regios/delta.html")
    assert "Zodra er een vastgestelde zelfevaluatie is" in delta
    assert "staat op geen enkele bouwsteen op niveau 2 of lager" not in delta


def test_no_resources_from_other_hosts(built: Path) -> None:
    pages = html_pages(built / "site")
    assert third_party_resources(pages) == []
    for css in (built / "site").rglob("*.css"):
        assert "fonts.googleapis" not in css.read_text(encoding="utf-8"), css


def test_scripts_name_no_other_host_and_the_csp_allows_none(built: Path) -> None:
    """Material's bundle can load two scripts from unpkg.com (a polyfill for browsers from
    before 2020, Mermaid for diagrams); the build makes those URLs local, and the CSP would
    block any other host anyway. No source maps are shipped."""
    site = built / "site"
    assert not list(site.rglob("*.map"))
    for css in sorted(site.rglob("*.css")):
        assert "sourceMappingURL" not in css.read_text(encoding="utf-8"), css.name
    for script in sorted(site.rglob("*.js")):
        text = script.read_text(encoding="utf-8")
        assert "unpkg.com" not in text and "sourceMappingURL" not in text, script.name
        for url in re.findall(r"""["'`](https?://[^"'`\s]+)""", text):
            # other URLs in scripts are links, XML namespaces or examples, never fetched
            assert not url.endswith((".js", ".css", ".woff", ".woff2")), f"{script.name}: {url}"
    bundle = next((site / "assets" / "javascripts").glob("bundle.*.min.js")).read_text(encoding="utf-8")
    assert "theme-fallback-disabled/resize-observer-polyfill" in bundle  # the fallback is still there, local
    from hhz.publish.headers import parse_headers_file

    csp = parse_headers_file((site / "_headers").read_text(encoding="utf-8"))["/*"]["Content-Security-Policy"]
    script_src = next(d for d in csp.split("; ") if d.startswith("script-src")).split()[1:]
    assert all(source == "'self'" or source.startswith("'sha256-") for source in script_src), script_src


def test_map_page_fits_its_budget(built: Path, geo_dir: Path) -> None:
    """kaart.html with everything it loads for the map (HTML, Leaflet and our scripts and
    styles, the geometry; the theme's own files excluded, as in benchmarks/map_size.py):
    at most 400 KB, of which geometry at most 150 KB."""
    site = built / "site"
    html = (site / "kaart.html").read_text(encoding="utf-8")
    scripts = re.findall(r'<script[^>]*\ssrc="([^"]+)"', html)
    styles = re.findall(r'<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"', html)
    theme = ("assets/javascripts/", "assets/stylesheets/", "assets/hhz.css", "assets/hhz-kleuren.css", "assets/hhz-filter.js")
    map_files = [url.split("?")[0] for url in scripts + styles if not url.startswith(theme)]
    assert "assets/leaflet/leaflet.js" in map_files and "assets/hhz-kaart-data.js" in map_files
    sizes = {url: (site / url).stat().st_size for url in map_files}
    total = len(html.encode("utf-8")) + sum(sizes.values())
    assert sizes["assets/hhz-kaart-data.js"] <= 150_000
    assert total <= 400_000, sizes


def test_charts_are_small_and_described(built: Path) -> None:
    pages = html_pages(built / "site")
    charts = [svg for info in pages.values() for svg in info.svgs if "hhz-chart" in svg[:200]]
    assert len(charts) >= 6 + 3  # six distributions on home, a radar per region
    for svg in charts:
        assert len(svg.encode()) <= 10_000
        assert "<title id=" in svg and "<desc id=" in svg
        assert "<script" not in svg


def test_home_heatmap_is_alphabetical_and_has_no_total(built: Path) -> None:
    html = page(built, "index.html")
    table = html[html.index("hhz-heatmap") : html.index("</table>", html.index("hhz-heatmap"))]
    names = re.findall(r'<th scope="row"><a href="regios/[a-z0-9-]+\.html">([^<]+)</a>', table)
    assert names == sorted(names) == ["ALFA", "BETA", "GAMMA"]
    assert "totaal" not in table.lower()


def test_region_page_scorecard_trend_banner_and_learning(built: Path) -> None:
    html = page(built, "regios/alfa.html")
    assert "Voorbeeldgegevens" in html
    assert "gedaald van 3 naar 1" in html  # arbeidsmarkt went 3 -> 1
    assert "Bewerk deze gegevens" in html and "/edit/main/regions/alfa.yaml" in html
    # Leer van: alfa is at 1 on arbeidsmarkt, beta is at 5 with a practice tagged arbeidsmarkt
    learn = html[html.index('id="leer-van"') :]
    assert 'href="beta.html"' in learn and "(niveau 5)" in learn
    assert "../goede-voorbeelden/beta-voorbeeld.html" in learn
    # the newer concept is announced but not shown as current (regiovisie stays 2, not 5)
    assert "Concept in de maak" in html
    assert re.search(r'<a href="#regiovisie">[^<]+</a></th><td class="hhz-level[^"]*"[^>]*>2<', html)
    # huisartsen per 10.000 inwoners beside the figure of all regions with those numbers
    assert re.search(
        r"Huisartsen per 10\.000 inwoners</th><td>5,0 \(de 3 regio(?:'|&#39;|&#x27;)s op deze site met deze gegevens samen: 5,0\)",
        html,
    ), html[html.index("Huisartsen per 10.000") - 60 : html.index("Huisartsen per 10.000") + 200]


def test_stale_region_gets_a_warning(built: Path) -> None:
    assert "Verouderd" in page(built, "regios/gamma.html")
    assert "Verouderd" not in page(built, "regios/beta.html")


def test_bouwsteen_page_has_rubric_distribution_regions_and_practices(built: Path) -> None:
    html = page(built, "bouwstenen/arbeidsmarkt.html")
    assert "Niveau 5 van arbeidsmarkt." in html
    assert 'class="hhz-chart hhz-dist"' in html
    assert "beta-voorbeeld.html" in html
    assert html.count('<th scope="row"><a href="../regios/') == 3


def test_good_practice_index_groups_by_bouwsteen_and_provincie(built: Path) -> None:
    html = page(built, "goede-voorbeelden/index.html")
    assert 'id="bouwsteen-arbeidsmarkt"' in html
    assert 'id="noord-brabant"' in html
    assert "alfa-concept-test.html" in html


def test_feed_is_valid_atom(built: Path) -> None:
    root = ET.fromstring((built / "site" / "feed.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    # 3 regions x 2 vastgestelde zelfevaluaties + 4 good practices
    assert len(entries) == 6 + 4


def _leaves(value, path=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, path + (index,))
    else:
        yield path, value


def every_yaml_value_in_open_data(root: Path, site: Path) -> int:
    """Assert that every value written in regions/ and bouwstenen/ (the scale included)
    appears, at the same place, in the open-data JSON; return how many were compared."""
    from hhz.load.source import load_yaml_file

    regios = json.loads((site / "data" / "regios.json").read_text(encoding="utf-8"))
    bouwstenen = json.loads((site / "data" / "bouwstenen.json").read_text(encoding="utf-8"))
    exported = {f"regions/{r['id']}.yaml": r for r in regios["regios"]}
    exported |= {f"bouwstenen/{b['id']}.yaml": b for b in bouwstenen["bouwstenen"]}
    exported["bouwstenen/schaal.yaml"] = regios["schaal"]
    assert bouwstenen["schaal"] == regios["schaal"]
    checked = 0
    for path in sorted((root / "regions").glob("*.yaml")) + sorted((root / "bouwstenen").glob("*.yaml")):
        rel = path.relative_to(root).as_posix()
        doc = load_yaml_file(path, root)
        assert rel in exported, rel
        for loc, value in _leaves(doc.data):
            node = exported[rel]
            for part in loc:
                node = node[part]
            expected = value.isoformat() if hasattr(value, "isoformat") else value
            assert node == expected, (rel, loc)
            checked += 1
    return checked


def test_open_data_contains_every_value_of_the_yaml(built: Path) -> None:
    assert every_yaml_value_in_open_data(built, built / "site") > 300
    rows = list(csv.DictReader(io.StringIO((built / "site" / "data" / "zelfevaluaties.csv").read_text("utf-8"))))
    assert len(rows) == 3 * 2 * 6 + 1  # plus the one-bouwsteen concept
    bouwstenen = json.loads((built / "site" / "data" / "bouwstenen.json").read_text(encoding="utf-8"))
    assert [b["id"] for b in bouwstenen["bouwstenen"]] == list(BOUWSTEEN_IDS)
    assert (built / "site" / "data" / "schemas" / "regio.schema.json").is_file()


HOSTILE = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)>",
    "[klik](javascript:alert(1))",
    "\"'><a href='javascript:alert(1)'>x</a>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "</title><script>alert(1)</script>",
]


@pytest.mark.slow  # builds its project
def test_hostile_text_is_escaped_everywhere(tmp_path: Path) -> None:
    payload = " ".join(HOSTILE)
    text = region_yaml("alfa", ["GM0828"])
    quoted = json.dumps(payload)
    text = text.replace("korte_naam: ALFA", 'korte_naam: "<script>alert(1)</script>"')
    for field in ("naam", "titel", "samenvatting"):
        text = re.sub(rf"^(\s*(?:- )?){field}: .*$", lambda m: f"{m.group(1)}{field}: {quoted}", text, flags=re.M)
    text = text.replace("toelichting: Toelichting bij regiovisie.", f"toelichting: {quoted}")
    text = text.replace("rechtsvorm: coöperatie", f"rechtsvorm: {quoted}")
    text = text.replace("  De regio *deed* iets goeds.", "  " + payload + "\n\n      <a href=\"javascript:alert(2)\" onclick=\"alert(3)\">a</a>")
    make_project(tmp_path, {"alfa": text})
    copy_site_sources(tmp_path, repo_url=EXAMPLE_REPO_URL)
    result = hhz("build", ".", "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    for rel, info in html_pages(tmp_path / "site").items():
        raw = (tmp_path / "site" / rel).read_text(encoding="utf-8")
        assert "<script>alert" not in raw, rel
        assert not re.search(r"<(img|svg|a)\b[^>]*\son\w+=", raw), rel
        for tag, attr, url in info.links:
            assert not url.strip().lower().startswith(("javascript:", "data:")), (rel, url)
        assert "</title><script>" not in raw, rel


# -- the shipped data, built with each engine -------------------------------------------------


@pytest.fixture(scope="module", params=ENGINES)
def shipped_site(request, shipped_builds) -> Path:
    """The repository's own data built with one engine (once per session, see conftest.py)."""
    return shipped_builds(request.param)


def test_shipped_open_data_contains_every_value_of_the_yaml(shipped_site: Path) -> None:
    """The shipped data uses every optional field (ambitie, resultaten, links, scores per groep, ...)."""
    assert every_yaml_value_in_open_data(shipped_site.parent, shipped_site) > 500
    assert every_trust_value_in_csv(shipped_site.parent, shipped_site) > 40  # the CSV too


def test_shipped_site_links_titles_and_hosts(shipped_site: Path) -> None:
    pages = html_pages(shipped_site)
    assert len(pages) >= 35  # 10 regions, 6 bouwstenen, the practices, the overviews
    assert broken_links(shipped_site, pages) == []
    assert third_party_resources(pages) == []
    titles: dict[str, str] = {}
    for rel, info in pages.items():
        if rel == "404.html":
            continue
        assert info.lang == "nl", rel
        assert info.h1_count == 1, f"{rel} has {info.h1_count} h1"
        assert len(info.titles) == 1 and info.titles[0] not in titles, (rel, titles.get(info.titles[0]))
        titles[info.titles[0]] = rel


def test_theme_fixes_on_each_engines_build(shipped_site: Path) -> None:
    """What themefix.py promises, on the real build of each engine. The search dialog's name:
    Material's pages get it from themefix, Zensical writes it itself (so the fix does not apply
    there, and need not). The toc label points at a toggle that exists, no asset names
    unpkg.com, and no source maps are shipped: with both engines."""
    # beheer/ is not a theme page (the form editor, or the page saying it was not built)
    pages = sorted(p for p in shipped_site.rglob("*.html") if p.relative_to(shipped_site).parts[0] != "beheer")
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert text.count('data-md-component="search" role="dialog" aria-label="Zoeken">') == 1, path
        if 'for="__toc"' in text:
            assert 'id="__toc"' in text, path
        # nothing hidden from screen readers stays in the Tab order (Zensical's palette radio)
        assert not re.search(r'<input[^>]*aria-hidden="true"(?![^>]*tabindex="-1")[^>]*>', text), path
    assets = [*shipped_site.rglob("*.js"), *shipped_site.rglob("*.css")]
    assert assets and not [a for a in assets if b"unpkg.com" in a.read_bytes() or b"sourceMappingURL" in a.read_bytes()]
    assert list(shipped_site.rglob("*.map")) == []


@pytest.mark.parametrize(
    ("today", "stale"),
    [("2026-09-01", False), ("2026-09-02", True)],  # the current zelfevaluatie is of 2025-03-01
)
def test_stale_means_older_than_18_months(tmp_path: Path, today: str, stale: bool) -> None:
    import datetime as dt

    from hhz.derive.status import derive, months_later
    from hhz.validate import validate_root

    make_project(tmp_path)
    dataset = validate_root(tmp_path, None, today=dt.date(2026, 9, 1)).dataset
    assert dataset is not None
    status = derive(dataset, dt.date.fromisoformat(today)).status("alfa")
    assert status.current.datum == dt.date(2025, 3, 1)
    assert status.stale is stale
    assert months_later(dt.date(2024, 8, 31), 18) == dt.date(2026, 2, 28)  # a shorter month


def test_radar_joins_only_what_it_knows() -> None:
    """A complete series is a closed shape; with missing values only neighbouring axes that
    both have one are joined (no line through the centre), and every value has a marker."""
    from hhz.render.charts import SERIES, Series, radar_svg

    axes = ["a", "b", "c", "d", "e", "f"]
    svg = radar_svg(
        "r",
        "Titel",
        "Beschrijving",
        axes,
        [Series("huidig", "Nu", [3, 3, 3, 3, 3, 3]), Series("ambitie", "Ambitie", [4, None, None, 5, 5, None])],
        5,
    )
    current, ambition = SERIES["huidig"][0], SERIES["ambitie"][0]
    polygons = [part.split("/>")[0] for part in svg.split("<polygon ")[1:]]
    assert len(polygons) == 5 + 1  # five grid rings and the complete series
    assert sum(f'stroke="{current}"' in p for p in polygons) == 1
    assert not any(f'stroke="{ambition}"' in p for p in polygons)
    lines = [part.split("/>")[0] for part in svg.split("<line ")[1:]]
    ambition_lines = [line for line in lines if f'stroke="{ambition}"' in line]
    assert len(ambition_lines) == 1 + 1  # d-e joined, and the legend's sample line
    assert svg.count(f'fill="{ambition}"/>') == 3 + 1  # a marker per value, and one in the legend


@pytest.mark.slow  # runs both engines
def test_the_same_mkdocs_yml_builds_with_both_engines_directly(tmp_path: Path) -> None:
    """After `hhz generate`, both engines build the unchanged mkdocs.yml themselves (the theme
    overrides in build/theme are written by `hhz generate` and both engines render them)."""
    make_project(tmp_path)
    copy_site_sources(tmp_path, repo_url=EXAMPLE_REPO_URL)
    generated = hhz("generate", ".", "-q", cwd=tmp_path)
    assert generated.returncode == 0, generated.stderr
    zensical = shutil.which("zensical") or str(Path(sys.executable).with_name("zensical"))
    commands = {
        "mkdocs": [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", "mkdocs.yml", "--site-dir", "site-mkdocs"],
        "zensical": [zensical, "build", "--config-file", "mkdocs.yml"],
    }
    for engine, command in commands.items():
        proc = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, f"{engine}: {proc.stdout}{proc.stderr}"
    assert (tmp_path / "site-mkdocs" / "regios" / "alfa.html").is_file()
    assert (tmp_path / "site" / "regios" / "alfa.html").is_file()


def test_theme_fixes_apply_to_materials_markup_only() -> None:
    from hhz.publish.themefix import fixed_page

    material = (
        '<div class="md-search" data-md-component="search" role="dialog">'
        '<label class="md-nav__title" for="__toc"><span class="md-nav__icon md-icon"></span>Inhoud</label>'
    )
    assert fixed_page(material) == (
        '<div class="md-search" data-md-component="search" role="dialog" aria-label="Zoeken">'
        '<div class="md-nav__title"><span class="md-nav__icon md-icon"></span>Inhoud</div>'
    )
    in_nav = material + '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">'
    assert '<label class="md-nav__title" for="__toc">' in fixed_page(in_nav)  # the toggle exists there
    zensical = '<div class="md-search" data-md-component="search" role="dialog" aria-label="Zoeken"><button>'
    assert fixed_page(zensical) == zensical


def test_zensicals_hidden_palette_radio_leaves_the_tab_order() -> None:
    from hhz.publish.themefix import fixed_page

    radio = '<input class="md-option" data-md-color-scheme="default"  aria-hidden="true"  type="radio" name="__palette" id="__palette_0">'
    fixed = fixed_page(radio)
    assert fixed == radio.replace('name="__palette"', 'name="__palette" tabindex="-1"')
    assert fixed_page(fixed) == fixed  # once
    visible = '<input class="md-option" type="radio" name="__palette" id="__palette_1">'
    assert fixed_page(visible) == visible


def test_pages_lose_blank_lines_and_indentation_but_not_preformatted_text() -> None:
    """publish/themefix.compact_page: the themes' blank lines and indentation go (region pages
    stay under their size target), white space inside pre, code, textarea, script and style
    stays exactly (what it shows, and the CSP hashes of inline scripts)."""
    from hhz.publish.themefix import compact_page

    page = (
        "<html>\n  <head>\n\n    <script>\n  var a = 1;\n\n</script>\n    <style>\n  p {}\n</style>\n  </head>\n"
        "  <body>\n\n\n    <pre class=\"x\">a\n\n   b</pre>\n      <p>een\n        twee <code>c\n\n  d</code></p>\n"
        "    <textarea>\n  t\n</textarea>\n  </body>\n</html>\n"
    )
    compact = compact_page(page)
    assert compact == (
        "<html>\n<head>\n<script>\n  var a = 1;\n\n</script>\n<style>\n  p {}\n</style>\n</head>\n"
        "<body>\n<pre class=\"x\">a\n\n   b</pre>\n<p>een\ntwee <code>c\n\n  d</code></p>\n"
        "<textarea>\n  t\n</textarea>\n</body>\n</html>\n"
    )
    assert compact_page(compact) == compact
