"""The open data for portals and tools: data/datapackage.json (Frictionless), the DCAT-AP-NL
3.0 catalogue data/catalogus.jsonld, the Excel workbook and a JSON Schema per JSON file.

`frictionless validate` runs on the built data and passes, and fails on a broken CSV; the
catalogue is parsed with rdflib and checked for the mandatory properties of DCAT-AP-NL 3.0;
every JSON file validates against its schema, and a broken one does not.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers.builds import copy_shipped_sources

SITE_URL = "https://regios.voorbeeld.nl/"
FRICTIONLESS = Path(sys.executable).with_name("frictionless")


@pytest.fixture(scope="module")
def data(tmp_path_factory, geo_dir_optional, hhz_build) -> Path:
    root = tmp_path_factory.mktemp("opendata")
    copy_shipped_sources(root)
    proc = hhz_build(root, "-q", "--site-url", SITE_URL, geo_dir=geo_dir_optional)
    assert proc.returncode == 0, proc.stderr
    return root / "site" / "data"


def package(data: Path) -> dict:
    return json.loads((data / "datapackage.json").read_text(encoding="utf-8"))


def frictionless(folder: Path) -> subprocess.CompletedProcess[str]:
    if not FRICTIONLESS.exists():
        pytest.fail(f"{FRICTIONLESS} ontbreekt (pip install -e '.[test]')")
    return subprocess.run(
        [str(FRICTIONLESS), "validate", "--json", "datapackage.json"], cwd=folder, capture_output=True, text=True, timeout=300
    )


def test_frictionless_validates_the_package(data: Path) -> None:
    proc = frictionless(data)
    report = json.loads(proc.stdout)
    assert proc.returncode == 0 and report["valid"], proc.stdout[:3000]
    names = {task["name"] for task in report["tasks"]}
    assert {"zelfevaluaties", "ontwikkeling", "zelfevaluaties-per-jaar", "regios", "vergelijk"} <= names


def test_a_broken_csv_makes_frictionless_fail(data: Path, tmp_path: Path) -> None:
    broken = tmp_path / "data"
    shutil.copytree(data, broken)
    path = broken / "zelfevaluaties.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[1][rows[0].index("niveau")] = "drie"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    proc = frictionless(broken)
    report = json.loads(proc.stdout)
    assert proc.returncode != 0 and not report["valid"]
    errors = [e for task in report["tasks"] for e in task["errors"]]
    assert any(e["type"] == "type-error" and e["fieldName"] == "niveau" for e in errors), errors


def test_every_column_is_typed_with_dutch_texts(data: Path) -> None:
    tables = [r for r in package(data)["resources"] if r["profile"] == "tabular-data-resource"]
    assert len(tables) == 3
    for resource in tables:
        header = next(csv.reader(io.StringIO((data / resource["path"]).read_text(encoding="utf-8"))))
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == header, resource["name"]
        for field in fields:
            assert field["type"] in ("string", "integer", "date", "boolean"), (resource["name"], field)
            assert field["title"] and field["description"], (resource["name"], field["name"])
        types = {f["name"]: f["type"] for f in fields}
        assert types.get("niveau", "integer") == "integer" and types.get("jaar", "integer") == "integer"
        assert all(types[name] == "date" for name in types if name in ("datum", "peildatum", "getoetst_datum"))
    ontwikkeling = next(r for r in tables if r["name"] == "ontwikkeling")
    assert "geen" in ontwikkeling["schema"]["missingValues"]
    zelf = next(r for r in tables if r["name"] == "zelfevaluaties")
    niveau = next(f for f in zelf["schema"]["fields"] if f["name"] == "niveau")
    assert niveau["title"] == "Niveau" and niveau["description"].startswith("Het niveau waarover de deelnemers")
    assert niveau["constraints"]["minimum"] == 1 and niveau["constraints"]["maximum"] == 5
    meta = package(data)
    assert meta["licenses"][0]["name"] == "CC-BY-4.0" and meta["sources"] and meta["peildatum"]
    assert "gemiddeld" not in json.dumps(meta).lower()


def test_every_json_file_has_a_schema_it_satisfies(data: Path, tmp_path: Path) -> None:
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    def registry(folder: Path) -> Registry:
        """The published schemas by file name: the data files' schemas refer to them so."""
        resources = [
            (p.name, Resource.from_contents(json.loads(p.read_text(encoding="utf-8")), default_specification=DRAFT202012))
            for p in sorted((folder / "schemas").glob("*.json"))
        ]
        return Registry().with_resources(resources)

    described = {r["path"]: r["jsonSchema"] for r in package(data)["resources"] if "jsonSchema" in r}
    json_files = sorted(p.name for p in data.glob("*.json") if p.name != "datapackage.json")
    assert sorted(described) == json_files  # vergelijk.json and the wrappers included
    reg = registry(data)
    for name, schema_path in described.items():
        schema = json.loads((data / schema_path).read_text(encoding="utf-8"))
        validator = jsonschema.Draft202012Validator(schema, registry=reg)
        errors = list(validator.iter_errors(json.loads((data / name).read_text(encoding="utf-8"))))
        assert errors == [], (name, [e.message for e in errors[:3]])
    # a control: a changed shape is caught
    regios = json.loads((data / "regios.json").read_text(encoding="utf-8"))
    regios["regios"][0]["zelfevaluaties"][0]["datum"] = 20240101
    schema = json.loads((data / described["regios.json"]).read_text(encoding="utf-8"))
    assert list(jsonschema.Draft202012Validator(schema, registry=reg).iter_errors(regios))
    compare = json.loads((data / "vergelijk.json").read_text(encoding="utf-8"))
    compare["regios"][0]["gemiddeld"] = 3
    schema = json.loads((data / described["vergelijk.json"]).read_text(encoding="utf-8"))
    assert list(jsonschema.Draft202012Validator(schema, registry=reg).iter_errors(compare))


DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"


def test_the_catalogue_has_every_mandatory_dcat_ap_nl_property(data: Path) -> None:
    from rdflib import RDF, Graph, Namespace, URIRef

    dcat, dct = Namespace(DCAT), Namespace(DCT)
    graph = Graph().parse(data=(data / "catalogus.jsonld").read_text(encoding="utf-8"), format="json-ld", base=SITE_URL + "data/catalogus.jsonld")
    datasets = list(graph.subjects(RDF.type, dcat.Dataset))
    assert len(datasets) == 1
    dataset = datasets[0]
    assert str(dataset).startswith(SITE_URL)
    for prop in (dct.title, dct.description, dct.identifier, dct.publisher, dct.creator, dcat.contactPoint, dct.accessRights, dcat.theme):
        assert graph.value(dataset, prop) is not None, prop
    assert graph.value(dataset, dcat.theme) == URIRef("http://standaarden.overheid.nl/owms/terms/Zorg_en_gezondheid")
    assert graph.value(dataset, dct.accessRights) == URIRef("http://publications.europa.eu/resource/authority/access-right/PUBLIC")
    assert graph.value(dataset, dct.title).language == "nl"
    distributions = list(graph.objects(dataset, dcat.distribution))
    files = sorted(p.name for p in data.iterdir() if p.suffix in (".csv", ".json", ".xlsx") and p.name != "datapackage.json")
    assert len(distributions) == len(files) > 5
    downloads = []
    for dist in distributions:
        for prop in (dcat.accessURL, dct.license, dcat.downloadURL, dcat.mediaType):
            assert graph.value(dist, prop) is not None, (dist, prop)
        assert graph.value(dist, dct.license) == URIRef("http://publications.europa.eu/resource/authority/licence/CC_BY_4_0")
        downloads.append(str(graph.value(dist, dcat.downloadURL)))
    assert sorted(downloads) == [SITE_URL + "data/" + name for name in files]
    contact = graph.value(dataset, dcat.contactPoint)
    assert graph.value(contact, Namespace("http://www.w3.org/2006/vcard/ns#").hasURL) is not None


def test_the_workbook_has_one_typed_sheet_per_table_and_fixed_bytes(data: Path) -> None:
    import datetime as dt
    import zipfile

    from hhz.render.opendata_tables import SHEET_NAMES, workbook

    book = (data / "hechte-huisartsenzorg.xlsx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        names = archive.namelist()
        assert len([n for n in names if n.startswith("xl/worksheets/sheet")]) == len(SHEET_NAMES) == 3
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode("utf-8")
        sheet = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert f">{package(data)['peildatum']}T00:00:00Z</dcterms:created>" in core  # the peildatum, not the clock
    assert '<c r="G2" s="0"><v>' in sheet or '<c r="G2"><v>' in sheet  # niveau as a number, not text
    files = {f"data/{p.name}": p.read_bytes() for p in data.glob("*.csv")}
    schemas = {f"data/{r['path']}": r["schema"] for r in package(data)["resources"] if "schema" in r}
    first = workbook(files, schemas, dt.date(2025, 12, 31))
    time.sleep(1.1)  # a clock in the bytes would show now
    assert workbook(files, schemas, dt.date(2025, 12, 31)) == first


@pytest.mark.parametrize(
    "setting, message",
    [
        ('theme = "http://example.org/zorg"', "DONL-waardelijst"),
        ('contact_email = "geen-adres"', "geen e-mailadres"),
        ('publisher_url = "http://ineen.nl"', "https://"),
    ],
)
def test_bad_catalogue_settings_get_a_dutch_error(tmp_path: Path, setting: str, message: str) -> None:
    from projectfactory import make_project

    make_project(tmp_path)
    (tmp_path / "pyproject.toml").write_text(f"[tool.hhz]\n{setting}\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "hhz", "build", str(tmp_path), "-q"], capture_output=True, text=True)
    assert proc.returncode == 2 and message in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
