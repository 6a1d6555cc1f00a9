"""The standalone SVG scorecard and badge per region (render/embed.py), their embed code on the
region page, their place in the open data index, and data/vergelijk.json (render/compare.py).

Generated in memory from the shipped data (no build); the expected figures come from
``derive``, the function the pages use, never from numbers typed into the test."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import SHIPPED_TODAY
from hhz.config import SiteConfig
from hhz.derive.status import derive
from hhz.render.outputs import render_site
from hhz.render.embed import badge_svg, scorecard_size, scorecard_svg
from hhz.urls import URLS
from hhz.validate import validate_root
from helpers import REPO
from helpers.sites import copy_site_sources
from projectfactory import make_project, region_yaml

TODAY = dt.date(2027, 1, 1)  # a fixed "today" after every shipped date: nothing here reads the clock

SVG = "{http://www.w3.org/2000/svg}"
# Elements and attributes through which an SVG could load or run anything.
LOADING_ELEMENTS = {"image", "use", "script", "style", "foreignObject", "a", "iframe", "feImage", "link"}


@pytest.fixture(scope="module")
def shipped(shipped_dataset):
    """The shipped data on TODAY (conftest.py, shared with the other in-memory audits)."""
    assert TODAY == SHIPPED_TODAY
    return shipped_dataset


def _render(dataset, config: SiteConfig | None = None) -> dict[str, bytes]:
    return render_site(REPO, dataset, None, config=config or SiteConfig(), today=TODAY).files


@pytest.fixture(scope="module")
def files(shipped_files) -> dict[str, bytes]:
    return shipped_files


def _svg(data: bytes) -> ET.Element:
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')
    return ET.fromstring(data)


def _texts(root: ET.Element) -> str:
    return " ".join("".join(el.itertext()) for el in root.iter(f"{SVG}text"))


def test_every_region_has_a_scorecard_with_title_desc_name_date_and_levels(shipped, files) -> None:
    derived = derive(shipped, TODAY)
    for region in shipped.regions:
        status = derived.status(region.id)
        root = _svg(files[URLS.scorecard_svg(region.id)])
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert list(root)[:2] == [title, desc]
        assert region.korte_naam in title.text and region.naam in desc.text
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}" and root.get("role") == "img"
        size = scorecard_size(shipped, status)
        assert (root.get("width"), root.get("height")) == (str(size.width), str(size.height))
        texts = _texts(root)
        assert region.korte_naam in texts
        assert status.current is not None  # every shipped region has an established evaluation
        day = status.current.datum
        assert re.search(rf"\b{day.day} \w+ {day.year}\b", texts)
        assert root.find(f".//{SVG}svg[@class='hhz-chart hhz-radar']") is not None  # the radar
        for b in shipped.bouwstenen:
            level = status.levels[b.id]
            expected = f"{b.naam}: {level} {shipped.niveau(level).naam}" if level is not None else f"{b.naam}: geen gegevens"
            assert expected in texts
            assert expected in desc.text


def test_every_region_has_a_badge_with_its_evaluation_date(shipped, files) -> None:
    derived = derive(shipped, TODAY)
    for region in shipped.regions:
        status = derived.status(region.id)
        root = _svg(files[URLS.badge_svg(region.id)])
        texts = _texts(root)
        assert texts.startswith("Hechte Huisartsenzorg zelfevaluatie ")
        day = status.current.datum
        assert f" {day.day} " in texts and str(day.year) in texts
        assert region.korte_naam in root.find(f"{SVG}title").text


def test_the_svgs_load_nothing_and_name_no_other_file(files) -> None:
    svgs = {path: data for path, data in files.items() if path.endswith(".svg") and path.startswith("regios/")}
    assert len(svgs) >= 20
    for path, data in svgs.items():
        for el in _svg(data).iter():
            tag = el.tag.split("}", 1)[1]
            assert tag not in LOADING_ELEMENTS, (path, tag)
            for name, value in el.attrib.items():
                assert "href" not in name and name != "src" and not name.startswith("on"), (path, name)
                assert "url(" not in value and "://" not in value, (path, name, value)


def test_the_svgs_are_deterministic(shipped, files) -> None:
    again = _render(shipped)
    shared = [p for p in files if p.endswith((".svg", ".xml", ".json"))]
    assert len(shared) > 30
    assert all(again[p] == files[p] for p in shared)


def test_hostile_names_stay_text_in_the_svg(tmp_path: Path) -> None:
    name = '<script>alert(1)</script> & "x" ]]> <!--'
    root = make_project(tmp_path / "p", {"alfa": region_yaml("alfa", ["GM0828"]).replace(
        "korte_naam: ALFA", "korte_naam: " + json.dumps(name))})
    result = validate_root(root, None, today=TODAY)
    assert result.dataset is not None, [d.message for d in result.errors]
    status = derive(result.dataset, TODAY).status("alfa")
    card = scorecard_svg(result.dataset, status, lambda s: "<svg/>", SiteConfig())
    badge = badge_svg(status, SiteConfig())
    for data in (card, badge):
        svg = _svg(data)
        assert name in svg.find(f"{SVG}title").text
        assert not any(el.tag.endswith("script") for el in svg.iter())


def _embed_codes(page: str) -> list[str]:
    return [html.unescape(code) for code in re.findall(r'<pre class="hhz-embed"><code[^>]*>(.*?)</code></pre>', page)]


def test_the_region_page_shows_the_embed_code_as_text(shipped, files) -> None:
    derived = derive(shipped, TODAY)
    for region in shipped.regions:
        page = files[URLS.region(region.id)].decode("utf-8")
        codes = _embed_codes(page)
        size = scorecard_size(shipped, derived.status(region.id))
        card, badge, own = f"{region.id}-scorekaart.svg", f"{region.id}-badge.svg", f"{region.id}.html"
        assert codes[0].startswith(f'<a href="{own}"><img src="{card}" alt="Scorekaart van ')
        assert codes[0].endswith(f'width="{size.width}" height="{size.height}"></a>')
        assert re.fullmatch(rf"\[!\[Scorekaart van [^\]]+\]\({card}\)\]\({own}\)", codes[1])
        assert codes[2].startswith(f'<a href="{own}"><img src="{badge}" alt="Hechte Huisartsenzorg: zelfevaluatie ')
        assert re.fullmatch(rf"\[!\[Hechte Huisartsenzorg: zelfevaluatie [^\]]+\]\({badge}\)\]\({own}\)", codes[3])
        assert f'data-hhz-relatief="{own} {card} {badge}"' in page
        assert 'src="../assets/hhz-insluiten.js"' in page


def test_with_a_site_url_the_embed_code_is_absolute(shipped) -> None:
    files = _render(shipped, SiteConfig(site_url="https://hhz.example.org/site/"))
    region = shipped.regions[0]
    page = files[URLS.region(region.id)].decode("utf-8")
    codes = _embed_codes(page)
    base = "https://hhz.example.org/site/regios/"
    assert codes[0].startswith(f'<a href="{base}{region.id}.html"><img src="{base}{region.id}-scorekaart.svg"')
    assert codes[3].endswith(f"]({base}{region.id}-badge.svg)]({base}{region.id}.html)")
    assert "data-hhz-relatief" not in page and "hhz-insluiten.js" not in page
    assert "https://hhz.example.org/site/" in _texts(_svg(files[URLS.scorecard_svg(region.id)]))


def test_the_open_data_index_lists_every_regions_files(shipped, files) -> None:
    page = files[URLS.open_data].decode("utf-8")
    for region in shipped.regions:
        for path in (URLS.scorecard_svg(region.id), URLS.badge_svg(region.id), URLS.region_feed(region.id)):
            assert f'href="{path}"' in page, path
            assert path in files
    assert f"]({URLS.compare_json})" in page


def test_compare_json_holds_the_derived_levels_by_name_and_no_ranking(shipped, files) -> None:
    data = json.loads(files[URLS.compare_json])
    derived = derive(shipped, TODAY)
    names = [r["korte_naam"] for r in data["regios"]]
    assert names == sorted(names, key=str.casefold)
    assert {r["id"] for r in data["regios"]} == {r.id for r in shipped.regions}
    assert [b["id"] for b in data["bouwstenen"]] == list(shipped.bouwsteen_ids)
    for entry in data["regios"]:
        status = derived.status(entry["id"])
        assert entry["pagina"] == URLS.html(URLS.region(entry["id"])) and entry["scorekaart"] == URLS.scorecard_svg(entry["id"])
        assert entry["datum"] == (status.current.datum.isoformat() if status.current else None)
        for b in shipped.bouwsteen_ids:
            score = entry["bouwstenen"][b]
            assert score["niveau"] == status.levels[b]
            assert score["ontwikkeling_tekst"] == status.trends[b].label
            assert (score["ambitie_tekst"] is None) == (status.ambitions[b] is None)
            assert score["ambitie"] == status.ambitions[b]  # the open mark of the comparison charts
        assert not {"totaal", "gemiddelde", "rang", "positie"} & set(entry)


def test_a_region_without_an_established_evaluation_gets_honest_files(tmp_path: Path) -> None:
    """Only a concept: no radar and no levels, the badge says so, the feed has only the practice."""
    text = region_yaml("alfa", ["GM0828"]).replace("status: vastgesteld", "status: concept")
    root = make_project(tmp_path / "p", {"alfa": text})
    copy_site_sources(root)
    result = validate_root(root, None, today=TODAY)
    assert result.dataset is not None, [d.message for d in result.errors]
    files = render_site(root, result.dataset, None, config=SiteConfig(), today=TODAY).files
    card = _svg(files[URLS.scorecard_svg("alfa")])
    assert card.find(f".//{SVG}svg") is None  # no radar
    assert "Nog geen vastgestelde zelfevaluatie" in _texts(card)
    assert "nog geen niveaus" in card.find(f"{SVG}desc").text
    assert "nog geen zelfevaluatie" in _texts(_svg(files[URLS.badge_svg("alfa")]))
    feed = ET.fromstring(files[URLS.region_feed("alfa")])
    ids = [e.findtext("{http://www.w3.org/2005/Atom}id") for e in feed.iter("{http://www.w3.org/2005/Atom}entry")]
    assert ids == ["tag:hechtehuisartsenzorg.nl,2024:goed-voorbeeld/alfa-voorbeeld"]
    entry = next(r for r in json.loads(files[URLS.compare_json])["regios"] if r["id"] == "alfa")
    assert entry["datum"] is None and all(s["niveau"] is None for s in entry["bouwstenen"].values())
