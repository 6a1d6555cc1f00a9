"""The editor's whole journey through beheer/, counted and timed (issue 24, "How it is checked").

A koepel editor makes HONK's new zelfevaluatie as published: decap-server in git mode on a
clone of the project, ``publish_mode: editorial_workflow``. "Nieuwe zelfevaluatie op basis van
de vorige" copies last year's; six levels are chosen on their rubric cards, the first
bouwsteen's level raised with a new toelichting, a bewijs and a higher ambitie. On the way one
mistake of each kind is caught by the form before anything is saved: level 5 without bewijs
(a note that does not block); then no date, no deelnemers, a level without toelichting and an
ambitie below the level, all four in one list; then a date taken twice. Then saved (a cms/
branch), marked ready and published (merged into main).

Asserted: the clicks (under half of the 58 one zelfevaluatie took before issue 24) and the
elapsed time, printed and written to test-artifacts/cms-journey.json (with the clicks and
fills spent only on making the mistakes, counted apart); that the published change to the
region file is the inserted zelfevaluatie and nothing else (the patch is written to
test-artifacts/cms-journey.diff); that ``hhz validate`` on the published main exits 0 with no
warning the form did not show; and that no request leaves 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections import Counter
from pathlib import Path

import pytest

from hhz.geo.reference import load_geo_reference
from hhz.load.source import load_yaml_text
from hhz.render.formats import dutch_date
from hhz.validate import validate_root
from helpers import ARTIFACTS
from helpers.browser import Page, need_browser, serve_directory
from helpers.builds import copy_built
from helpers.cms import decap_server, git, hhz, need_cms_tools, form_config_yaml

# The goal of issue 24: under half of the 58 clicks one zelfevaluatie took before.
CLICKS_BEFORE = 58
REGION = "honk"  # its newest zelfevaluatie is vastgesteld, with no concept after it
LEVELS = (5, 3, 3, 3, 2, 3)  # per bouwsteen, in order: regiovisie up from 3, the others as last year
START = "Nieuwe zelfevaluatie op basis van de vorige"
COUNT_CLICKS = """window.addEventListener("pointerdown", (e) => {
  if (e.isTrusted) window.hhzClicks = (window.hhzClicks || 0) + 1;
}, true);"""


class Journey:
    """The editor's hands: every click and every field filled goes through here, counted.
    What is done only to make a mistake on purpose is counted apart too (``staged``)."""

    def __init__(self, page) -> None:
        self.page = page
        self.clicks = 0
        self.fills = 0
        self.keys = 0
        self.dialogs = 0
        self.staged = 0

    def click(self, locator, staged: bool = False) -> None:
        locator.click()
        self.clicks += 1
        self.staged += staged

    def fill(self, locator, text: str, staged: bool = False) -> None:
        locator.fill(text)
        self.fills += 1
        self.keys += len(text)
        self.staged += staged

    def choose(self, control, option: str | re.Pattern) -> None:
        self.click(control)
        self.click(self.page.get_by_role("option", name=option).first)

    def ids(self, label: str) -> list[str]:
        """The input ids of the visible fields with this label (Decap's <label for=…>)."""
        labels = self.page.locator("label:visible").filter(has_text=re.compile("^" + re.escape(label) + r"( \(optioneel\))?$"))
        return [item.get_attribute("for") for item in labels.all()]

    def field(self, label: str, index: int = -1):
        found = self.ids(label)
        assert found, f"geen zichtbaar veld {label!r}"
        return self.page.locator(f"[id='{found[index]}']")

    def button(self, name: str, index: int = -1):
        buttons = self.page.get_by_role("button", name=name, exact=True).locator("visible=true")
        return buttons.nth(index if index >= 0 else buttons.count() + index)


@pytest.fixture(scope="module")
def project(tmp_path_factory, built_sites) -> Path:
    need_browser()
    need_cms_tools(server=True)
    return copy_built(built_sites("shipped-with-form"), tmp_path_factory.mktemp("journey") / "project")


@pytest.fixture(scope="module")
def site(project: Path) -> Path:
    return project / "site"


def warnings_of(root: Path, geo_dir: Path | None) -> Counter:
    """`hhz validate`'s warnings as (file, message), without line numbers (lines move)."""
    checked = hhz(root, "validate", ".", geo_dir=geo_dir)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    found = re.findall(r"^(\S+?):\d+:\d+: waarschuwing: (.*)$", checked.stdout + checked.stderr, re.M)
    return Counter(found)


def problems_shown(journey: Journey) -> list[str]:
    """The list that stopped the save (site_templates/beheer/hhz-checks.js)."""
    box = journey.page.locator("#hhz-problemen[role=alert]")
    try:
        box.wait_for()
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        journey.page.screenshot(path=str(ARTIFACTS / "cms-journey-no-problems-shown.png"))
        raise
    return [" ".join(item.split()) for item in box.locator("li").all_text_contents()]


def block(journey: Journey, bouwsteen_id: str):
    """The new zelfevaluatie's block of one bouwsteen in the guided form (hhz-rubric.js)."""
    return journey.page.locator(f".hhz-bouwsteen[id$='-{bouwsteen_id}']").last


def refused_save(journey: Journey, clone: Path, cms: Page) -> list[str]:
    """Opslaan, refused by the form: the problems shown, and nothing written in the clone."""
    branches, head = git(clone, "branch", "--list"), git(clone, "rev-parse", "main")
    journey.page.evaluate("document.getElementById('hhz-problemen')?.remove()")
    journey.click(journey.button("Opslaan"))
    shown = problems_shown(journey)
    journey.page.get_by_text("Kan item niet opslaan: verbeter eerst de punten in de lijst.").first.wait_for()
    journey.page.wait_for_timeout(500)
    assert git(clone, "branch", "--list") == branches and git(clone, "rev-parse", "main") == head
    cms.errors.clear()  # Decap reports the refused save as an uncaught error
    return shown


def test_a_new_zelfevaluatie_from_last_year_to_published(browser, server, project: Path, tmp_path: Path, geo_dir_optional) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(project), str(clone))
    git(clone, "config", "user.name", "decap-test")
    git(clone, "config", "user.email", "decap-test@example.org")
    start_commit = git(clone, "rev-parse", "main").strip()
    path = f"regions/{REGION}.yaml"
    original = git(clone, "show", f"main:{path}")
    warnings_before = warnings_of(clone, geo_dir_optional)
    dataset = validate_root(clone, load_geo_reference(geo_dir_optional) if geo_dir_optional else None).dataset
    region = dataset.region(REGION)
    last = max((e for e in region.zelfevaluaties if e.status == "vastgesteld"), key=lambda e: e.datum)
    assert all(e.datum <= last.datum for e in region.zelfevaluaties)
    today = dt.date.today()
    first = dataset.bouwstenen[0]
    assert last.bouwstenen[first.id].ambitie.niveau < LEVELS[0] and not last.bouwstenen[first.id].bewijs
    cms = Page(browser, server, viewport={"width": 1366, "height": 900})
    cms.page.set_default_timeout(20_000)
    cms.context.add_init_script(COUNT_CLICKS)
    journey = Journey(cms.page)
    with decap_server(clone, mode="git") as api:
        body = form_config_yaml(dataset, api, editorial=True)  # as published: a branch per entry, then Publiceren
        cms.page.route("**/beheer/config.yml", lambda route: route.fulfill(body=body, content_type="text/yaml"))

        began = time.monotonic()
        cms.page.goto(f"{cms.base}/beheer/index.html")
        journey.click(cms.page.get_by_role("button", name="Inloggen"))
        journey.click(cms.page.get_by_role("link", name=re.compile("^" + re.escape(region.naam))))
        journey.click(cms.page.get_by_role("button", name=START))
        cms.page.get_by_text(f"{len(region.zelfevaluaties) + 1}").first.wait_for()
        for bouwsteen, level in zip(dataset.bouwstenen, LEVELS, strict=True):  # six levels, on their rubric cards
            cards = block(journey, bouwsteen.id).get_by_role("group", name=re.compile("^Niveau van"))
            journey.click(cards.get_by_role("radio", name=re.compile(f"^{level} · ")))
        regiovisie = block(journey, first.id)
        note = regiovisie.locator(".hhz-let-op[role=note]")
        assert note.is_visible() and "vraagt de toetser om bewijs" in note.inner_text()  # level 5, no bewijs: a note, no block
        toelichting = regiovisie.get_by_label("Toelichting")
        # mistakes made on purpose: the old toelichting emptied, the date emptied, every deelnemer removed
        journey.fill(toelichting, "", staged=True)
        journey.fill(journey.field("Datum"), "", staged=True)
        bar = "div[*[1][self::button] and *[@aria-roledescription='sortable'] and *[last()][self::button]]"  # an item's top bar
        deelnemers = journey.button("Voeg deelnemers toe").locator("xpath=ancestor::div[starts-with(@id,'deelnemers-field')][1]")
        for _ in last.deelnemers:  # each item's ✕
            journey.click(deelnemers.locator(f"xpath=.//{bar}/*[last()]").last, staged=True)
        assert deelnemers.locator(f"xpath=.//{bar}").count() == 0

        # the first save: no date, no deelnemers, a level without toelichting, the ambitie below the new level
        shown = refused_save(journey, clone, cms)
        ARTIFACTS.mkdir(exist_ok=True)
        cms.page.screenshot(path=str(ARTIFACTS / "cms-journey-checks.png"))
        nameless = next(m.split(":")[0] for m in shown if "(zonder datum)" in m)
        here = f"{nameless}, {first.volgorde}. {first.naam}"
        assert shown == [
            f"{nameless}: vul de datum in.",
            f"{nameless}: vul de deelnemers in.",
            f"{here}: vul het veld toelichting in; een bouwsteen die je invult, heeft een niveau en een toelichting.",
            f"{here}: de ambitie (niveau {last.bouwstenen[first.id].ambitie.niveau}) ligt onder het gekozen niveau {LEVELS[0]}. "
            "Kies een ambitie op of boven het huidige niveau.",
        ], shown
        journey.fill(journey.field("Datum"), last.datum.isoformat())  # mistake: the date of last year's
        journey.click(journey.button("Voeg deelnemers toe"))
        journey.fill(journey.field("Waarde"), "Regioraad")
        journey.fill(toelichting, f"Reis: {first.naam} op niveau {LEVELS[0]}.")
        ambitie = regiovisie.get_by_role("group", name=re.compile("^Ambitie"))
        journey.click(ambitie.get_by_role("radio", name=re.compile(f"^{LEVELS[0]} · ")))
        journey.click(regiovisie.get_by_role("button", name="Bewijs toevoegen"))
        journey.fill(regiovisie.get_by_label("Titel"), "Regioplan 2027")
        journey.fill(regiovisie.get_by_label("Adres (URL)"), f"https://example.org/{REGION}/regioplan")
        assert not note.is_visible()  # the note goes once there is bewijs

        # the second save: the date taken twice
        assert refused_save(journey, clone, cms) == [
            f"Er zijn twee zelfevaluaties van {dutch_date(last.datum)}: geef elke zelfevaluatie een eigen datum."
        ]
        journey.fill(journey.field("Datum"), today.isoformat())

        # saved on its own branch, marked ready, published into main
        journey.click(journey.button("Opslaan"))
        status = cms.page.get_by_role("button", name=re.compile("^Publicatie: in bewerking"))
        status.wait_for()
        assert git(clone, "branch", "--list", "cms/*").split() == [f"cms/regios/{REGION}"]
        assert cms.page.locator("#hhz-problemen").count() == 0
        journey.click(status)
        journey.click(cms.page.get_by_role("menuitem", name="klaar om te publiceren"))
        cms.page.get_by_role("button", name=re.compile("^Publicatie: klaar om te publiceren")).wait_for()
        cms.page.once("dialog", lambda d: d.accept())
        journey.click(journey.button("Publiceer"))
        journey.click(cms.page.get_by_role("menuitem", name="Publiceer nu"))
        journey.dialogs += 1  # "are you sure": one more click for the editor
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (
            today.isoformat() not in git(clone, "show", f"main:{path}") or git(clone, "branch", "--list", "cms/*")
        ):
            cms.page.wait_for_timeout(200)
        elapsed = time.monotonic() - began
        in_page = cms.page.evaluate("window.hhzClicks || 0")
    foreign, errors = cms.foreign, cms.errors
    cms.close()

    clicks = journey.clicks + journey.dialogs
    figures = {
        "clicks": clicks,
        "fields_filled": journey.fills,
        "clicks_and_fills_only_to_make_mistakes": journey.staged,
        "characters_typed": journey.keys,
        "interactions": clicks + journey.fills,
        "seconds": round(elapsed, 1),
        "clicks_before": CLICKS_BEFORE,
    }
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "cms-journey.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")
    print(
        f"\nreis: {clicks} klikken, {journey.fills} velden ingevuld, {journey.keys} tekens "
        f"({journey.staged} klikken en velden alleen om een fout te maken), {elapsed:.1f} s"
    )
    assert foreign == [], f"requests outside 127.0.0.1: {foreign}"
    assert errors == [], errors
    assert in_page == journey.clicks, (in_page, journey.clicks)  # the page counted every click we made
    assert clicks < CLICKS_BEFORE / 2, figures  # the goal of issue 24
    assert elapsed < 240, figures

    # published: the change to the file is the inserted zelfevaluatie and nothing else
    published = git(clone, "show", f"main:{path}")
    added, removed = git(clone, "diff", "--numstat", start_commit, "main", "--", path).split()[:2]
    print(f"git diff {path}: +{added} -{removed}")
    patch = git(clone, "diff", "-U0", start_commit, "main", "--", path)
    (ARTIFACTS / "cms-journey.diff").write_text(patch, encoding="utf-8")  # for a reviewer's eye
    assert removed == "0" and int(added) > 0, patch
    assert patch.count("\n@@ ") == 1, patch  # one block
    after = load_yaml_text(published, path).data
    before = load_yaml_text(original, path).data
    new = after["zelfevaluaties"].pop()
    assert after == before
    assert new["datum"] == today and new["status"] == "concept" and new["deelnemers"] == ["Regioraad"]
    assert "voorbeeld" not in new and "getoetst" not in new  # as `hhz new-evaluation`
    assert [new["bouwstenen"][b.id]["niveau"] for b in dataset.bouwstenen] == list(LEVELS)
    assert new["bouwstenen"][first.id]["ambitie"]["niveau"] == LEVELS[0]
    assert new["bouwstenen"][first.id]["bewijs"] == [{"titel": "Regioplan 2027", "url": f"https://example.org/{REGION}/regioplan"}]

    # hhz validate on what was published: no error, and no warning the form did not show
    checkout = tmp_path / "published"
    git(tmp_path, "clone", "-q", str(clone), str(checkout))
    new_warnings = warnings_of(checkout, geo_dir_optional) - warnings_before
    assert not new_warnings, new_warnings
