"""JSON Schemas (from the models) and the data shipped in the repository."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hhz.cli.main import app
from hhz.geo.reference import load_geo_reference
from hhz.models import SCHEMA_MODELS, Regio
from hhz.schema.files import SCHEMA_DIR, schema_documents, stale_schema_files, write_schemas
from hhz.schema.extras import models_below
from hhz.schema.data import GEMEENTE_LIST, SchemaData, SchemaDataError, load_schema_data
from hhz.sitefolder import UnsafeFolderError
from hhz.editing.scaffold import region_yaml
from hhz.validate import validate_root
from hhz.vocabulary import BOUWSTEEN_IDS
from projectfactory import make_project

REPO = Path(__file__).resolve().parents[1]
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(?P<target>\S+)\n")
DATA_DIRS = ("regions", "bouwstenen")


def data_files(folder: str) -> list[Path]:
    directory = REPO / folder
    return sorted(directory.glob("*.yaml")) if directory.is_dir() else []


def expected_schema(path: Path) -> str:
    if path.parent.name == "regions":
        return "regio.schema.json"
    return "schaal.schema.json" if path.name == "schaal.yaml" else "bouwsteen.schema.json"


# --- generated schemas ---------------------------------------------------------------


@pytest.fixture(scope="module")
def data(geo) -> SchemaData:
    return load_schema_data(REPO, geo)


@pytest.fixture(scope="module")
def regio(data: SchemaData) -> dict:
    return json.loads(schema_documents(data)["regio.schema.json"])


def test_committed_schemas_equal_the_generated_ones(geo) -> None:
    assert stale_schema_files(REPO, geo) == [], "voer `hhz schema .` uit (met geodata) en commit schemas/"


def test_committed_schemas_without_geodata_use_the_committed_gemeente_list() -> None:
    assert stale_schema_files(REPO, None) == [], "voer `hhz schema .` uit en commit schemas/"


def test_schema_files_are_exactly_the_models() -> None:
    assert sorted(p.name for p in (REPO / SCHEMA_DIR).glob("*.schema.json")) == sorted(
        f"{name}.schema.json" for name in SCHEMA_MODELS
    )


def test_stale_schema_is_detected(tmp_path: Path, geo) -> None:
    root = make_project(tmp_path)
    names = [f"{SCHEMA_DIR}/{name}" for name in schema_documents(load_schema_data(root, geo))]
    assert stale_schema_files(root, geo) == names + [f"{SCHEMA_DIR}/{GEMEENTE_LIST}"]
    write_schemas(root, geo)
    assert stale_schema_files(root, geo) == []
    assert stale_schema_files(root, None) == []  # the list just written stands in for the geodata
    path = root / SCHEMA_DIR / "regio.schema.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"gemeenten"', '"gemeentes"'), encoding="utf-8")
    assert stale_schema_files(root, geo) == [f"{SCHEMA_DIR}/regio.schema.json"]


def test_a_changed_bouwsteen_name_makes_the_schema_stale(tmp_path: Path, geo) -> None:
    root = make_project(tmp_path)
    write_schemas(root, geo)
    path = root / "bouwstenen" / "ontzorging.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("naam: Naam van ontzorging", "naam: Ontzorgen"))
    assert stale_schema_files(root, geo) == [f"{SCHEMA_DIR}/regio.schema.json"]


def test_schema_check_command(tmp_path: Path, geo_dir: Path) -> None:
    runner = CliRunner()
    geo = ["--geo-dir", str(geo_dir)]
    assert runner.invoke(app, ["schema", str(REPO), "--check", *geo]).exit_code == 0
    root = make_project(tmp_path / "p")
    result = runner.invoke(app, ["schema", str(root), "--check", *geo])
    assert result.exit_code == 1
    assert "schemas/regio.schema.json: fout: verouderd" in result.stderr
    assert "schemas/gemeenten.json: fout: verouderd" in result.stderr
    assert not (root / SCHEMA_DIR).exists()  # --check writes nothing
    assert runner.invoke(app, ["schema", str(root), *geo]).exit_code == 0
    assert runner.invoke(app, ["schema", str(root), "--check", *geo]).exit_code == 0
    assert runner.invoke(app, ["schema", str(tmp_path / "leeg")]).exit_code == 2  # not a project


def test_schema_command_names_a_broken_bouwsteen_file(tmp_path: Path, geo_dir: Path) -> None:
    root = make_project(tmp_path)
    (root / "bouwstenen" / "arbeidsmarkt.yaml").write_text("id: arbeidsmarkt\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["schema", str(root), "--geo-dir", str(geo_dir)])
    assert result.exit_code == 1
    assert "herstel eerst deze fouten" in result.stderr
    assert "bouwstenen/arbeidsmarkt.yaml:" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / SCHEMA_DIR).exists()


def test_a_foreign_gemeente_list_is_not_overwritten(tmp_path: Path, geo) -> None:
    root = make_project(tmp_path)
    (root / SCHEMA_DIR).mkdir()
    (root / SCHEMA_DIR / GEMEENTE_LIST).write_text("[1, 2]\n", encoding="utf-8")
    with pytest.raises(UnsafeFolderError, match="gemeentelijst"):
        write_schemas(root, geo)
    with pytest.raises(SchemaDataError, match="geen gemeentelijst"):
        load_schema_data(root, None)


def test_schemas_are_deterministic_and_strict(data: SchemaData, regio: dict) -> None:
    assert schema_documents(data) == schema_documents(data)
    assert regio["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert regio["additionalProperties"] is False  # unknown keys are errors in the editor too
    assert {"id", "naam", "organisaties", "governance"} <= set(regio["required"])
    assert regio["properties"]["gemeenten"]["description"] == Regio.model_fields["gemeenten"].description


# --- the modeline -----------------------------------------------------------------------


@pytest.mark.parametrize("folder", DATA_DIRS)
def test_repository_data_files_point_at_their_schema(folder: str) -> None:
    files = data_files(folder)
    if not files:
        pytest.skip(f"{folder}/ is nog leeg")
    for path in files:
        first = path.read_text(encoding="utf-8").split("\n", 1)[0] + "\n"
        match = MODELINE.match(first)
        assert match, f"{path.relative_to(REPO)}: eerste regel moet `# yaml-language-server: $schema=...` zijn"
        target = (path.parent / match["target"]).resolve()
        assert target.is_file(), f"{path.relative_to(REPO)}: schema {match['target']} bestaat niet"
        assert target.name == expected_schema(path), path.relative_to(REPO)


def test_factory_and_scaffold_files_point_at_existing_schemas(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    (root / "regions" / "nieuw.yaml").write_text(region_yaml("nieuw", "Nieuw"), encoding="utf-8")
    files = sorted((root / "regions").glob("*.yaml")) + sorted((root / "bouwstenen").glob("*.yaml"))
    assert len(files) == 10
    for path in files:
        match = MODELINE.match(path.read_text(encoding="utf-8"))
        assert match, path.name
        assert (REPO / path.parent.name / match["target"]).resolve().is_file(), path.name
        assert Path(match["target"]).name == expected_schema(path)


# --- the shipped data ---------------------------------------------------------------------


def test_shipped_region_files_have_no_errors(geo_dir: Path) -> None:
    """The region files on their own, also while bouwstenen/ is still being filled."""
    if not data_files("regions"):
        pytest.skip("regions/ is nog leeg")
    result = validate_root(REPO, load_geo_reference(geo_dir))
    region_errors = [d for d in result.errors if d.path.startswith("regions/")]
    assert region_errors == []


def test_shipped_data_validates_cleanly(geo_dir: Path) -> None:
    for folder in DATA_DIRS:
        if not data_files(folder):
            pytest.skip(f"{folder}/ is nog leeg")
    result = validate_root(REPO, load_geo_reference(geo_dir))
    assert [d for d in result.diagnostics if d.is_error] == []
    assert result.ok
    assert {r.id for r in result.dataset.regions} == {p.stem for p in data_files("regions")}


# --- the schemas agree with the validator (check-jsonschema, the PyPI tool) ------------------------

CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
EXAMPLE = REPO / "regions" / "doknoord.yaml"

# what the schema rejects, and the validator too: (name, old text, new text) in regions/doknoord.yaml
BOTH_REJECT = [
    ("niveau-6", "        niveau: 2\n", "        niveau: 6\n"),
    ("niveau-woord", "        niveau: 2\n", "        niveau: twee\n"),
    ("gemeente-onbekend", "[GM0014,", "[GM9999,"),
    ("gemeente-naam", "[GM0014,", "[Groningen,"),
    ("bouwsteen-onbekend", "      regiovisie:\n", "      regiovisi:\n"),
    ("sleutel-hoofdletter", "\nkorte_naam:", "\nKorte_naam:"),
    ("status-onbekend", "    status: vastgesteld\n", "    status: klaar\n"),
    ("datum-nederlands", "  - datum: 2024-02-20\n", "  - datum: 20-2-2024\n"),
    ("organisatie-type", "    type: zorggroep\n", "    type: ziekenhuis\n"),
    ("aantal-met-punt", "  inwoners: 660000\n", "  inwoners: 660.500\n"),
    ("verplicht-ontbreekt", "  rechtsvorm: coöperatie\n", ""),
    ("gemeente-twee-keer", "[GM0014,", "[GM0014, GM0014,"),
    ("provincie-onbekend", "provincies: [Groningen, Drenthe]", "provincies: [Groningen, Noord-Drenthe]"),
]
# what only `hhz validate` sees (docs/bijdragen.md, "Wat alleen `hhz validate` controleert")
ONLY_VALIDATOR = [
    ("ambitie-onder-niveau", "        ambitie:\n          niveau: 4\n", "        ambitie:\n          niveau: 1\n"),
    ("datum-in-de-toekomst", "  - datum: 2024-02-20\n", "  - datum: 2099-02-20\n"),
    ("id-niet-bestandsnaam", "id: doknoord\n", "id: doknoord-noord\n"),
    # 660.000 is the number 660.0, which JSON Schema counts as an integer
    ("aantal-punt-nullen", "  inwoners: 660000\n", "  inwoners: 660.000\n"),
]


def _case_project(tmp_path: Path, cases: list[tuple[str, str, str]]) -> Path:
    """One project per case (the validator), all case files in one folder (check-jsonschema)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    for name, old, new in cases:
        assert old in text, name
        root = tmp_path / name
        shutil.copytree(REPO / "bouwstenen", root / "bouwstenen")
        (root / "regions").mkdir(parents=True)
        (root / "regions" / EXAMPLE.name).write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path


def check_jsonschema(schema: str, files: list[Path]) -> dict[str, list[str]]:
    """File -> error messages, from the real check-jsonschema over FILES against schemas/SCHEMA."""
    if not CHECK_JSONSCHEMA.is_file():
        pytest.fail(f"{CHECK_JSONSCHEMA} ontbreekt (pip install -e '.[test]')")
    command = [str(CHECK_JSONSCHEMA), "-o", "json", "--schemafile", str(REPO / SCHEMA_DIR / schema)]
    result = subprocess.run([*command, *map(str, files)], capture_output=True, text=True, timeout=120)
    report = json.loads(result.stdout)
    assert report.get("parse_errors", []) == []
    found: dict[str, list[str]] = {}
    for error in report["errors"]:
        found.setdefault(Path(error["filename"]).parent.parent.name, []).append(error["message"])
    return found


def test_check_jsonschema_accepts_every_shipped_file() -> None:
    bouwstenen = [p for p in data_files("bouwstenen") if p.name != "schaal.yaml"]
    assert check_jsonschema("regio.schema.json", data_files("regions")) == {}
    assert check_jsonschema("bouwsteen.schema.json", bouwstenen) == {}
    assert check_jsonschema("schaal.schema.json", [REPO / "bouwstenen" / "schaal.yaml"]) == {}
    metaschema = subprocess.run(
        [str(CHECK_JSONSCHEMA), "--check-metaschema", *map(str, sorted((REPO / SCHEMA_DIR).glob("*.schema.json")))],
        capture_output=True, text=True, timeout=120,
    )
    assert metaschema.returncode == 0, metaschema.stdout


def test_what_the_schema_rejects_the_validator_rejects_too(tmp_path: Path, geo) -> None:
    root = _case_project(tmp_path, BOTH_REJECT)
    rejected = check_jsonschema("regio.schema.json", sorted(root.glob("*/regions/*.yaml")))
    assert sorted(rejected) == sorted(name for name, _old, _new in BOTH_REJECT)
    for name, _old, _new in BOTH_REJECT:
        assert validate_root(root / name, geo).errors, f"{name}: de validator keurt het goed"


def test_what_only_the_validator_sees_passes_the_schema(tmp_path: Path, geo) -> None:
    root = _case_project(tmp_path, ONLY_VALIDATOR)
    assert check_jsonschema("regio.schema.json", sorted(root.glob("*/regions/*.yaml"))) == {}
    for name, _old, _new in ONLY_VALIDATOR:
        assert validate_root(root / name, geo).errors, f"{name}: de validator keurt het goed"


# --- the snippets ----------------------------------------------------------------------------------

PLACEHOLDER = re.compile(r"\^?\$\{\d+(?::(?P<default>[^}]*)|\|(?P<choice>[^,|]*)[^}]*)\}")


def _filled(value, today: str):
    """A snippet body with each tab stop replaced by its default or first choice."""
    if isinstance(value, dict):
        return {key: _filled(item, today) for key, item in value.items()}
    if isinstance(value, list):
        return [_filled(item, today) for item in value]
    match = PLACEHOLDER.fullmatch(value)
    assert match, value
    text = match["default"] if match["default"] is not None else match["choice"]
    if text == "JJJJ-MM-DD":
        return dt.date.fromisoformat(today)
    return int(text) if value.startswith("^") else text


def test_every_snippet_becomes_valid_once_its_placeholders_are_filled(regio: dict) -> None:
    from hhz.models import GoedVoorbeeld, Organisatie, Zelfevaluatie

    models = {"Zelfevaluatie": Zelfevaluatie, "GoedVoorbeeld": GoedVoorbeeld, "Organisatie": Organisatie}
    for def_name, model in models.items():
        (snippet,) = regio["$defs"][def_name]["defaultSnippets"]
        value = model.model_validate(_filled(snippet["body"], "2025-01-01"))
        assert value is not None
    (evaluation,) = regio["$defs"]["Zelfevaluatie"]["defaultSnippets"]
    assert list(evaluation["body"]["bouwstenen"]) == [b for b in regio["$defs"]["Zelfevaluatie"]["properties"]["bouwstenen"]["properties"]]


# --- the data in the schemas ------------------------------------------------------------------------


def test_the_schema_carries_the_bouwstenen_the_scale_and_the_gemeenten(data: SchemaData, regio: dict, geo) -> None:
    defs = regio["$defs"]
    bouwstenen = defs["Zelfevaluatie"]["properties"]["bouwstenen"]
    assert list(bouwstenen["properties"]) == [b.id for b in data.bouwstenen]
    assert sorted(bouwstenen["properties"]) == sorted(BOUWSTEEN_IDS)
    for info in data.bouwstenen:
        assert bouwstenen["properties"][info.id]["title"] == info.naam
        assert bouwstenen["properties"][info.id]["description"] == info.samenvatting
    assert bouwstenen["additionalProperties"] is False
    for node in (defs["BouwsteenScore"]["properties"]["niveau"], defs["Ambitie"]["properties"]["niveau"]):
        assert (node["minimum"], node["maximum"], node["enum"]) == (1, 5, [1, 2, 3, 4, 5])
    items = regio["properties"]["gemeenten"]["items"]
    assert items["enum"] == sorted(geo.gemeenten)
    assert items["markdownEnumDescriptions"][items["enum"].index("GM0034")] == "GM0034 (Almere)"
    assert "x-hhz-niveau" not in json.dumps(regio)


def test_the_committed_gemeente_list_is_the_geodata(geo) -> None:
    committed = json.loads((REPO / SCHEMA_DIR / GEMEENTE_LIST).read_text(encoding="utf-8"))
    assert committed["gemeenten"] == dict(sorted(geo.gemeenten.items()))
    assert load_schema_data(REPO, None).gemeenten == load_schema_data(REPO, geo).gemeenten


def _nodes(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list):
        for item in node:
            yield from _nodes(item)


@pytest.mark.parametrize("name", sorted(SCHEMA_MODELS))
def test_every_constrained_node_has_a_dutch_error_message(name: str, data: SchemaData) -> None:
    schema = json.loads(schema_documents(data)[f"{name}.schema.json"])
    for node in _nodes(schema):
        if {"pattern", "enum", "format"} & set(node) or node.get("type") in ("integer", "string", "object", "array"):
            if node.get("type") == "object" and "properties" not in node:
                continue  # a map of free keys (scores per groep): its values carry the message
            assert node.get("errorMessage"), node


@pytest.mark.parametrize("name", sorted(SCHEMA_MODELS))
def test_titles_and_descriptions_are_the_models(name: str, data: SchemaData) -> None:
    """Every field's hover text is the model's own (models.py is the one source)."""
    schema = json.loads(schema_documents(data)[f"{name}.schema.json"])
    root_model = SCHEMA_MODELS[name]
    models = {m.__name__: m for m in models_below(root_model)}
    for def_name, node in [("", schema), *schema.get("$defs", {}).items()]:
        model = models[def_name] if def_name else root_model
        for field_name, field in model.model_fields.items():
            shown = node["properties"][field_name]
            if field_name == "bouwstenen" and model.__name__ == "Zelfevaluatie":
                assert shown["title"] == field.title  # the six under it carry the bouwstenen' names
            assert (shown["title"], shown["description"]) == (field.title, field.description)


def test_the_site_publishes_the_committed_schemas(geo) -> None:
    """The build makes its open-data copy from the dataset: the same bytes as schemas/."""
    from hhz.schema.data import site_schema_data

    result = validate_root(REPO, geo)
    assert result.dataset is not None
    for with_geo in (geo, None):
        published = {n: t.encode("utf-8") for n, t in schema_documents(site_schema_data(REPO, result.dataset, with_geo)).items()}
        for name, content in published.items():
            assert content == (REPO / SCHEMA_DIR / name).read_bytes(), name


# --- every object's hint is Dutch, never a class docstring -------------------------------------

ENGLISH_WORDS = {"the", "for", "with", "by", "one", "an", "which", "from", "piece", "review", "optionally"}


def _descriptions(node, path="#"):
    if isinstance(node, dict):
        if isinstance(node.get("description"), str):
            yield path, node["description"]
        for key, value in node.items():
            yield from _descriptions(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _descriptions(value, f"{path}/{index}")


def _schema_objects():
    for name in SCHEMA_MODELS:
        schema = json.loads((REPO / SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
        yield name, "#", schema
        for def_name, node in schema.get("$defs", {}).items():
            yield name, f"#/$defs/{def_name}", node


def test_every_schema_object_has_the_models_dutch_description():
    for name, path, node in _schema_objects():
        assert node.get("description"), (name, path)
    schema = json.loads((REPO / SCHEMA_DIR / "regio.schema.json").read_text(encoding="utf-8"))
    assert schema["$defs"]["Toetsing"]["description"] == (
        "Wie de zelfevaluatie toetste (een organisatie of rol), wanneer en met welke opmerking."
    )
    assert schema["$defs"]["Bewijs"]["description"] == (
        "Een document of webpagina die het niveau onderbouwt; optioneel soort en datum."
    )


def test_no_schema_description_is_a_class_docstring_or_english():
    import inspect

    docstrings = {
        inspect.cleandoc(model.__doc__)
        for root in SCHEMA_MODELS.values()
        for model in models_below(root)
        if model.__doc__
    }
    for name in SCHEMA_MODELS:
        schema = json.loads((REPO / SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
        for path, text in _descriptions(schema):
            assert text not in docstrings, (name, path, text)
            english = ENGLISH_WORDS & set(re.findall(r"[a-z]+", text.lower()))
            assert not english, (name, path, text, english)


def test_every_model_gives_its_own_dutch_description():
    seen: dict[str, str] = {}
    for root_name, root in SCHEMA_MODELS.items():
        schema = json.loads((REPO / SCHEMA_DIR / f"{root_name}.schema.json").read_text(encoding="utf-8"))
        for model in models_below(root):
            extra = model.model_config.get("json_schema_extra")
            assert isinstance(extra, dict) and extra.get("description"), model.__name__
            node = schema if model is root else schema["$defs"][model.__name__]
            assert node["description"] == extra["description"], model.__name__
            assert seen.setdefault(extra["description"], model.__name__) == model.__name__
