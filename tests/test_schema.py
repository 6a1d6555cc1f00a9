"""JSON Schemas (from the models) and the data shipped in the repository."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hhz.cli import app
from hhz.geo import load_geo_reference
from hhz.models import SCHEMA_MODELS, Regio
from hhz.schema import SCHEMA_DIR, schema_documents, stale_schema_files, write_schemas
from hhz.schema_data import GEMEENTE_LIST, SchemaData, SchemaDataError, load_schema_data
from hhz.sitefolder import UnsafeFolderError
from hhz.scaffold import region_yaml
from hhz.validate import validate_root
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
