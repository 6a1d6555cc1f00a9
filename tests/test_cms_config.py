"""beheer/config.yml (Decap CMS) generated from the models and the data, and the CMS's YAML
format: every shipped region file loaded and saved by it loses nothing (run with node)."""

from __future__ import annotations

import json
import typing
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from hhz.editing.cms import Backend, beheer_files, cms_config, config_yaml
from hhz.editing.cms.config import FORM_CHECKS, form_rules, form_rules_json, repo_from_url
from hhz.config import SiteConfig
from hhz.models import Regio
from hhz.validate import validate_root
from hhz.load.source import load_yaml_text
from helpers import REPO
from helpers.cms import copy_project, git, hhz, load_and_save, need_cms_tools

SCHEMA_LINE = "# yaml-language-server: $schema=../schemas/regio.schema.json"


@pytest.fixture(scope="module")
def shipped(geo_dir_optional):
    from hhz.geo.reference import load_geo_reference

    geo = load_geo_reference(geo_dir_optional) if geo_dir_optional else None
    result = validate_root(REPO, geo)
    assert result.dataset is not None, [d.message for d in result.errors]
    return result.dataset


def collection(config: dict) -> dict:
    (only,) = config["collections"]
    return only


def field(fields: list[dict], *path: str) -> dict:
    for name in path:
        fields_by_name = {f["name"]: f for f in fields}
        found = fields_by_name[name]
        fields = found.get("fields", [])
    return found


def test_one_region_collection_in_our_format(shipped) -> None:
    config = cms_config(shipped, {}, Backend(repo="org/repo"))
    regions = collection(config)
    assert (regions["folder"], regions["extension"], regions["format"]) == ("regions", "yaml", "hhz-yaml")
    assert regions["identifier_field"] == "id" and regions["slug"] == "{{id}}"
    assert config["locale"] == "nl"
    assert config["backend"] == {"name": "github", "repo": "org/repo", "branch": "main", "open_authoring": True}
    assert config["publish_mode"] == "editorial_workflow" and "local_backend" not in config


def _model_fields(model: type[BaseModel], widgets: list[dict], seen: list, optional: bool = False) -> None:
    """Every model field with its widget, walking nested models the way the config nests them.
    Inside an optional object (and a bouwsteen block) nothing is required by the form."""
    by_name = {w["name"]: w for w in widgets}
    for name, info in model.model_fields.items():
        widget = by_name.pop(name)
        seen.append((f"{model.__name__}.{name}", widget))
        assert widget["label"] == info.title, name
        from hhz.editing.cms.fields import FORM_HINTS

        assert widget["hint"].startswith(FORM_HINTS.get((model.__name__, name), info.description)), name
        assert widget.get("required", True) is (info.is_required() and not optional), name
        inner = _nested_model(info.annotation)
        if typing.get_origin(info.annotation) is dict:  # one block per key (the bouwstenen)
            for block in widget["fields"]:
                _model_fields(inner, block["fields"], seen, optional=True)
        elif inner is not None and "fields" in widget:
            in_list = widget["widget"] == "list"  # an item's fields are required once it exists
            _model_fields(inner, widget["fields"], seen, optional=not in_list and (optional or not info.is_required()))
    assert by_name == {}, f"{model.__name__}: widgets without a model field: {sorted(by_name)}"


def _nested_model(annotation) -> type[BaseModel] | None:
    for arg in (annotation, *typing.get_args(annotation)):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
        if typing.get_origin(arg) in (list, dict):
            return _nested_model(typing.get_args(arg)[-1])
    return None


def test_every_field_has_the_models_label_and_hint(shipped) -> None:
    seen: list[tuple[str, dict]] = []
    _model_fields(Regio, collection(cms_config(shipped, {}, Backend()))["fields"], seen)
    names = {name for name, _widget in seen}
    assert {"Regio.gemeenten", "Zelfevaluatie.status", "GoedVoorbeeld.tekst", "Organisatie.type"} <= names


def test_a_zelfevaluatie_has_one_block_per_bouwsteen_in_volgorde(shipped) -> None:
    fields = collection(cms_config(shipped, {}, Backend()))["fields"]
    blocks = field(fields, "zelfevaluaties", "bouwstenen")["fields"]
    ordered = sorted(shipped.bouwstenen, key=lambda b: b.volgorde)
    assert [b["name"] for b in blocks] == [b.id for b in ordered]
    for block, bouwsteen in zip(blocks, ordered):
        assert block["required"] is False  # a concept may leave bouwstenen out
        niveau = field(block["fields"], "niveau")
        assert niveau["widget"] == "select" and niveau["required"] is False  # hhz validate checks
        assert [o["value"] for o in niveau["options"]] == [n.niveau for n in shipped.schaal.niveaus]
        for option, level in zip(niveau["options"], shipped.schaal.niveaus):
            rubric = next(n.tekst for n in bouwsteen.niveaus if n.niveau == level.niveau)
            assert level.naam in option["label"]
            assert " ".join(rubric.split()) in option["label"]
        assert field(block["fields"], "toelichting")["required"] is False
        assert field(block["fields"], "ambitie", "niveau")["options"] == niveau["options"]
        # the guided form's rubric cards (hhz-rubric.js): this bouwsteen's own texts, one source
        assert block["rubric"] == [
            {"niveau": n.niveau, "naam": n.naam, "tekst": " ".join(next(r.tekst for r in bouwsteen.niveaus if r.niveau == n.niveau).split())}
            for n in shipped.schaal.niveaus
        ]
    assert field(fields, "zelfevaluaties", "bouwstenen")["widget"] == "hhz-bouwstenen"


def test_status_voorbeeld_and_deelnemers(shipped) -> None:
    fields = collection(cms_config(shipped, {}, Backend()))["fields"]
    evaluation = field(fields, "zelfevaluaties")["fields"]
    assert field(evaluation, "status")["options"] == ["concept", "vastgesteld"]
    assert field(evaluation, "voorbeeld")["widget"] == "boolean" and "default" not in field(evaluation, "voorbeeld")
    deelnemers = field(evaluation, "deelnemers")
    assert deelnemers["widget"] == "list" and deelnemers["min"] == 1 and deelnemers["field"]["widget"] == "string"


def test_gemeenten_are_picked_by_name_and_stored_as_codes(shipped) -> None:
    names = {"GM0828": "Oss", "GM1948": "Meierijstad", "GM0014": "Groningen"}
    gemeenten = field(collection(cms_config(shipped, names, Backend()))["fields"], "gemeenten")
    assert gemeenten["widget"] == "select" and gemeenten["multiple"] is True
    assert gemeenten["options"] == [
        {"label": "Groningen (GM0014)", "value": "GM0014"},
        {"label": "Meierijstad (GM1948)", "value": "GM1948"},
        {"label": "Oss (GM0828)", "value": "GM0828"},
    ]


def test_without_a_gemeente_list_codes_are_typed_and_checked(shipped, tmp_path: Path) -> None:
    gemeenten = field(collection(cms_config(shipped, {}, Backend()))["fields"], "gemeenten")
    assert gemeenten["widget"] == "list" and gemeenten["field"]["pattern"][0] == "^GM[0-9]{4}$"
    need_cms_tools()
    built = beheer_files(REPO, shipped, SiteConfig(), gemeente_names={})
    assert any("gemeenten" in w for w in built.warnings)


def test_what_the_form_checks(shipped) -> None:
    fields = collection(cms_config(shipped, {}, Backend()))["fields"]
    assert field(fields, "id")["pattern"][0] == "^[a-z0-9]+(-[a-z0-9]+)*$"
    assert field(fields, "organisaties")["min"] == 1
    assert field(fields, "website")["pattern"][1].startswith("begin met https://")
    inwoners = field(fields, "kerngegevens", "inwoners")
    assert {k: inwoners[k] for k in ("widget", "value_type", "min")} == {"widget": "number", "value_type": "int", "min": 0}
    assert field(fields, "korte_naam")["pattern"] == ["^[\\s\\S]{0,40}$", "hoogstens 40 tekens"]
    goed = field(fields, "goede_voorbeelden", "bouwstenen")
    assert [o["value"] for o in goed["options"]] == [b.id for b in shipped.bouwstenen] and goed["multiple"]


def test_backend_from_the_settings() -> None:
    assert repo_from_url("https://github.com/hechte-huisartsenzorg/regios") == "hechte-huisartsenzorg/regios"
    assert repo_from_url("https://github.com/org/repo.git/") == "org/repo"
    assert repo_from_url("https://gitlab.com/org/repo") is None


def test_local_backend_only_when_asked(shipped) -> None:
    config = cms_config(shipped, {}, Backend(repo="o/r", local_backend_url="http://127.0.0.1:9/api/v1"))
    assert config["local_backend"] == {"url": "http://127.0.0.1:9/api/v1"}
    assert "publish_mode" not in config  # decap-server's file mode saves directly


def test_the_config_is_deterministic_yaml(shipped) -> None:
    first = config_yaml(cms_config(shipped, dict(shipped.gemeente_namen), Backend(repo="o/r")))
    again = config_yaml(cms_config(shipped, dict(shipped.gemeente_namen), Backend(repo="o/r")))
    assert first == again and first.startswith(b"# Gegenereerd")
    assert yaml.safe_load(first)["collections"][0]["name"] == "regios"


# --- the built site: config.yml is what the generator makes (no drift) -------------------


@pytest.fixture(scope="module")
def built(built_sites) -> Path:
    """The shipped project with cms/ (the form's bundle), built once per run (read only)."""
    need_cms_tools()
    return built_sites("shipped-with-form")


def test_the_built_config_is_the_generated_one(built: Path, shipped) -> None:
    from hhz.config import load_site_config

    expected = beheer_files(built, shipped, load_site_config(built)).files["beheer/config.yml"]
    assert (built / "site" / "beheer" / "config.yml").read_bytes() == expected
    site = built / "site" / "beheer"
    assert (site / "decap-cms.js").is_file() and (site / "yaml" / "index.js").is_file()
    from hhz.load.values import plain_scalar_rules

    assert json.loads((site / "yaml-rules.json").read_bytes())["plain_scalars"] == plain_scalar_rules()
    assert (site / "form-rules.json").read_bytes() == form_rules_json(shipped)
    assert not list(site.glob("*.map")) and not (site / "cms.js").exists()


def test_beheer_has_its_own_csp_and_the_public_one_is_unchanged(built: Path) -> None:
    from hhz.publish.headers import beheer_policy, parse_headers_file

    site = built / "site"
    rules = parse_headers_file((site / "_headers").read_text(encoding="utf-8"))
    assert rules["/beheer/*"]["Content-Security-Policy"] == beheer_policy()
    public = rules["/*"]["Content-Security-Policy"]
    assert "unsafe" not in public and "api.github.com" not in public
    index = (site / "beheer" / "index.html").read_text(encoding="utf-8")
    assert index.count('http-equiv="Content-Security-Policy"') == 1
    assert beheer_policy(for_meta=True).replace("'", "&#x27;") in index or beheer_policy(for_meta=True) in index
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "unsafe-eval" not in home


# --- the format: load and save every shipped region file ---------------------------------


def _values(text: str, name: str):
    doc = load_yaml_text(text, f"regions/{name}")
    assert not doc.diagnostics, [d.message for d in doc.diagnostics]
    return doc.data


def test_load_and_save_loses_nothing_on_every_shipped_file(tmp_path: Path, geo_dir_optional, shipped) -> None:
    need_cms_tools()
    originals = {p.name: p.read_text(encoding="utf-8") for p in sorted((REPO / "regions").glob("*.yaml"))}
    fields = collection(cms_config(shipped, {}, Backend()))["fields"]
    saved = load_and_save(originals, tmp_path / "node", fields)
    assert sorted(saved) == sorted(originals) and len(saved) >= 10
    for name, text in saved.items():
        assert text.splitlines()[0] == SCHEMA_LINE, name
        assert _values(text, name) == _values(originals[name], name), name
    root = copy_project(tmp_path / "project")
    for name, text in saved.items():
        (root / "regions" / name).write_text(text, encoding="utf-8")
    assert git(root, "status", "--porcelain", "regions"), "the format should at least reflow the text"
    for name, text in saved.items():  # the keys keep the models' order, so the diff stays small
        top = [line.split(":")[0] for line in text.splitlines() if line[:1].isalpha()]
        assert top == [k for k in Regio.model_fields if k in top], name
    checked = hhz(root, "validate", ".", geo_dir=geo_dir_optional)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    diff = hhz(root, "diff", "HEAD", geo_dir=geo_dir_optional)
    assert diff.returncode == 0, diff.stdout + diff.stderr
    assert "Geen inhoudelijke wijzigingen" in diff.stdout, diff.stdout


def test_saving_restores_the_schema_line_and_quotes_yaml11_booleans(tmp_path: Path) -> None:
    need_cms_tools()
    text = "id: x\nnaam: 'yes'\nkorte_naam: 'on'\ngemeenten: []\nwebsite: ''\ncontact: {}\n"
    (saved,) = load_and_save({"x.yaml": text}, tmp_path).values()
    assert saved.splitlines()[0] == SCHEMA_LINE
    values = _values(saved, "x.yaml")
    assert values == {"id": "x", "naam": "yes", "korte_naam": "on", "gemeenten": []}


def test_without_the_bundle_beheer_only_says_so(shipped, tmp_path: Path) -> None:
    """No cms/node_modules (no Node): a warning naming the fix, and a beheer/index.html that
    explains it, so the links to beheer/ still work in a strict build."""
    (tmp_path / "site_templates").mkdir()
    import shutil

    shutil.copytree(REPO / "site_templates" / "beheer-ontbreekt", tmp_path / "site_templates" / "beheer-ontbreekt")
    built = beheer_files(tmp_path, shipped, SiteConfig())
    assert list(built.files) == ["beheer/index.html"]
    assert "niet meegebouwd" in built.files["beheer/index.html"].decode("utf-8")
    assert any("npm ci --prefix cms" in w for w in built.warnings)


def test_the_placeholder_gets_a_strict_policy_without_script(tmp_path: Path) -> None:
    """The "not built" page runs no script: no 'unsafe-eval', no script-src at all (default 'none'),
    in its meta tag and in the `/beheer/*` rule; the built form keeps beheer/'s policy."""
    from hhz.publish.headers import beheer_policy, parse_headers_file, placeholder_policy, write_beheer_security

    page = (REPO / "site_templates" / "beheer-ontbreekt" / "index.html").read_text(encoding="utf-8")
    assert "<script" not in page and "style" not in page
    (tmp_path / "beheer").mkdir()
    (tmp_path / "beheer" / "index.html").write_text(page, encoding="utf-8")
    rules = parse_headers_file(write_beheer_security(tmp_path, {"Referrer-Policy": "no-referrer"}))
    assert rules["/beheer/*"]["Content-Security-Policy"] == placeholder_policy()
    assert "Cross-Origin-Opener-Policy" not in rules["/beheer/*"]  # no login popup: the public one stays
    assert "unsafe" not in placeholder_policy() and "script-src" not in placeholder_policy()
    assert placeholder_policy().startswith("default-src 'none'")
    served = (tmp_path / "beheer" / "index.html").read_text(encoding="utf-8")
    assert f'content="{placeholder_policy(for_meta=True)}"'.replace("'", "&#x27;") in served or placeholder_policy(for_meta=True) in served
    assert "unsafe-eval" not in served

    (tmp_path / "beheer" / "index.html").write_text(page, encoding="utf-8")
    (tmp_path / "beheer" / "config.yml").write_text("backend: {}\n", encoding="utf-8")
    rules = parse_headers_file(write_beheer_security(tmp_path, {"Referrer-Policy": "no-referrer"}))
    assert rules["/beheer/*"]["Content-Security-Policy"] == beheer_policy()


def test_the_oauth_proxy_setting_becomes_base_url(shipped) -> None:
    from hhz.editing.cms.bundle import backend_for

    backend = backend_for(SiteConfig(repo_url="https://github.com/o/r", cms_auth_url="https://auth.example.org"))
    assert cms_config(shipped, {}, backend)["backend"]["base_url"] == "https://auth.example.org"


def test_without_geodata_the_committed_gemeente_list_gives_the_names(shipped) -> None:
    import dataclasses

    from hhz.schema.data import read_gemeente_list

    committed = read_gemeente_list(REPO)
    if not committed:
        pytest.skip("schemas/gemeenten.json ontbreekt")
    need_cms_tools()
    without_geo = dataclasses.replace(shipped, gemeente_namen={})
    built = beheer_files(REPO, without_geo, SiteConfig())
    assert not any("gemeenten" in w for w in built.warnings)
    gemeenten = field(collection(yaml.safe_load(built.files["beheer/config.yml"]))["fields"], "gemeenten")
    assert gemeenten["widget"] == "select" and len(gemeenten["options"]) == len(committed)
    assert {"label": f"{committed['GM0828']} (GM0828)", "value": "GM0828"} in gemeenten["options"]


def test_every_field_of_the_models_has_a_widget(shipped) -> None:
    skipped: list[str] = []
    cms_config(shipped, {}, Backend(), skipped)
    assert skipped == []


def test_a_field_without_a_widget_is_left_out_not_a_crash() -> None:
    from pydantic import Field

    from hhz.editing.cms.fields import FieldMapper

    class Odd(BaseModel):
        naam: str = Field(title="Naam", description="Een naam.")
        vorm: complex = Field(title="Vorm", description="Iets zonder widget.")

    mapper = FieldMapper()
    assert [w["name"] for w in mapper.fields(Odd)] == ["naam"]
    assert mapper.skipped == ["Odd.vorm"]


def test_the_evaluations_list_shows_date_and_status(shipped) -> None:
    evaluations = field(collection(cms_config(shipped, {}, Backend()))["fields"], "zelfevaluaties")
    assert evaluations["summary"] == "{{fields.datum}} · {{fields.status}}"


def test_hints_speak_the_forms_language(shipped) -> None:
    """No file paths, YAML, `true` or JJJJ-MM-DD in the form's hints (issue 24)."""
    import re

    found = []

    def walk(fields: list[dict]) -> None:
        for item in fields:
            if re.search(r"\.yaml|\btrue\b|\bfalse\b|\{|JJJJ|YAML|bouwstenen/|regions/", item.get("hint", "")):
                found.append((item["name"], item["hint"]))
            walk(item.get("fields", []))
            walk([item["field"]] if "field" in item else [])

    walk(collection(cms_config(shipped, {}, Backend()))["fields"])
    assert found == []


def test_the_forms_checks_come_from_the_models_and_the_validators_rules(shipped) -> None:
    """beheer/form-rules.json: required fields as the models say, the scale as shipped, and
    only checks that are rules of hhz validate (by id), with messages without line numbers."""
    from hhz.models import Ambitie, Bewijs, BouwsteenScore, Zelfevaluatie
    from hhz.validate.rules import REGION_RULES

    rules = form_rules(shipped)
    assert rules["scale"] == [n.niveau for n in shipped.schaal.niveaus] and rules["scale_text"] == "1 t/m 5"
    required = {kind: [r["name"] for r in items] for kind, items in rules["required"].items()}
    assert required == {
        "evaluation": ["datum", "status", "deelnemers"],
        "block": ["niveau", "toelichting"],
        "ambitie": ["niveau", "jaar"],
        "bewijs": ["titel", "url"],  # the guided form (hhz-rubric.js) has bewijs inline
    }
    for kind, model in (("evaluation", Zelfevaluatie), ("block", BouwsteenScore), ("ambitie", Ambitie), ("bewijs", Bewijs)):
        assert all(model.model_fields[name].is_required() for name in required[kind])
    assert next(r for r in rules["required"]["evaluation"] if r["name"] == "deelnemers")["min_items"] == 1
    assert list(rules["bouwstenen"]) == [b.id for b in shipped.bouwstenen]
    assert set(FORM_CHECKS) <= {rule.name for rule in REGION_RULES}
    for text in [*FORM_CHECKS.values(), *rules["missing"].values()]:
        assert "regel" not in text and "yaml" not in text.lower() and "`" not in text


_PROBLEMS_JS = """
import fs from "fs";
const checks = await import(process.argv[2]);
const { rules, regions } = JSON.parse(fs.readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(regions.map((data) => checks.problems(data, rules).map((p) => p.message))));
"""


def test_the_forms_checks_in_node(shipped, tmp_path: Path) -> None:
    """site_templates/beheer/hhz-checks.js's problems(), with the generated rules: what the
    form's selects cannot produce (levels off the scale) and what a concept may leave out."""
    import shutil
    import subprocess

    from helpers.cms import NODE

    need_cms_tools()
    module = tmp_path / "checks.mjs"
    shutil.copy(REPO / "site_templates" / "beheer" / "hhz-checks.js", module)
    script = tmp_path / "run.mjs"
    script.write_text(_PROBLEMS_JS, encoding="utf-8")
    good = {"datum": "2025-10-14", "status": "concept", "deelnemers": ["bestuur"], "bouwstenen": {}}
    off_scale = {
        **good,
        "datum": "2025-11-01",
        "bouwstenen": {"regiovisie": {"niveau": 7, "toelichting": "x", "scores": {"bestuur": 0}, "ambitie": {"niveau": 9, "jaar": 2027}}},
    }
    half_ambitie = {**good, "datum": "2025-12-01", "bouwstenen": {"arbeidsmarkt": {"niveau": 2, "toelichting": "x", "ambitie": {"jaar": 2027}}}}
    empty_block = {**good, "datum": "2025-12-02", "bouwstenen": {"regiovisie": {"niveau": None, "toelichting": ""}, "ontzorging": {}}}
    bewijs = [{"titel": "Regioplan"}, {"titel": "Jaarverslag", "url": "www.example.org"}, {}]
    half_bewijs = {**good, "datum": "2025-12-03", "bouwstenen": {"regiovisie": {"niveau": 4, "toelichting": "x", "bewijs": bewijs}}}
    regions = [
        {"zelfevaluaties": [good]},
        {"zelfevaluaties": [off_scale]},
        {"zelfevaluaties": [half_ambitie, empty_block]},
        {"zelfevaluaties": [{"deelnemers": ["", None]}]},
        {},
        {"zelfevaluaties": [half_bewijs]},
    ]
    payload = json.dumps({"rules": form_rules(shipped), "regions": regions})
    proc = subprocess.run([NODE, str(script), str(module)], input=payload, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    where = "Zelfevaluatie van 1 november 2025, 1. Regiovisie"
    assert found[0] == [] and found[4] == []
    assert found[1] == [
        f"{where}: niveau 7 staat niet op de groeischaal (1 t/m 5).",
        f"{where}: het niveau 0 van een groep staat niet op de groeischaal (1 t/m 5).",
        f"{where}: ambitieniveau 9 staat niet op de groeischaal (1 t/m 5).",
    ]
    assert found[2] == [
        "Zelfevaluatie van 1 december 2025, 4. Arbeidsmarkt: vul bij de ambitie het ambitieniveau in, of laat de ambitie helemaal leeg."
    ]
    assert found[3] == [
        "Zelfevaluatie 1 (zonder datum): vul de datum in.",
        "Zelfevaluatie 1 (zonder datum): vul de status in.",
        "Zelfevaluatie 1 (zonder datum): vul de deelnemers in.",
    ]
    there = "Zelfevaluatie van 3 december 2025, 1. Regiovisie, bewijs"
    assert found[5] == [
        f"{there} 1: vul het veld adres (url) in, of verwijder dit bewijs.",
        f"{there} 2: het adres klopt niet; begin met https://, http:// of mailto: en gebruik geen spaties.",
        f"{there} 3: vul het veld titel in, of verwijder dit bewijs.",
        f"{there} 3: vul het veld adres (url) in, of verwijder dit bewijs.",
    ], found[5]


def test_region_details_are_folded(shipped) -> None:
    """contact, governance, kerngegevens and regioplan start folded (issue 24: the zelfevaluaties
    started after 3,300 px of region details)."""
    fields = collection(cms_config(shipped, {}, Backend(repo="o/r")))["fields"]
    objects = {f["name"]: f["collapsed"] for f in fields if f.get("widget") == "object"}
    assert objects == {"contact": True, "governance": True, "kerngegevens": True, "regioplan": True}


_REQUIRED_JS = """
import fs from "fs";
const { requiredOnceFilled } = await import(process.argv[2]);
process.stdout.write(JSON.stringify(requiredOnceFilled(JSON.parse(fs.readFileSync(0, "utf8")))));
"""


def test_no_optioneel_on_fields_required_once_their_object_is_filled(shipped, tmp_path: Path) -> None:
    """Fields the validator requires inside an optional object (getoetst: door, datum) carry
    `required_once_filled`; site_templates/beheer/hhz-required.js hides Decap's "(optioneel)"
    for them, by field name, unless a field of that name elsewhere really is optional."""
    import subprocess

    from helpers.cms import NODE

    fields = collection(cms_config(shipped, {}, Backend()))["fields"]
    getoetst = field(fields, "zelfevaluaties", "getoetst")["fields"]
    marks = {f["name"]: (f["required"], f.get("required_once_filled", False)) for f in getoetst}
    assert marks == {"door": (False, True), "datum": (False, True), "opmerking": (False, False)}
    need_cms_tools()
    module = tmp_path / "required.mjs"
    module.write_bytes((REPO / "site_templates" / "beheer" / "hhz-required.js").read_bytes())
    script = tmp_path / "run.mjs"
    script.write_text(_REQUIRED_JS, encoding="utf-8")
    proc = subprocess.run([NODE, str(script), str(module)], input=json.dumps(fields), capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == ["datum", "door"]
    # a really optional field of the same name elsewhere keeps "(optioneel)" for every field of that name
    extra = [*fields, {"name": "extra", "widget": "object", "fields": [{"name": "door", "widget": "string", "required": False}]}]
    proc = subprocess.run([NODE, str(script), str(module)], input=json.dumps(extra), capture_output=True, text=True)
    assert json.loads(proc.stdout) == ["datum"]
