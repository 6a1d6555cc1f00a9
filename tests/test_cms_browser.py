"""The form editor in a real browser against a real decap-server, no GitHub.

The project is copied into a temporary git repository and built with ``beheer/``; the test
build's config.yml is the generated one with ``local_backend`` (decap-server on 127.0.0.1,
file mode: saving writes the file). Then, in Chromium: the preview's levels per bouwsteen;
every shipped region file loaded and saved through the form (values, schema line, ``hhz
validate``, ``hhz diff``); a new vastgestelde zelfevaluatie with all six bouwstenen (levels
chosen by their rubric text), a new goed voorbeeld, a new region with three gemeenten picked
by name, and invalid input refused with Dutch messages. After each save the file on disk is
checked, and at the end ``hhz validate`` and ``hhz build`` (the region page's scorecard shows
the saved levels). The editorial workflow runs against a second decap-server in git mode on a
clone (``publish_mode: editorial_workflow`` as published): Opslaan makes a cms/ branch, Klaar,
Publiceren merges it into main. No request may leave 127.0.0.1. Skipped without node,
decap-server, the bundle or (new region) the CBS geodata; on CI (CI=true) those fail.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import time
from pathlib import Path

import pytest
import yaml

from selectolax.lexbor import LexborHTMLParser

from hhz.geo.reference import load_geo_reference
from hhz.render.formats import dutch_date
from hhz.validate import validate_root
from hhz.load.source import load_yaml_text
from helpers import ARTIFACTS
from helpers.browser import Page, need_browser, serve_directory
from helpers.builds import copy_built
from helpers.cms import decap_server, git, hhz, need_cms_tools, save_in_place, form_config_yaml
from helpers.geodata import require_geo_dir
from helpers import rubric as guide

SCHEMA_LINE = "# yaml-language-server: $schema=../schemas/regio.schema.json"
LEVELS = (2, 3, 4, 5, 1, 3)  # per bouwsteen in volgorde: one of each, and a repeat
TIMINGS: dict[str, float] = {}


@pytest.fixture(scope="module")
def cms_project(tmp_path_factory, built_sites) -> Path:
    """A private copy of the shipped project with the form, built (the form writes into it)."""
    need_browser()
    need_cms_tools(server=True)
    root = copy_built(built_sites("shipped-with-form"), tmp_path_factory.mktemp("cms") / "project")
    shutil.copytree(root / "site", root / "published")  # as published: before `site` points it at decap-server
    return root


@pytest.fixture(scope="module")
def dataset(cms_project: Path, geo_dir_optional):
    geo = load_geo_reference(geo_dir_optional) if geo_dir_optional else None
    return validate_root(cms_project, geo).dataset


@pytest.fixture(scope="module")
def site(cms_project: Path, dataset):
    """The built site, its config.yml pointed at decap-server (the test build only)."""
    with decap_server(cms_project) as api:
        (cms_project / "site" / "beheer" / "config.yml").write_bytes(form_config_yaml(dataset, api))
        yield cms_project / "site"
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "cms-timings.json").write_text(json.dumps(TIMINGS, indent=2), encoding="utf-8")


@pytest.fixture
def cms(browser, server):
    wrapper = Page(browser, server)
    wrapper.page.set_default_timeout(20_000)
    yield wrapper
    assert wrapper.foreign == [], f"requests outside 127.0.0.1: {wrapper.foreign}"
    assert wrapper.errors == [], wrapper.errors
    wrapper.close()


def open_collection(cms: Page) -> float:
    """Log in (local backend) and wait for the region list; return the seconds it took."""
    start = time.monotonic()
    cms.page.goto(f"{cms.base}/beheer/index.html")
    cms.page.get_by_role("button", name="Inloggen").click()
    cms.page.get_by_role("link", name=re.compile("^HUMO huisartsenzorg")).wait_for()
    return time.monotonic() - start


def wait_for_form(cms: Page) -> None:
    cms.page.locator("label").filter(has_text=re.compile("^Zelfevaluaties")).first.wait_for()


def wait_for_entry(cms: Page, region_id: str, timeout: float = 20) -> None:
    """Wait until the form shows this region (a hash change keeps the old form a moment)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = ids(cms, "Id")
        if found and cms.page.locator(f"[id='{found[0]}']").input_value() == region_id:
            return
        cms.page.wait_for_timeout(100)
    raise AssertionError(f"het formulier toont {region_id} niet")


def open_region(cms: Page, name: str) -> float:
    open_collection(cms)
    start = time.monotonic()
    cms.page.get_by_role("link", name=re.compile("^" + re.escape(name))).click()
    wait_for_form(cms)
    return time.monotonic() - start


def ids(cms: Page, label: str) -> list[str]:
    """The input ids of the visible fields with this label (Decap's <label for=…>)."""
    labels = cms.page.locator("label:visible").filter(has_text=re.compile("^" + re.escape(label) + r"( \(optioneel\))?$"))
    return [item.get_attribute("for") for item in labels.all()]


def field(cms: Page, label: str, index: int = -1):
    found = ids(cms, label)
    assert found, f"geen zichtbaar veld {label!r}"
    return cms.page.locator(f"[id='{found[index]}']")


def choose(cms: Page, control, option: str | re.Pattern) -> None:
    control.click()
    cms.page.get_by_role("option", name=option).first.click()


def add_item(cms: Page, list_label: str, value: str) -> None:
    cms.page.get_by_role("button", name=f"Voeg {list_label} toe").last.click()  # the newest item's list
    field(cms, "Waarde").fill(value)


def publish(cms: Page) -> None:
    cms.page.get_by_role("button", name="Publiceer", exact=True).click()
    cms.page.get_by_role("menuitem", name="Publiceer nu").click()


def wait_for_file(cms: Page, path: Path, needle: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        if needle in text:
            return text
        cms.page.wait_for_timeout(200)  # not time.sleep: the request router must keep running
    ARTIFACTS.mkdir(exist_ok=True)
    cms.page.screenshot(path=str(ARTIFACTS / f"cms-{path.stem}.png"), full_page=True)
    shown = cms.page.locator("body").inner_text()[:1500]
    raise AssertionError(f"{path.name} bevat {needle!r} niet na opslaan; het formulier toont:\n{shown}")


def wait_for_write(cms: Page, path: Path, stamp: int, timeout: float = 30) -> str:
    """The file's text once it was written again after ``stamp`` (its old st_mtime_ns)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.stat().st_mtime_ns != stamp:
            cms.page.wait_for_timeout(300)  # let the write finish
            return path.read_text(encoding="utf-8")
        cms.page.wait_for_timeout(200)
    raise AssertionError(f"{path.name} is niet opnieuw geschreven na opslaan")


def table_rows(tables, caption: str) -> dict[str, str]:
    """Row header -> cells of the table with this caption (selectolax or Playwright)."""
    for table in tables:
        if table["caption"] == caption:
            return table["rows"]
    raise AssertionError(f"geen tabel {caption!r} in {[t['caption'] for t in tables]}")


def html_tables(html: str) -> list[dict]:
    tables = []
    for table in LexborHTMLParser(html).css("table"):
        caption = table.css_first("caption")
        rows = {
            row.css_first("th").text(strip=True): [cell.text(separator=" ", strip=True) for cell in row.css("td")]
            for row in table.css("tbody tr")
            if row.css_first("th")
        }
        tables.append({"caption": caption.text(strip=True) if caption else "", "rows": rows})
    return tables


def preview_tables(cms: Page) -> list[dict]:
    """The tables of Decap's preview pane, one per zelfevaluatie (not the scorecard: tests/
    test_cms_lastyear.py), read inside its iframe."""
    frame = next(f for f in cms.page.frames if f != cms.page.main_frame)
    return frame.evaluate(
        """() => [...document.querySelectorAll("table:not(.hhz-scorecard)")].map(t => ({
          caption: t.caption ? t.caption.textContent.trim() : "",
          rows: Object.fromEntries([...t.tBodies[0].rows].map(r => [r.cells[0].textContent.trim(), r.cells[1].textContent.trim()])),
        }))"""
    )


def level_label(dataset, level: int) -> str:
    """What the form and the preview call a level: "4 · Verankeren"."""
    return f"{level} · " + next(n.naam for n in dataset.schaal.niveaus if n.niveau == level)


def block_label(bouwsteen) -> str:
    """The form's (and the preview's) name of a bouwsteen block: "1. Regiovisie"."""
    return f"{bouwsteen.volgorde}. {bouwsteen.naam}"


def expected_preview(dataset, evaluation) -> dict[str, str]:
    return {
        block_label(b): level_label(dataset, evaluation.bouwstenen[b.id].niveau) if b.id in evaluation.bouwstenen else "niet ingevuld"
        for b in dataset.bouwstenen
    }


def values(text: str, name: str):
    doc = load_yaml_text(text, f"regions/{name}")
    assert not doc.diagnostics, [d.message for d in doc.diagnostics]
    return doc.data


def test_the_cms_opens_with_the_region_collection(cms: Page, cms_project: Path, dataset) -> None:
    TIMINGS["collection_s"] = round(open_collection(cms), 2)
    links = cms.page.get_by_role("link").all_inner_texts()
    regions = sorted(p.stem for p in (cms_project / "regions").glob("*.yaml"))
    assert len([t for t in links if t and t not in ("Inhoud", "Regio's") and "Regio" != t.strip("＋ ")]) >= len(regions)
    cms.page.get_by_role("link", name=re.compile("^HUMO huisartsenzorg")).click()
    start = time.monotonic()
    wait_for_form(cms)
    TIMINGS["form_s"] = round(time.monotonic() - start, 2)
    assert field(cms, "Id", 0).input_value() == "humo"
    preview = cms.page.frame_locator("iframe").first
    preview.get_by_text("Zelfevaluatie 2025-10-14, vastgesteld").wait_for()
    shown = preview_tables(cms)
    humo = dataset.region("humo")
    assert len(shown) == len(humo.zelfevaluaties)
    for evaluation in humo.zelfevaluaties:
        rows = table_rows(shown, f"Zelfevaluatie {evaluation.datum.isoformat()}, {evaluation.status}")
        assert rows == expected_preview(dataset, evaluation), evaluation.datum
    assert table_rows(shown, "Zelfevaluatie 2025-10-14, vastgesteld")["1. Regiovisie"] == "4 · Verankeren"


BROWSER_TWICE = ("humo", "neo")  # the two largest files: also saved back through the form


def save_naam(cms: Page, path: Path, naam: str) -> str:
    """Set the region's name in the open form, save, and return the file as written."""
    stamp = path.stat().st_mtime_ns
    field(cms, "Naam", 0).fill(naam)
    assert field(cms, "Naam", 0).input_value() == naam, path.name
    publish(cms)
    return wait_for_write(cms, path, stamp)


def test_every_shipped_region_survives_load_and_save_through_the_form(
    cms: Page, cms_project: Path, geo_dir_optional, tmp_path: Path
) -> None:
    """Open each shipped file in the form and save it with one change, the name (Decap saves
    only an entry that differs from the file): every other value stays and the schema line
    stays. So every region's values pass through Decap's widgets (defaults, lists, selects,
    dates, the guided zelfevaluatie widget) and decap-server's write, which the node test of
    the format alone (tests/test_cms_config.py) does not see. For two files the form then
    loads its own output and saves the name back (the browser's second save); for all of
    them the format, given the text as the form wrote it, saves it unchanged in node and must
    give the same text (what that second save adds beyond the widgets). With the name put back, `hhz validate`
    passes and `hhz diff` sees no content change. Runs before the tests that add entries;
    the files are restored from git at the end."""
    paths = sorted((cms_project / "regions").glob("*.yaml"))
    assert len(paths) >= 10 and {p.stem for p in paths} >= set(BROWSER_TWICE)
    open_collection(cms)
    start = time.monotonic()
    saved: dict[str, str] = {}
    for path in paths:
        before = values(path.read_text(encoding="utf-8"), path.name)
        cms.page.goto(f"{cms.base}/beheer/index.html#/collections/regios")
        cms.page.get_by_role("link", name=re.compile("^" + re.escape(before["naam"]))).first.click()
        wait_for_entry(cms, path.stem)
        assert field(cms, "Naam", 0).input_value() == before["naam"], path.name
        text = save_naam(cms, path, before["naam"] + " x")
        assert text.splitlines()[0] == SCHEMA_LINE, path.name
        assert values(text, path.name) == {**before, "naam": before["naam"] + " x"}, path.name
        if path.stem in BROWSER_TWICE:
            cms.page.reload()  # the editor compares with the entry as loaded: load the saved one
            wait_for_entry(cms, path.stem)
            text = save_naam(cms, path, before["naam"])
            assert text.splitlines()[0] == SCHEMA_LINE, path.name
            assert values(text, path.name) == before, path.name
        else:  # the name put back in the text as the form wrote it (a plain line: nothing else moves)
            line = f"naam: {before['naam']} x\n"
            assert text.count(line) == 1, (path.name, line)
            text = text.replace(line, f"naam: {before['naam']}\n")
        saved[path.name] = text
    TIMINGS["round_trip_all_s"] = round(time.monotonic() - start, 2)
    config = yaml.safe_load((cms_project / "site" / "beheer" / "config.yml").read_text(encoding="utf-8"))
    (regios,) = config["collections"]
    again = save_in_place([(text, None) for text in saved.values()], tmp_path / "node", regios["fields"])
    assert dict(zip(saved, again)) == saved, [name for name, text in zip(saved, again) if text != saved[name]]
    for name, text in saved.items():
        (cms_project / "regions" / name).write_text(text, encoding="utf-8")
        assert values(text, name) == values(git(cms_project, "show", f"HEAD:regions/{name}"), name), name
    checked = hhz(cms_project, "validate", ".", geo_dir=geo_dir_optional)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    diff = hhz(cms_project, "diff", "HEAD", geo_dir=geo_dir_optional)
    assert diff.returncode == 0, diff.stdout + diff.stderr
    assert "Geen inhoudelijke wijzigingen" in diff.stdout, diff.stdout
    git(cms_project, "checkout", "-q", "--", "regions")  # the later tests start from the shipped files


def test_a_new_vastgestelde_zelfevaluatie_chosen_by_rubric_text(cms: Page, cms_project: Path, dataset) -> None:
    path = cms_project / "regions" / "humo.yaml"
    before = values(path.read_text(encoding="utf-8"), "humo.yaml")
    TIMINGS["open_region_s"] = round(open_region(cms, "HUMO huisartsenzorg"), 2)
    cms.page.get_by_role("button", name="Voeg zelfevaluaties toe").click()
    field(cms, "Datum").fill("2026-01-15")
    choose(cms, field(cms, "Status"), "vastgesteld")
    add_item(cms, "deelnemers", "Regioraad")
    add_item(cms, "deelnemers", "2025-01-01")  # text that looks like a date (issue 23): saved as text
    widget = guide.guided(cms.page)
    for bouwsteen, level in zip(dataset.bouwstenen, LEVELS, strict=True):  # each level chosen on its rubric card
        rubric = " ".join(next(n.tekst for n in bouwsteen.niveaus if n.niveau == level).split())
        guide.levels(widget, block_label(bouwsteen)).get_by_role("radio", name=re.compile(re.escape(rubric[:60]))).click()
        guide.write_toelichting(widget, block_label(bouwsteen), f"Formulier: {bouwsteen.naam} op niveau {level}.")
    shown = table_rows(preview_tables(cms), "Zelfevaluatie 2026-01-15, vastgesteld")
    assert shown == {block_label(b): level_label(dataset, level) for b, level in zip(dataset.bouwstenen, LEVELS)}
    publish(cms)
    text = wait_for_file(cms, path, "2026-01-15")
    assert text.splitlines()[0] == SCHEMA_LINE
    after = values(text, "humo.yaml")
    new = after["zelfevaluaties"][-1]
    assert after["zelfevaluaties"][:-1] == before["zelfevaluaties"]
    assert {k: v for k, v in after.items() if k != "zelfevaluaties"} == {k: v for k, v in before.items() if k != "zelfevaluaties"}
    assert new["status"] == "vastgesteld" and new["deelnemers"] == ["Regioraad", "2025-01-01"]
    # quoted as our loader needs; a flow list like the zelfevaluatie before it (the file is edited in place)
    assert new.get("voorbeeld", False) is False and '    deelnemers: [Regioraad, "2025-01-01"]\n' in text
    assert {b: s["niveau"] for b, s in new["bouwstenen"].items()} == dict(zip([b.id for b in dataset.bouwstenen], LEVELS))
    assert list(new["bouwstenen"]) == [b.id for b in dataset.bouwstenen]


def test_a_new_goed_voorbeeld(cms: Page, cms_project: Path) -> None:
    path = cms_project / "regions" / "hcwb.yaml"
    before = values(path.read_text(encoding="utf-8"), "hcwb.yaml")
    open_region(cms, "Huisartsen Coöperatie West-Brabant")
    cms.page.get_by_role("button", name="Voeg goede voorbeelden toe").click()
    field(cms, "Id").fill("hcwb-formulier-voorbeeld")
    field(cms, "Titel").fill("Een voorbeeld uit het formulier")
    choose(cms, field(cms, "Bouwstenen"), "Arbeidsmarkt")
    field(cms, "Samenvatting").fill("Kort: zo werkt het.")
    field(cms, "Tekst").fill("Eerste alinea.\n\nTweede alinea met *nadruk*.")
    field(cms, "Datum").fill("2025-11-01")
    publish(cms)
    text = wait_for_file(cms, path, "hcwb-formulier-voorbeeld")
    assert text.splitlines()[0] == SCHEMA_LINE
    after = values(text, "hcwb.yaml")
    new = after["goede_voorbeelden"][-1]
    assert after["goede_voorbeelden"][:-1] == before.get("goede_voorbeelden", [])
    assert new["bouwstenen"] == ["arbeidsmarkt"] and new["tekst"] == "Eerste alinea.\n\nTweede alinea met *nadruk*."
    assert str(new["datum"]) == "2025-11-01"


def _free_gemeenten(dataset, geo_dir: Path, count: int) -> tuple[str, list[tuple[str, str]]]:
    """A provincie and ``count`` of its gemeenten that no region has yet (name, code)."""
    from hhz.validate.provinces import provincie_names

    provincie_of = provincie_names(load_geo_reference(geo_dir))
    used = {code for region in dataset.regions for code in region.gemeenten}
    free = sorted((name, code) for code, name in dataset.gemeente_namen.items() if code not in used)
    provincie = sorted({provincie_of[code] for _name, code in free if code in provincie_of})[0]
    return provincie, [(name, code) for name, code in free if provincie_of.get(code) == provincie][:count]


def test_a_new_region_with_three_gemeenten_picked_by_name(cms: Page, cms_project: Path, dataset, geo_dir_optional) -> None:
    geo_dir = require_geo_dir()  # without the CBS list gemeenten are codes: skipped, or fails on CI
    assert dataset.gemeente_namen, "CBS-geodata gevonden maar geen gemeentenamen geladen"
    provincie, picked = _free_gemeenten(dataset, geo_dir, 3)
    open_collection(cms)
    cms.page.goto(f"{cms.base}/beheer/index.html#/collections/regios/new")
    field(cms, "Id").fill("formulier-regio")
    field(cms, "Naam").fill("Formulierregio huisartsenzorg")
    field(cms, "Korte naam").fill("Formulierregio")
    choose(cms, field(cms, "Provincies"), provincie)
    for name, _code in picked:
        control = field(cms, "Gemeenten")
        control.fill(name)
        cms.page.get_by_role("option", name=re.compile("^" + re.escape(name) + r" \(GM")).first.click()
    cms.page.get_by_role("button", name="Voeg organisaties toe").click()
    field(cms, "Naam").fill("Formulierregio coöperatie")
    choose(cms, field(cms, "Soort organisatie"), "Regio-organisatie")
    for heading in ("Governance", "Kerngegevens", "Regioplan"):  # region details start folded
        expand(cms, heading, 0)
    field(cms, "Rechtsvorm").fill("coöperatie")
    field(cms, "Mandaat").fill("De leden geven het bestuur opdracht.")
    field(cms, "Bron").fill("Eigen telling")
    choose(cms, field(cms, "Status", 0), "Onbekend")
    publish(cms)
    path = cms_project / "regions" / "formulier-regio.yaml"
    text = wait_for_file(cms, path, "Formulierregio")
    assert text.splitlines()[0] == SCHEMA_LINE
    data = values(text, "formulier-regio.yaml")
    assert data["gemeenten"] == [code for _name, code in picked] and data["provincies"] == [provincie]
    assert data["organisaties"] == [{"naam": "Formulierregio coöperatie", "type": "regio-organisatie"}]
    assert "zelfevaluaties" not in data and "goede_voorbeelden" not in data  # no empty items


def test_invalid_input_is_refused_with_dutch_messages(cms: Page, cms_project: Path) -> None:
    before = git(cms_project, "status", "--porcelain")
    open_region(cms, "HUMO huisartsenzorg")
    field(cms, "Id", 0).fill("Foute Id")
    cms.page.get_by_role("button", name="Voeg zelfevaluaties toe").click()
    publish(cms)
    cms.page.get_by_text("Oeps, sommige verplichte velden zijn niet ingevuld.").wait_for()
    body = " ".join(cms.page.locator("body").text_content().split())
    assert "Id komt niet overeen met het patroon: alleen kleine letters, cijfers en koppeltekens" in body
    assert "Status is vereist." in body  # an empty date or list is left to hhz validate
    cms.page.wait_for_timeout(1000)
    assert git(cms_project, "status", "--porcelain") == before  # nothing was written
    cms.errors.clear()  # Decap reports the refused save as an uncaught `undefined`


@pytest.mark.slow  # builds the site again after the form saved
def test_hhz_validate_and_build_show_what_the_form_saved(cms_project: Path, site: Path, dataset, geo_dir_optional) -> None:
    checked = hhz(cms_project, "validate", ".", geo_dir=geo_dir_optional)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    changed = git(cms_project, "status", "--porcelain", "regions")
    assert "humo.yaml" in changed and "hcwb.yaml" in changed
    built = hhz(cms_project, "build", ".", "--site-dir", "site-na", "-q", geo_dir=geo_dir_optional)
    assert built.returncode == 0, built.stdout + built.stderr
    humo = (cms_project / "site-na" / "regios" / "humo.html").read_text(encoding="utf-8")
    assert "Formulier: Regiovisie op niveau 2." in humo
    previous = max((e for e in dataset.region("humo").zelfevaluaties if e.status == "vastgesteld"), key=lambda e: e.datum)
    saved = dt.date(2026, 1, 15)
    stand = f"Stand volgens de zelfevaluatie van {dutch_date(saved)}, vergeleken met {dutch_date(previous.datum)}"
    assert stand in " ".join(LexborHTMLParser(humo).body.text(separator=" ").split())
    scorecard = table_rows(html_tables(humo), f"Scorekaart {dataset.region('humo').korte_naam}: niveau per bouwsteen")
    assert list(scorecard) == [b.naam for b in dataset.bouwstenen]
    for bouwsteen, level in zip(dataset.bouwstenen, LEVELS, strict=True):
        current, before = scorecard[bouwsteen.naam][:2]
        assert current == f"{level} {dataset.niveau(level).naam}", bouwsteen.naam  # number and name (issue 26)
        assert before == str(previous.bouwstenen[bouwsteen.id].niveau), bouwsteen.naam
    assert (cms_project / "site-na" / "goede-voorbeelden" / "hcwb-formulier-voorbeeld.html").is_file()
    if "formulier-regio.yaml" in changed:
        assert (cms_project / "site-na" / "regios" / "formulier-regio.html").is_file()


def problems_shown(cms: Page) -> list[str]:
    """The messages of the list that stopped the save (site_templates/beheer/hhz-checks.js)."""
    box = cms.page.locator("#hhz-problemen[role=alert]")
    box.wait_for()
    return [" ".join(item.split()) for item in box.locator("li").all_text_contents()]


def refused(cms: Page, cms_project: Path, path: Path) -> list[str]:
    """Save, and return the problems shown; the file on disk must not have changed."""
    before, status = path.read_bytes(), git(cms_project, "status", "--porcelain")
    cms.page.evaluate("document.getElementById('hhz-problemen')?.remove()")
    publish(cms)
    shown = problems_shown(cms)
    cms.page.get_by_text("Kan item niet opslaan: verbeter eerst de punten in de lijst.").first.wait_for()  # Decap's notice
    cms.page.wait_for_timeout(1000)
    assert path.read_bytes() == before and git(cms_project, "status", "--porcelain") == status
    cms.errors.clear()  # Decap reports the refused save as an uncaught error
    return shown


def expand(cms: Page, heading: str, index: int = -1) -> None:
    """Open a folded object field (Decap's expand button next to its heading)."""
    buttons = cms.page.locator(
        f"xpath=//div[./button[@data-testid='expand-button'] and normalize-space(.)='{heading}']/button >> visible=true"
    )
    buttons.nth(index if index >= 0 else buttons.count() + index).click()


def test_mistakes_are_caught_before_saving_in_plain_dutch(cms: Page, cms_project: Path, dataset, geo_dir_optional) -> None:
    """Each mistake the validator refuses is refused by the form before the file is written
    (no date, no deelnemers, a niveau without toelichting, a date taken twice, an ambitie
    below the level), with plain Dutch messages without line numbers, and the form goes to
    the first; corrected, it saves and `hhz validate` accepts it."""
    path = cms_project / "regions" / "humo.yaml"
    taken = min(e.datum for e in dataset.region("humo").zelfevaluaties)
    first = dataset.bouwstenen[0]
    where = f"{first.volgorde}. {first.naam}"
    open_region(cms, "HUMO huisartsenzorg")
    cms.page.get_by_role("button", name="Voeg zelfevaluaties toe").click()
    choose(cms, field(cms, "Status"), "concept")
    widget = guide.guided(cms.page)
    guide.choose_level(widget, where, 4)
    shown = refused(cms, cms_project, path)
    ARTIFACTS.mkdir(exist_ok=True)
    cms.page.screenshot(path=str(ARTIFACTS / "cms-checks-before-saving.png"))  # for a reviewer's eye
    nameless = next(m.split(":")[0] for m in shown if "(zonder datum)" in m)
    assert shown == [
        f"{nameless}: vul de datum in.",
        f"{nameless}: vul de deelnemers in.",
        f"{nameless}, {where}: vul het veld toelichting in; een bouwsteen die je invult, heeft een niveau en een toelichting.",
    ], shown
    assert not any(re.search(r"regel|line|\d+:\d+|yaml", m, re.I) for m in shown), shown
    datum = field(cms, "Datum")  # the first problem: the form went there
    cms.page.wait_for_function("id => document.activeElement && document.activeElement.id === id", arg=datum.get_attribute("id"), timeout=5000)

    datum.fill(taken.isoformat())
    add_item(cms, "deelnemers", "Regioraad")
    guide.write_toelichting(widget, where, "Formulier: controle vóór opslaan.")
    guide.choose_ambitie(widget, where, 4, 2027)
    guide.choose_level(widget, where, 5)  # the ambitie (4) now lies below the level
    assert "De ambitie (niveau 4) ligt onder het gekozen niveau 5" in guide.ambitie_group(widget, where).inner_text()
    shown = refused(cms, cms_project, path)
    day = dutch_date(taken)
    assert shown == [
        f"Er zijn twee zelfevaluaties van {day}: geef elke zelfevaluatie een eigen datum.",
        f"Zelfevaluatie van {day}, {where}: de ambitie (niveau 4) ligt onder het gekozen niveau 5. "
        "Kies een ambitie op of boven het huidige niveau.",
    ], shown

    field(cms, "Datum").fill("2026-03-02")
    guide.ambitie_group(widget, where).get_by_role("radio", name=re.compile(r"^5 · ")).click()
    stamp = path.stat().st_mtime_ns
    publish(cms)
    text = wait_for_write(cms, path, stamp)
    assert "2026-03-02" in text and cms.page.locator("#hhz-problemen").count() == 0
    new = next(e for e in values(text, "humo.yaml")["zelfevaluaties"] if str(e["datum"]) == "2026-03-02")
    assert new["status"] == "concept" and new["deelnemers"] == ["Regioraad"]
    assert new["bouwstenen"] == {
        first.id: {"niveau": 5, "toelichting": "Formulier: controle vóór opslaan.", "ambitie": {"niveau": 5, "jaar": 2027}}
    }
    checked = hhz(cms_project, "validate", ".", geo_dir=geo_dir_optional)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_removing_a_zelfevaluatie_asks_first(cms: Page, cms_project: Path) -> None:
    """Decap's ✕ on a zelfevaluatie asks before it removes (issue 24); a deelnemer does not."""
    open_region(cms, "HUMO huisartsenzorg")
    cms.page.get_by_role("button", name="Voeg zelfevaluaties toe").click()
    field(cms, "Datum").fill("2026-04-01")
    choose(cms, field(cms, "Status"), "concept")
    add_item(cms, "deelnemers", "Bestuur")
    dates = cms.page.locator("input[type=date]:visible")
    count = dates.count()
    bar = "div[*[1][self::button] and *[last()][self::button]]"
    remove = field(cms, "Datum").locator(f"xpath=ancestor::div[preceding-sibling::{bar}][1]/preceding-sibling::{bar}[1]/*[last()]")
    asked: list[str] = []
    cms.page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    remove.click()
    cms.page.wait_for_timeout(300)
    assert asked == ["Weet je zeker dat je de zelfevaluatie van 1 april 2026 (concept) wilt verwijderen?"], asked
    assert dates.count() == count  # kept
    cms.page.once("dialog", lambda d: (asked.append(d.message), d.accept()))
    remove.click()
    cms.page.wait_for_timeout(300)
    assert len(asked) == 2 and dates.count() == count - 1  # removed (from the form; not saved)
    cms.page.get_by_role("button", name="Voeg zelfevaluaties toe").click()
    add_item(cms, "deelnemers", "Bestuur")
    deelnemer = field(cms, "Waarde").locator(f"xpath=ancestor::div[preceding-sibling::{bar}][1]/preceding-sibling::{bar}[1]/*[last()]")
    deelnemer.click()  # a deelnemer goes at once (Playwright would dismiss a dialog, and keep it)
    cms.page.wait_for_timeout(300)
    assert len(asked) == 2 and ids(cms, "Waarde") == []


def test_a_small_screen_is_told_which_width_works(cms: Page) -> None:
    """Decap's layout is 800 px wide and cannot be scrolled sideways: at 390 px beheer/ says so
    (and the message can be put away); at 1366 px it is not shown."""
    message = cms.page.locator("#hhz-klein-scherm")
    cms.page.set_viewport_size({"width": 390, "height": 844})
    open_collection(cms)
    assert message.is_visible()
    assert "minstens 800 pixels breed" in " ".join(message.inner_text().split())
    box = message.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["y"] + box["height"] <= 844
    ARTIFACTS.mkdir(exist_ok=True)
    cms.page.screenshot(path=str(ARTIFACTS / "cms-small-screen-390.png"))
    cms.page.get_by_role("button", name="Toch proberen").click()
    assert not message.is_visible()
    cms.page.set_viewport_size({"width": 1366, "height": 900})
    cms.page.reload()
    cms.page.get_by_role("link", name=re.compile("^HUMO huisartsenzorg")).wait_for()
    assert not message.is_visible()


def test_beheer_runs_under_its_own_csp(browser, cms_project: Path) -> None:
    """The built beheer/ (GitHub backend, as published) under the policy of its <meta> tag and
    of `_headers`: Decap starts and offers the GitHub login, without a single violation."""
    from hhz.publish.headers import beheer_headers, beheer_policy

    published = cms_project / "published"
    headers = beheer_headers({})
    assert headers["Content-Security-Policy"] == beheer_policy()
    with serve_directory(published, headers=headers) as base:
        context = browser.new_context()  # no bypass_csp: the policy applies
        page = context.new_page()
        violations: list[str] = []
        foreign: list[str] = []
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith(base) and not r.url.startswith("data:") else None)
        page.goto(f"{base}/beheer/index.html")
        page.get_by_role("button", name="Inloggen met GitHub").wait_for(timeout=20_000)
        context.close()
    assert violations == [] and foreign == []


def test_the_editorial_workflow_saves_on_a_branch_and_publishes_to_main(
    cms: Page, cms_project: Path, dataset, tmp_path: Path
) -> None:
    """decap-server in git mode on a clone of the project, with `publish_mode:
    editorial_workflow` as published: Opslaan commits to a cms/ branch (main unchanged), the
    status goes to Klaar, Publiceren merges the branch into main."""
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(cms_project), str(clone))
    git(clone, "config", "user.name", "decap-test")
    git(clone, "config", "user.email", "decap-test@example.org")
    original = git(clone, "show", "main:regions/humo.yaml")
    with decap_server(clone, mode="git") as api:
        body = form_config_yaml(dataset, api, editorial=True)
        cms.page.route("**/beheer/config.yml", lambda route: route.fulfill(body=body, content_type="text/yaml"))
        open_region(cms, "HUMO huisartsenzorg")
        field(cms, "Korte naam", 0).fill("HUMO-werkstroom")
        cms.page.get_by_role("button", name="Opslaan", exact=True).click()
        cms.page.get_by_role("button", name=re.compile("^Publicatie: in bewerking")).wait_for()
        branches = git(clone, "branch", "--list", "cms/*").split()
        assert branches == ["cms/regios/humo"], branches
        assert git(clone, "show", "main:regions/humo.yaml") == original
        assert "HUMO-werkstroom" in git(clone, "show", "cms/regios/humo:regions/humo.yaml")
        cms.page.get_by_role("button", name=re.compile("^Publicatie: in bewerking")).click()
        cms.page.get_by_role("menuitem", name="klaar om te publiceren").click()
        cms.page.get_by_role("button", name=re.compile("^Publicatie: klaar om te publiceren")).wait_for()
        assert git(clone, "config", "branch.cms/regios/humo.description").strip() == "decap-cms/pending_publish"  # Klaar
        confirmations: list[str] = []
        cms.page.once("dialog", lambda d: (confirmations.append(d.message), d.accept()))
        publish(cms)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (
            "HUMO-werkstroom" not in git(clone, "show", "main:regions/humo.yaml") or git(clone, "branch", "--list", "cms/*")
        ):  # merged into main, then the branch is removed
            cms.page.wait_for_timeout(200)
    published = git(clone, "show", "main:regions/humo.yaml")
    assert confirmations, "Decap vraagt bevestiging voor het publiceren"
    assert "HUMO-werkstroom" in published, f"niet gepubliceerd naar main (bevestiging: {confirmations})"
    assert published.splitlines()[0] == SCHEMA_LINE
    after, before = values(published, "humo.yaml"), values(original, "humo.yaml")
    assert after.pop("korte_naam") == "HUMO-werkstroom" and before.pop("korte_naam") != "HUMO-werkstroom"
    assert after == before
    assert git(clone, "branch", "--list", "cms/*").split() == []  # merged and removed


def test_after_a_github_login_nothing_leaves_the_machine_and_githubstatus_stays_blocked(browser, cms_project: Path) -> None:
    """beheer/ as published, under its CSP, with a logged-in editor (Decap's stored user) and
    api.github.com answered by a local stub: the collection opens without a CSP violation.
    Five minutes later (Playwright's clock) Decap asks www.githubstatus.com for GitHub's status:
    the CSP blocks it, as the README decides, and Decap carries on."""
    import yaml

    from hhz.publish.headers import beheer_headers
    from helpers.github_stub import API, STORED_USER_SCRIPT, GitHubStub

    published = cms_project / "published"
    stub = GitHubStub(yaml.safe_load((published / "beheer" / "config.yml").read_text(encoding="utf-8"))["backend"]["repo"])
    with serve_directory(published, headers=beheer_headers({})) as base:
        context = browser.new_context()  # no bypass_csp: the policy applies
        page = context.new_page()
        violations: list[str] = []
        sent: list[str] = []
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        page.on("request", lambda r: sent.append(r.url) if not r.url.startswith((base, "data:")) else None)
        page.route(f"{API}/**", stub.route)
        page.clock.install()
        page.add_init_script(STORED_USER_SCRIPT)
        page.goto(f"{base}/beheer/index.html")
        page.get_by_role("link", name=re.compile("^Regio's")).first.wait_for(timeout=20_000)
        page.get_by_text("Geen items").wait_for()  # logged in: the (stubbed, empty) collection
        assert violations == []
        page.clock.run_for(301_000)  # Decap's status check runs every five minutes
        page.wait_for_timeout(1000)
        assert page.get_by_text("Geen items").is_visible()  # still working
        context.close()
    assert f"{API}/user" in stub.served
    assert sent and all(url.startswith(API + "/") for url in sent) and sorted(sent) == sorted(stub.served)
    assert violations and all("https://www.githubstatus.com/api/v2/components.json" in v for v in violations), violations
