"""The guided zelfevaluatie in beheer/ (issue 24), in Chromium against decap-server (file mode).

Per bouwsteen: its description, the five levels as radio cards with their rubric text (chosen
by click and by keyboard), last vastgestelde level marked, toelichting required once a level
is chosen (a refused save names it and puts the focus on it), the ambitie offered only at or
above the level, bewijs inline and a note at level 4 or 5 without it, and the progress over the
six. A zelfevaluatie made this way is saved in the file's shape and passes `hhz validate`.
Also: the newest zelfevaluatie open and the others folded, dates in Dutch, no "(optioneel)"
on what the validator requires. Screenshots of the guided steps at 1366×900 and 390×844 go to
test-artifacts/screenshots/beheer-*.png. Skipped without node, decap-server or the bundle; on
CI (CI=true) those fail.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pytest

from hhz.geo.reference import load_geo_reference
from hhz.load.source import load_yaml_text
from hhz.validate import validate_root
from helpers import ARTIFACTS
from helpers.browser import Page, need_browser
from helpers.builds import copy_built
from helpers.cms import decap_server, git, hhz, need_cms_tools, form_config_yaml
from helpers import rubric as guide

SHOTS = ARTIFACTS / "screenshots"
FIGURES: dict[str, object] = {}


@pytest.fixture(scope="module")
def cms_project(tmp_path_factory, built_sites) -> Path:
    need_browser()
    need_cms_tools(server=True)
    return copy_built(built_sites("shipped-with-form"), tmp_path_factory.mktemp("rubric") / "project")


@pytest.fixture(scope="module")
def dataset(cms_project: Path, geo_dir_optional):
    geo = load_geo_reference(geo_dir_optional) if geo_dir_optional else None
    return validate_root(cms_project, geo).dataset


@pytest.fixture(scope="module")
def site(cms_project: Path, dataset):
    with decap_server(cms_project) as api:
        (cms_project / "site" / "beheer" / "config.yml").write_bytes(form_config_yaml(dataset, api))
        yield cms_project / "site"
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "cms-rubric-figures.json").write_text(json.dumps(FIGURES, indent=2, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def cms(browser, server):
    wrapper = Page(browser, server, viewport={"width": 1366, "height": 900})
    wrapper.page.set_default_timeout(20_000)
    yield wrapper
    assert wrapper.foreign == [], f"requests outside 127.0.0.1: {wrapper.foreign}"
    assert wrapper.errors == [], wrapper.errors
    wrapper.close()


def open_region(cms: Page, name: str = "HUMO huisartsenzorg") -> None:
    cms.page.goto(f"{cms.base}/beheer/index.html")
    cms.page.get_by_role("button", name="Inloggen").click()
    cms.page.get_by_role("link", name=re.compile("^" + re.escape(name))).click()
    cms.page.locator("label").filter(has_text=re.compile("^Zelfevaluaties")).first.wait_for()


def visible_field(cms: Page, label: str):
    """The last visible Decap field with this label (the newest zelfevaluatie's)."""
    labels = cms.page.locator("label:visible").filter(has_text=re.compile("^" + re.escape(label) + r"( \(optioneel\))?$"))
    return cms.page.locator(f"[id='{labels.last.get_attribute('for')}']")


def new_evaluation(cms: Page, datum: str | None, status: str = "concept", deelnemer: str | None = "Regioraad") -> int:
    """Add a zelfevaluatie with its date, status and one deelnemer; returns the interactions."""
    cms.page.get_by_role("button", name="Voeg zelfevaluaties toe").click()
    count = 1
    if datum:
        visible_field(cms, "Datum").fill(datum)
        count += 1
    visible_field(cms, "Status").click()
    cms.page.get_by_role("option", name=status).first.click()
    count += 2
    if deelnemer:
        cms.page.get_by_role("button", name="Voeg deelnemers toe").last.click()
        visible_field(cms, "Waarde").fill(deelnemer)
        count += 2
    return count


def publish(cms: Page) -> None:
    cms.page.get_by_role("button", name="Publiceer", exact=True).click()
    cms.page.get_by_role("menuitem", name="Publiceer nu").click()


def shot(cms: Page, name: str, full_page: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    cms.page.screenshot(path=str(SHOTS / f"beheer-{name}.png"), full_page=full_page)


def previous_vastgesteld(dataset, region: str = "humo"):
    return max((e for e in dataset.region(region).zelfevaluaties if e.status == "vastgesteld"), key=lambda e: e.datum)


def label_of(bouwsteen) -> str:
    return f"{bouwsteen.volgorde}. {bouwsteen.naam}"


def values(text: str):
    doc = load_yaml_text(text, "regions/humo.yaml")
    assert not doc.diagnostics, [d.message for d in doc.diagnostics]
    return doc.data


def wait_for_write(cms: Page, path: Path, stamp: int, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.stat().st_mtime_ns != stamp:
            cms.page.wait_for_timeout(300)
            return path.read_text(encoding="utf-8")
        cms.page.wait_for_timeout(200)
    shown = " ".join(cms.page.locator("body").inner_text().split())[:1500]
    raise AssertionError(f"{path.name} is niet opnieuw geschreven na opslaan; het formulier toont: {shown}")


def test_the_newest_zelfevaluatie_is_open_and_dates_read_dutch(cms: Page, dataset) -> None:
    """Opening a region shows the newest zelfevaluatie's form (only that one) and lists each
    folded zelfevaluatie as "14 okt 2025 · vastgesteld"."""
    humo = dataset.region("humo")
    newest = max(humo.zelfevaluaties, key=lambda e: e.datum)
    open_region(cms)
    cms.page.wait_for_function("document.querySelectorAll('.hhz-rubric').length > 0")
    shown = cms.page.locator(".hhz-rubric:visible")
    shown.first.wait_for()
    assert shown.count() == 1
    assert visible_field(cms, "Datum").input_value() == newest.datum.isoformat()
    months = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
    body = " ".join(cms.page.locator("body").inner_text().split())
    folded = [e for e in humo.zelfevaluaties if e is not newest]  # an open item shows its fields, not its summary
    assert folded
    for evaluation in folded:
        day = f"{evaluation.datum.day} {months[evaluation.datum.month - 1]} {evaluation.datum.year}"
        assert f"{day} · {evaluation.status}" in body, day
    assert not re.search(r"\d{4}-\d{2}-\d{2} · ", body)


def test_levels_by_click_and_keyboard_with_last_time_marked_and_progress(cms: Page, dataset) -> None:
    previous = previous_vastgesteld(dataset)
    first, second = dataset.bouwstenen[:2]
    open_region(cms)
    new_evaluation(cms, "2026-02-01")
    widget = guide.guided(cms.page)
    assert guide.progress(widget) == f"0 van {len(dataset.bouwstenen)} bouwstenen ingevuld"
    # the description comes first, then the five cards with their full rubric text
    block = guide.section(widget, label_of(first))
    texts = block.locator("p, fieldset").all_inner_texts()
    assert " ".join(texts[0].split()) == " ".join(first.samenvatting.split())
    for level in dataset.schaal.niveaus:
        card = guide.level_card(widget, label_of(first), level.niveau)
        rubric = " ".join(next(n.tekst for n in first.niveaus if n.niveau == level.niveau).split())
        assert rubric in " ".join(card.locator("xpath=..").inner_text().split())
        box = card.locator("xpath=..").bounding_box()
        assert box and box["height"] >= 44 and box["width"] >= 44
    # last time's vastgestelde level is marked on its card, and only there
    before = previous.bouwstenen[first.id].niveau
    marked = guide.levels(widget, label_of(first)).locator(".hhz-kaart-vorige")
    assert marked.count() == 1 and f"vorige keer: {before}" in marked.inner_text()
    assert marked.get_by_role("radio").get_attribute("value") == str(before)
    cms.page.evaluate("element => element.scrollIntoView({block: 'start'})", block.element_handle())
    shot(cms, "rubric-kaarten-1366")

    guide.choose_level(widget, label_of(first), 4)
    assert guide.checked_level(widget, label_of(first)) == 4
    presses = guide.choose_level_by_keyboard(widget, label_of(second), 3)
    assert guide.checked_level(widget, label_of(second)) == 3 and presses == 3
    assert guide.progress(widget) == "0 van 6 bouwstenen ingevuld"  # levels without toelichting
    guide.write_toelichting(widget, label_of(first), "Regioplan wordt jaarlijks bijgewerkt.")
    assert guide.progress(widget) == "1 van 6 bouwstenen ingevuld"
    guide.write_toelichting(widget, label_of(second), "Contracten met twee verzekeraars.")
    assert guide.progress(widget) == "2 van 6 bouwstenen ingevuld"
    # the ambitie is offered at or above the chosen level only
    assert guide.ambitie_offered(widget, label_of(first)) == ["null", "4", "5"]
    assert guide.ambitie_offered(widget, label_of(second)) == ["null", "3", "4", "5"]
    guide.choose_level(widget, label_of(second), 5)
    assert guide.ambitie_offered(widget, label_of(second)) == ["null", "5"]


def test_level_4_without_bewijs_shows_a_note_that_does_not_block(cms: Page, dataset) -> None:
    first = dataset.bouwstenen[0]
    open_region(cms)
    new_evaluation(cms, "2026-02-02")
    widget = guide.guided(cms.page)
    guide.choose_level(widget, label_of(first), 3)
    assert guide.note(widget, label_of(first)).count() == 0
    guide.choose_level(widget, label_of(first), 4)
    note = guide.note(widget, label_of(first))
    assert note.is_visible() and "bij niveau 4 of hoger vraagt de toetser om bewijs" in note.inner_text()
    assert "opslaan kan ook zonder" in note.inner_text()
    cms.page.evaluate("element => element.scrollIntoView({block: 'center'})", note.element_handle())
    shot(cms, "rubric-let-op-bewijs-1366")
    guide.add_bewijs(widget, label_of(first), "Regioplan 2026", "https://example.org/regioplan.pdf")
    assert guide.note(widget, label_of(first)).count() == 0


def test_a_level_without_toelichting_is_refused_and_the_form_goes_there(cms: Page, cms_project: Path, dataset) -> None:
    """Saving a level without toelichting is refused with a plain Dutch message; the form
    scrolls to that toelichting and puts the focus in it; nothing is written."""
    path = cms_project / "regions" / "humo.yaml"
    third = dataset.bouwstenen[2]
    open_region(cms)
    new_evaluation(cms, "2026-02-03")
    widget = guide.guided(cms.page)
    guide.choose_level(widget, label_of(third), 2)
    assert "Nodig bij niveau 2: schrijf een toelichting." in guide.section(widget, label_of(third)).inner_text()
    widget.page.evaluate("window.scrollTo(0, 0)")
    before, status = path.read_bytes(), git(cms_project, "status", "--porcelain")
    publish(cms)
    box = cms.page.locator("#hhz-problemen[role=alert]")
    box.wait_for()
    shown = [" ".join(t.split()) for t in box.locator("li").all_text_contents()]
    assert shown == [
        f"Zelfevaluatie van 3 februari 2026, {label_of(third)}: vul het veld toelichting in; "
        "een bouwsteen die je invult, heeft een niveau en een toelichting."
    ], shown
    textarea = guide.toelichting(widget, label_of(third))
    cms.page.wait_for_function(
        "id => document.activeElement && document.activeElement.id === id", arg=textarea.get_attribute("id"), timeout=5000
    )
    box_of = textarea.bounding_box()
    assert box_of and 0 <= box_of["y"] and box_of["y"] + box_of["height"] <= 900  # scrolled into view
    shot(cms, "rubric-toelichting-nodig-1366")
    cms.page.wait_for_timeout(800)
    assert path.read_bytes() == before and git(cms_project, "status", "--porcelain") == status
    cms.errors.clear()  # Decap reports the refused save as an uncaught error


def test_no_optioneel_on_what_the_validator_requires(cms: Page) -> None:
    open_region(cms)
    new_evaluation(cms, "2026-02-04")
    getoetst = cms.page.locator(
        "xpath=//div[./button[@data-testid='expand-button'] and normalize-space(.)='Getoetst'] >> visible=true"
    ).last
    getoetst.locator("button").click()
    labels = [" ".join(t.split()).lower() for t in cms.page.locator("label:visible").all_inner_texts()]  # as shown
    assert "getoetst door" in labels and "datum van de toetsing" in labels, labels
    assert "opmerking (optioneel)" in labels  # what is optional still says so
    widget = guide.guided(cms.page)
    widget_text = widget.inner_text()
    assert "(optioneel)" not in " ".join(widget.locator("legend, label").filter(has_text=re.compile("^(Niveau|Toelichting)")).all_inner_texts())
    assert "Toelichting (optioneel)" not in widget_text and "Niveau (optioneel)" not in widget_text


def test_a_guided_zelfevaluatie_is_saved_in_the_files_shape_and_validates(
    cms: Page, cms_project: Path, dataset, geo_dir_optional
) -> None:
    """Six levels on their cards (one by keyboard), a toelichting each, bewijs inline where
    the level is 4 or 5, one ambitie and scores per groep for one bouwsteen: the saved file
    holds exactly that, and `hhz validate` accepts it without a warning the form did not show."""
    path = cms_project / "regions" / "humo.yaml"
    before = values(path.read_text(encoding="utf-8"))
    chosen = dict(zip([b.id for b in dataset.bouwstenen], (4, 3, 2, 5, 3, 4), strict=True))
    open_region(cms)
    start = time.monotonic()
    count = new_evaluation(cms, "2026-03-01", status="vastgesteld")
    widget = guide.guided(cms.page)
    per_block: list[int] = []
    for index, bouwsteen in enumerate(dataset.bouwstenen):
        label, level = label_of(bouwsteen), chosen[bouwsteen.id]
        steps = guide.choose_level_by_keyboard(widget, label, level) if index == 1 else guide.choose_level(widget, label, level)
        steps += guide.write_toelichting(widget, label, f"Formulier: {bouwsteen.naam} op niveau {level}.")
        if level >= 4:
            steps += guide.add_bewijs(widget, label, f"Bewijs {bouwsteen.naam}", f"https://example.org/{bouwsteen.id}")
        if index == 0:
            steps += guide.choose_ambitie(widget, label, 5, 2028)
            shot(cms, "rubric-ingevuld-1366")
        per_block.append(steps)
        count += steps
    scores = guide.section(widget, label_of(dataset.bouwstenen[2]))
    scores.get_by_text("Scores per groep (optioneel)").click()
    scores.get_by_role("combobox", name="Huisartsen", exact=True).select_option("2")
    scores.get_by_role("combobox", name="Bestuur", exact=True).select_option("3")
    count += 3
    assert guide.progress(widget) == "6 van 6 bouwstenen ingevuld"
    stamp = path.stat().st_mtime_ns
    publish(cms)
    count += 2
    text = wait_for_write(cms, path, stamp)
    FIGURES["guided_interactions_total"] = count
    FIGURES["guided_interactions_first_bouwsteen"] = per_block[0]
    FIGURES["guided_interactions_per_bouwsteen"] = per_block
    FIGURES["guided_seconds"] = round(time.monotonic() - start, 1)
    after = values(text)
    assert after["zelfevaluaties"][:-1] == before["zelfevaluaties"]
    new = after["zelfevaluaties"][-1]
    assert str(new["datum"]) == "2026-03-01" and new["status"] == "vastgesteld" and new["deelnemers"] == ["Regioraad"]
    expected = {}
    for bouwsteen in dataset.bouwstenen:
        level = chosen[bouwsteen.id]
        block = {"niveau": level, "toelichting": f"Formulier: {bouwsteen.naam} op niveau {level}."}
        if level >= 4:
            block["bewijs"] = [{"titel": f"Bewijs {bouwsteen.naam}", "url": f"https://example.org/{bouwsteen.id}"}]
        expected[bouwsteen.id] = block
    expected[dataset.bouwstenen[0].id]["ambitie"] = {"niveau": 5, "jaar": 2028}
    expected[dataset.bouwstenen[2].id]["scores"] = {"huisartsen": 2, "bestuur": 3}
    assert new["bouwstenen"] == expected
    assert list(new["bouwstenen"]) == [b.id for b in dataset.bouwstenen]
    assert list(new["bouwstenen"][dataset.bouwstenen[0].id]) == ["niveau", "toelichting", "bewijs", "ambitie"]  # the models' order
    checked = hhz(cms_project, "validate", ".", geo_dir=geo_dir_optional)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "2026-03-01" not in checked.stdout + checked.stderr  # no warning about the new one


def test_the_guided_steps_on_a_phone(cms: Page, dataset) -> None:
    """At 390×844 (after "Toch proberen"): the cards stack in one column, each at least
    44 px tall, and nothing of the widget runs out of the screen sideways."""
    cms.page.set_viewport_size({"width": 390, "height": 844})
    cms.page.goto(f"{cms.base}/beheer/index.html")
    cms.page.get_by_role("button", name="Toch proberen").click()
    cms.page.get_by_role("button", name="Inloggen").click()
    cms.page.get_by_role("link", name=re.compile("^HUMO huisartsenzorg")).click()
    cms.page.locator("label").filter(has_text=re.compile("^Zelfevaluaties")).first.wait_for()
    new_evaluation(cms, "2026-02-05")
    widget = guide.guided(cms.page)
    first = label_of(dataset.bouwstenen[0])
    guide.choose_level(widget, first, 4)
    guide.section(widget, first).scroll_into_view_if_needed()
    shot(cms, "rubric-kaarten-390")
    boxes = [guide.level_card(widget, first, n.niveau).locator("xpath=..").bounding_box() for n in dataset.schaal.niveaus]
    assert all(b and b["height"] >= 44 for b in boxes)
    assert len({round(b["x"]) for b in boxes}) == 1  # one column
    FIGURES["phone_card_width_px"] = round(boxes[0]["width"])
    guide.section(widget, first).get_by_role("group", name="Ambitie (optioneel)").scroll_into_view_if_needed()
    shot(cms, "rubric-ambitie-390")


def test_a_copy_from_last_year_marks_the_copied_levels_as_last_time(cms: Page, dataset) -> None:
    """"Nieuwe zelfevaluatie op basis van de vorige" (hhz-lastyear.js) copies the newest
    vastgestelde zelfevaluatie: its cards start on the copied levels, and "vorige keer" marks
    that same zelfevaluatie's levels (the copy's own list item, not the source it was copied
    from, even where the copy shares the source's values)."""
    region = dataset.region("medrie")
    source = previous_vastgesteld(dataset, "medrie")
    open_region(cms, region.naam)
    cms.page.get_by_role("button", name="Nieuwe zelfevaluatie op basis van de vorige").click()
    widget = guide.guided(cms.page)
    for bouwsteen in dataset.bouwstenen:
        if bouwsteen.id not in source.bouwstenen:
            continue
        level = source.bouwstenen[bouwsteen.id].niveau
        assert guide.checked_level(widget, label_of(bouwsteen)) == level, bouwsteen.id
        marked = guide.levels(widget, label_of(bouwsteen)).locator(".hhz-kaart-vorige")
        assert marked.count() == 1 and marked.get_by_role("radio").get_attribute("value") == str(level), bouwsteen.id
