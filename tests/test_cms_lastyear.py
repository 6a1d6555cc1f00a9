"""beheer/: "Nieuwe zelfevaluatie op basis van de vorige" and the preview in the site's look
(issue 24, items 4 and 7), in Chromium against decap-server (local backend, file mode).

The built form runs under its real policy (no CSP bypass): the site is served with beheer/'s
policy widened for decap-server exactly as `hhz serve --beheer` does it (publish/localform.py).
Start from last year must give what `hhz new-evaluation` gives (the same rules, from
form-rules.json), save a file that `hhz validate` accepts, and refuse plainly when today's
date is taken or a newer concept exists. The preview must show the scorecard with level
numbers and names, the change, toelichting, bewijs and ambitie, styled by the site's own
stylesheets, and show an editor's markup as text. Screenshots go to
test-artifacts/screenshots/beheer-*.png.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from pathlib import Path

import pytest

from hhz.editing.newevaluation import copy_rules
from hhz.load.source import load_yaml_text
from hhz.publish.localform import local_site
from hhz.render import charts
from hhz.render.formats import dutch_date
from hhz.validate import validate_root
from helpers import ARTIFACTS
from helpers.browser import Guarded, need_browser, serve_directory
from helpers.builds import copy_built
from helpers.cms import decap_server, git, hhz, need_cms_tools

SHOTS = ARTIFACTS / "screenshots"
BUTTON = "Nieuwe zelfevaluatie op basis van de vorige"


@pytest.fixture(scope="module")
def cms_project(tmp_path_factory, built_sites) -> Path:
    need_browser()
    need_cms_tools(server=True)
    return copy_built(built_sites("shipped-with-form"), tmp_path_factory.mktemp("lastyear") / "project")


@pytest.fixture(scope="module")
def dataset(cms_project: Path):
    return validate_root(cms_project, None, today=dt.date.today()).dataset


@pytest.fixture(scope="module")
def site(cms_project: Path):
    """The built site, beheer/ pointed at decap-server as `hhz serve --beheer` does (written
    into this private copy); yields (site folder, beheer/'s headers)."""
    site = cms_project / "site"
    with decap_server(cms_project) as api:
        local = local_site(site, api)
        for rel, body in local.overrides.items():
            (site / rel).write_bytes(body)
        yield site, local.headers["/beheer/*"]


@pytest.fixture(scope="module")
def server(site):
    folder, headers = site
    with serve_directory(folder, headers=headers) as base:
        yield base


@pytest.fixture
def cms(browser, server):
    page = Guarded(browser, server, viewport={"width": 1366, "height": 900})  # no bypass_csp
    page.page.set_default_timeout(20_000)
    yield page
    assert page.foreign == [], f"requests outside 127.0.0.1: {page.foreign}"
    assert page.console == [], page.console  # no CSP violation
    assert page.errors == [], page.errors
    page.close()


def open_region(cms: Guarded, name: str) -> None:
    cms.page.goto(f"{cms.base}/beheer/index.html")
    cms.page.get_by_role("button", name="Inloggen").click()
    cms.page.get_by_role("link", name=re.compile("^" + re.escape(name))).click()
    cms.page.get_by_role("button", name=BUTTON).wait_for()


def publish(cms: Guarded) -> None:
    cms.page.get_by_role("button", name="Publiceer", exact=True).click()
    cms.page.get_by_role("menuitem", name="Publiceer nu").click()


def evaluation_count(cms: Guarded) -> int:
    """How many zelfevaluaties the form holds: the heading of Decap's list ("3 zelfevaluaties")."""
    heading = cms.page.locator(".hhz-vorige + div").get_by_text(re.compile(r"^\d+ zelfevaluaties?$")).first
    return int(heading.inner_text().split()[0])


def status_text(cms: Guarded) -> str:
    box = cms.page.locator(".hhz-vorige [role=status]")
    box.wait_for()
    return " ".join(box.inner_text().split())


def values(text: str, name: str) -> dict:
    doc = load_yaml_text(text, f"regions/{name}")
    assert not doc.diagnostics, [d.message for d in doc.diagnostics]
    return doc.data


def shot(cms: Guarded, name: str, width: int, height: int) -> None:
    """A screenshot at this size; at 390 the small-screen notice is put away first."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    cms.page.set_viewport_size({"width": width, "height": height})
    cms.page.wait_for_timeout(400)
    notice = cms.page.get_by_role("button", name="Toch proberen")
    if width < 800 and notice.is_visible():
        notice.click()
    cms.page.screenshot(path=str(SHOTS / f"beheer-{name}-{width}.png"))


def expected_copy(cms_project: Path, region: str, day: dt.date, tmp_path: Path) -> dict:
    """What `hhz new-evaluation` appends, on a clone of the project as it was committed."""
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(cms_project), str(clone))
    made = hhz(clone, "new-evaluation", region, "--datum", day.isoformat())
    assert made.returncode == 0, made.stdout + made.stderr
    return values((clone / "regions" / f"{region}.yaml").read_text(encoding="utf-8"), f"{region}.yaml")["zelfevaluaties"][-1]


def test_form_rules_carry_the_rules_of_hhz_new_evaluation(site) -> None:
    folder, _headers = site
    rules = json.loads((folder / "beheer" / "form-rules.json").read_text(encoding="utf-8"))
    assert rules["new_evaluation"] == copy_rules()
    assert rules["new_evaluation"]["set"] == {"status": "concept"}
    assert rules["new_evaluation"]["drop"] == ["voorbeeld", "getoetst"]


def test_start_from_last_year_gives_what_hhz_new_evaluation_gives(cms: Guarded, cms_project: Path, dataset, tmp_path: Path) -> None:
    region = "medrie"
    path = cms_project / "regions" / f"{region}.yaml"
    before = values(path.read_text(encoding="utf-8"), path.name)
    source = max((e for e in before["zelfevaluaties"] if e["status"] == "vastgesteld"), key=lambda e: str(e["datum"]))
    today = dt.date.today()
    expected = expected_copy(cms_project, region, today, tmp_path)
    open_region(cms, before["naam"])
    count = evaluation_count(cms)
    cms.page.get_by_role("button", name=BUTTON).click()
    message = status_text(cms)
    assert message.startswith(
        f"Nieuwe zelfevaluatie van {dutch_date(today)} (concept) toegevoegd, overgenomen van de vastgestelde "
        f"zelfevaluatie van {dutch_date(dt.date.fromisoformat(str(source['datum'])))}."
    ), message
    assert evaluation_count(cms) == count + 1
    bar = cms.page.locator(".hhz-vorige").bounding_box()
    assert bar and bar["y"] >= 0, bar  # the message is in view
    focused = cms.page.evaluate("({id: document.activeElement.id, value: document.activeElement.value})")
    label = cms.page.locator(f"label[for='{focused['id']}']").text_content().strip()
    assert focused["value"] == today.isoformat() and label.startswith("Datum"), (focused, label)  # the new one, in view
    shot(cms, "vorige", 1366, 900)
    shot(cms, "vorige", 390, 844)
    cms.page.set_viewport_size({"width": 1366, "height": 900})
    preview = cms.page.frame_locator("iframe").first
    preview.get_by_text(f"Stand volgens de zelfevaluatie van {dutch_date(today)}").wait_for()
    publish(cms)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and today.isoformat() not in path.read_text(encoding="utf-8"):
        cms.page.wait_for_timeout(200)
    after = values(path.read_text(encoding="utf-8"), path.name)
    assert after["zelfevaluaties"][:-1] == before["zelfevaluaties"]
    assert {k: v for k, v in after.items() if k != "zelfevaluaties"} == {k: v for k, v in before.items() if k != "zelfevaluaties"}
    new = after["zelfevaluaties"][-1]
    assert new == expected  # the same rules as the command line
    assert new["status"] == "concept" and str(new["datum"]) == today.isoformat()
    assert "voorbeeld" not in new and "getoetst" not in new
    assert {b: s["niveau"] for b, s in new["bouwstenen"].items()} == {b: s["niveau"] for b, s in source["bouwstenen"].items()}
    checked = hhz(cms_project, "validate", ".")
    assert checked.returncode == 0, checked.stdout + checked.stderr

    # again: today's zelfevaluatie exists now, and the form says so instead of adding one
    cms.page.reload()
    cms.page.get_by_role("button", name=BUTTON).wait_for()
    count = evaluation_count(cms)
    cms.page.get_by_role("button", name=BUTTON).click()
    assert status_text(cms) == (
        f"Er is al een zelfevaluatie van vandaag ({dutch_date(today)}). Werk die bij; een regio heeft per datum één zelfevaluatie."
    )
    cms.page.wait_for_timeout(300)
    assert evaluation_count(cms) == count


def test_a_newer_concept_is_updated_not_copied_again(cms: Guarded, dataset) -> None:
    humo = dataset.region("humo")
    concept = max(e.datum for e in humo.zelfevaluaties if e.status == "concept")
    source = max(e.datum for e in humo.zelfevaluaties if e.status == "vastgesteld")
    assert concept > source  # the shipped data: HUMO works on a concept
    open_region(cms, humo.naam)
    count = evaluation_count(cms)
    cms.page.get_by_role("button", name=BUTTON).click()
    assert status_text(cms) == (
        f"Er is al een concept van {dutch_date(concept)}, nieuwer dan de vastgestelde zelfevaluatie van "
        f"{dutch_date(source)}. Werk dat concept bij in plaats van een nieuw te maken."
    )
    assert evaluation_count(cms) == count


def preview_scorecard(frame) -> dict[str, list[str]]:
    return frame.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll("table.hhz-scorecard tbody tr")].map(r =>
             [r.cells[0].textContent.trim(), [...r.cells].slice(1).map(c => c.textContent.replace(/\\s+/g, " ").trim())]))"""
    )


def test_the_preview_looks_like_the_region_page(cms: Guarded, dataset) -> None:
    region = dataset.region("hcwb")
    final = sorted((e for e in region.zelfevaluaties if e.status == "vastgesteld"), key=lambda e: e.datum)
    current, previous = final[-1], final[-2]
    open_region(cms, region.naam)
    frame_locator = cms.page.frame_locator("iframe").first
    frame_locator.locator("table.hhz-scorecard").wait_for()
    frame = next(f for f in cms.page.frames if f != cms.page.main_frame)
    rows = preview_scorecard(frame)
    assert list(rows) == [b.naam for b in sorted(dataset.bouwstenen, key=lambda b: b.volgorde)]
    for b in dataset.bouwstenen:
        now, then = current.bouwstenen[b.id].niveau, previous.bouwstenen[b.id].niveau
        level, before, change, _ambitie = rows[b.naam]
        assert level == f"{now} {dataset.niveau(now).naam}", b.naam
        assert before == str(then), b.naam
        word = "gestegen" if now > then else "gedaald" if now < then else "gelijk gebleven"
        assert word in change, (b.naam, change)
    text = " ".join(frame.locator("body").inner_text().split())
    assert f"Stand volgens de zelfevaluatie van {dutch_date(current.datum)}, vergeleken met {dutch_date(previous.datum)}" in text
    for b in dataset.bouwstenen:
        score = current.bouwstenen[b.id]
        assert " ".join(score.toelichting.split()) in text, b.naam
        for link in score.bewijs:
            assert link.titel in text
        if score.ambitie:
            assert f"ambitie: niveau {score.ambitie.niveau} in {score.ambitie.jaar}" in text
    # styled by the site's own stylesheets: the level colours and the scorecard's table
    first = sorted(dataset.bouwstenen, key=lambda b: b.volgorde)[0]
    level_now = current.bouwstenen[first.id].niveau
    style = frame.evaluate(
        """() => { const cell = document.querySelector("table.hhz-scorecard td.hhz-level");
                   const s = getComputedStyle(cell); const h1 = getComputedStyle(document.querySelector("h1"));
                   const sr = document.querySelector(".hhz-sr").getBoundingClientRect();
                   return {bg: s.backgroundColor, h1: [h1.color, h1.fontWeight], sr: sr.width,
                           sheets: [...document.styleSheets].map(x => x.href && x.href.split("/beheer/")[1])}; }"""
    )
    fill = charts.level_fill(level_now).lstrip("#")
    assert style["bg"] == "rgb({}, {}, {})".format(*(int(fill[i : i + 2], 16) for i in (0, 2, 4))), style
    assert style["h1"] == ["rgb(29, 36, 40)", "700"] and style["sr"] <= 1, style  # hhz-look.css, hhz.css
    assert {"stijl/hhz.css", "stijl/hhz-kleuren.css", "hhz-preview.css"} <= set(style["sheets"]), style
    shot(cms, "voorbeeld", 1366, 900)
    frame.evaluate("() => document.querySelector('section h3').scrollIntoView()")  # "Per bouwsteen"
    cms.page.wait_for_timeout(300)
    cms.page.locator("iframe").first.screenshot(path=str(SHOTS / "beheer-voorbeeld-per-bouwsteen-1366.png"))
    shot(cms, "voorbeeld", 390, 844)
    box = cms.page.locator("iframe").first.bounding_box()
    assert box and box["x"] >= 390, box  # Decap's 800-px layout: at 390 the preview lies off screen (index.html says so)
    cms.page.set_viewport_size({"width": 1366, "height": 900})


def test_the_preview_shows_an_editors_markup_as_text(cms: Guarded, dataset) -> None:
    """Markup typed into a toelichting is shown as text: no element, no script. (A new concept
    from last year: its bouwstenen are open, and the preview shows it.)"""
    region = dataset.region("hcwb")
    open_region(cms, region.naam)
    cms.page.get_by_role("button", name=BUTTON).click()
    cms.page.frame_locator("iframe").first.get_by_text("Concept:").wait_for()
    evil = '<img src=x onerror="window.hhzBroken=1"><b>vet</b>'
    labels = cms.page.locator("label:visible").filter(has_text=re.compile(r"^Toelichting( \(optioneel\))?$"))
    target = cms.page.locator(f"[id='{labels.last.get_attribute('for')}']")
    target.fill(evil)
    frame_locator = cms.page.frame_locator("iframe").first
    frame_locator.get_by_text(evil).first.wait_for()
    frame = next(f for f in cms.page.frames if f != cms.page.main_frame)
    assert frame.evaluate("() => document.querySelectorAll('.hhz-preview img, .hhz-preview b').length") == 0
    assert frame.evaluate("() => window.hhzBroken === undefined && window.parent.hhzBroken === undefined")


# --- the form's rules against the command's, without a browser --------------------------------

_PLAN_JS = """
import { createRequire } from "module";
import fs from "fs";
const require = createRequire(process.argv[2] + "/");
const YAML = require("yaml");
const format = await import(process.argv[3] + "/hhz-yaml-format.js");
const { plan } = await import(process.argv[3] + "/hhz-lastyear.js");
const { texts, rules, days, yamlRules } = JSON.parse(fs.readFileSync(0, "utf8"));
const setIn = (obj, path, value) => { let o = obj; for (const k of path.slice(0, -1)) o = o[k]; o[path.at(-1)] = value; };
const out = {};
for (const [name, text] of Object.entries(texts)) {
  const evaluations = format.fromFile(YAML, text, yamlRules).zelfevaluaties || [];
  out[name] = {};
  for (const day of days) {
    const found = plan(evaluations, rules, day);
    if (found.error) { out[name][day] = { error: found.error }; continue; }
    const copy = structuredClone(evaluations[found.index]);
    for (const edit of found.edits) {
      if (edit.op === "set") setIn(copy, edit.path, edit.value); else delete copy[edit.path[0]];
    }
    out[name][day] = { copy };
  }
}
process.stdout.write(JSON.stringify(out));
"""
# which refusal of `hhz new-evaluation` is which message of the form
_REFUSALS = {
    "nog geen vastgestelde": "no_source",
    "heeft al een zelfevaluatie van": "date_taken",
    "heeft al een concept-zelfevaluatie": "newer_concept",
    "ligt vóór de nieuwste vastgestelde": "before_source",
}


def _plain(value):
    return json.loads(json.dumps(value, default=str))


def test_the_forms_plan_matches_hhz_new_evaluation_on_every_shipped_region(tmp_path: Path) -> None:
    """For every shipped region and four dates (today, a date a zelfevaluatie already has, one
    before the newest vastgestelde, one after every date), the form's plan (hhz-lastyear.js, in
    node, on the values the form loads) copies exactly what `hhz new-evaluation` appends, or
    refuses for the same reason."""
    import shutil
    import subprocess

    from hhz.editing.newevaluation import NewEvaluationError, plan_new_evaluation
    from hhz.load.values import plain_scalar_rules
    from helpers import REPO
    from helpers.cms import NODE, YAML_PACKAGE, copy_project

    need_cms_tools()
    root = copy_project(tmp_path / "project")
    beheer = REPO / "site_templates" / "beheer"
    work = tmp_path / "js"
    work.mkdir()
    for name in ("hhz-yaml-format.js", "hhz-lastyear.js", "hhz-checks.js"):
        shutil.copy(beheer / name, work / name)
    (work / "package.json").write_text('{"type": "module"}', encoding="utf-8")
    (work / "plan.mjs").write_text(_PLAN_JS, encoding="utf-8")
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted((root / "regions").glob("*.yaml"))}
    days = [dt.date.today(), dt.date(2025, 10, 14), dt.date(2024, 1, 2), dt.date(2026, 11, 30)]
    rules = json.loads(json.dumps(copy_rules()))
    payload = {"texts": texts, "rules": rules, "days": [d.isoformat() for d in days], "yamlRules": plain_scalar_rules()}
    proc = subprocess.run(
        [NODE, str(work / "plan.mjs"), str(YAML_PACKAGE.parent), str(work)], input=json.dumps(payload), capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    form = json.loads(proc.stdout)
    seen: dict[str, int] = {}
    for region in texts:
        for day in days:
            shown = form[region][day.isoformat()]
            try:
                planned = plan_new_evaluation(root, region, day, max(day, dt.date.today()))
            except NewEvaluationError as exc:
                kind = next(k for text, k in _REFUSALS.items() if text in str(exc))
                assert "error" in shown, (region, day, str(exc))
                assert shown["error"].startswith(rules["messages"][kind].split("{")[0]), (region, day, shown, str(exc))
                seen[kind] = seen.get(kind, 0) + 1
                continue
            assert "copy" in shown, (region, day, shown)
            appended = load_yaml_text(planned.text, f"regions/{region}.yaml").data["zelfevaluaties"][-1]
            assert _plain(shown["copy"]) == _plain(appended), (region, day)
            seen["copy"] = seen.get("copy", 0) + 1
    assert set(seen) >= {"copy", "date_taken", "newer_concept", "before_source"}, seen
