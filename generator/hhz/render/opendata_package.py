"""The open data described for portals and tools, from the same files the site publishes:

* ``data/datapackage.json``: a Frictionless Data Package (v1 profile, so current
  ``frictionless validate`` accepts it): every CSV with a Table Schema (every column typed,
  Dutch titles and descriptions from the models' field texts), every JSON file with its JSON
  Schema (``jsonSchema``, the property Frictionless reserves for it), licence, sources and
  the peildatum;
* ``data/catalogus.jsonld``: a DCAT-AP-NL 3.0 catalogue record (JSON-LD) from ``[tool.hhz]``;
* ``data/hechte-huisartsenzorg.xlsx``: the tables as an Excel workbook, one sheet per table,
  typed cells, deterministic bytes (people at koepels and regions open data in Excel with
  Dutch settings, where a comma CSV lands in one column, BOM or not);
* ``data/schemas/*.json.schema.json``: a JSON Schema for every JSON file in ``data/``.

Everything is derived from the dataset, the models and the bytes of the CSV files, so two
builds of the same data give the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

from ..config import SiteConfig
from ..dataset import Dataset
from ..derive.evaluation import EvaluationFigures
from ..models import Ambitie, BouwsteenScore, GoedVoorbeeld, Regio, Toetsing, Zelfevaluatie
from ..urls import DATA, URLS
from ..vocabulary import NO_EVALUATION_LABEL, SCORE_GROEPEN, VERDEELD_MIN_SPREAD
from .opendata import CSV_COLUMNS, LICENCE

PACKAGE = f"{DATA}/datapackage.json"
CATALOGUE = f"{DATA}/catalogus.jsonld"
WORKBOOK = f"{DATA}/hechte-huisartsenzorg.xlsx"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_EU = "http://publications.europa.eu/resource/authority/licence/CC_BY_4_0"
PUBLIC_ACCESS = "http://publications.europa.eu/resource/authority/access-right/PUBLIC"
FILE_TYPES = {"csv": "CSV", "json": "JSON", "xlsx": "XLSX", "jsonld": "JSON_LD"}
MEDIA_TYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MISSING = ""  # an empty cell: no value
NO_LEVEL = "geen"  # ontwikkeling.csv: the row of regions without a vastgestelde zelfevaluatie
BOOLEAN = {"trueValues": ["true"], "falseValues": ["false"]}


def _field_text(model: type, name: str) -> tuple[str, str]:
    info = model.model_fields[name]  # type: ignore[attr-defined]
    return info.title or name, info.description or ""


def _field(name: str, kind: str, title: str, description: str, **extra: Any) -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "type": kind, "title": title, "description": description}
    if kind == "boolean":
        field.update(BOOLEAN)
    if kind == "date":
        field["format"] = "default"  # ISO 8601, JJJJ-MM-DD
    field.update(extra)
    return field


def _from_model(name: str, kind: str, model: type, attribute: str, prefix: str = "", suffix: str = "", **extra: Any):
    title, description = _field_text(model, attribute)
    return _field(name, kind, prefix + title, (description + suffix).strip(), **extra)


def _levels(dataset: Dataset) -> dict[str, int]:
    levels = [level.niveau for level in dataset.schaal.niveaus]
    return {"minimum": min(levels), "maximum": max(levels)}


def zelfevaluaties_schema(dataset: Dataset) -> dict[str, Any]:
    """Table Schema of data/zelfevaluaties.csv: the texts are the models' own field texts."""
    levels = _levels(dataset)
    ids = list(dataset.bouwsteen_ids)
    fields = [
        _from_model("regio", "string", Regio, "id", "Regio: ", constraints={"required": True}),
        _from_model("regio_naam", "string", Regio, "naam", "Regio: ", constraints={"required": True}),
        _from_model("datum", "date", Zelfevaluatie, "datum", "Zelfevaluatie: ", constraints={"required": True}),
        _from_model(
            "status", "string", Zelfevaluatie, "status", "Zelfevaluatie: ",
            constraints={"required": True, "enum": ["concept", "vastgesteld"]},
        ),
        _from_model("voorbeeld", "boolean", Zelfevaluatie, "voorbeeld", constraints={"required": True}),
        _field(
            "bouwsteen", "string", "Bouwsteen", "De id van de bouwsteen; naam en niveaus staan in bouwstenen.json.",
            constraints={"required": True, "enum": ids},
        ),
        _from_model("niveau", "integer", BouwsteenScore, "niveau", constraints={"required": True, **levels}),
        _from_model("ambitie_niveau", "integer", Ambitie, "niveau", suffix=" Leeg: geen ambitie opgegeven.", constraints=levels),
        _from_model("ambitie_jaar", "integer", Ambitie, "jaar", "Ambitie: ", suffix=" Leeg: geen ambitie opgegeven."),
        _from_model("toelichting", "string", BouwsteenScore, "toelichting", constraints={"required": True}),
        _from_model(
            "bewijs", "string", BouwsteenScore, "bewijs",
            suffix=" In deze kolom per bewijs 'titel <url> (soort, datum)', gescheiden door ' | '.",
        ),
        _from_model("deelnemers", "string", Zelfevaluatie, "deelnemers", suffix=" Gescheiden door '; '."),
    ]
    for group, (label, who) in SCORE_GROEPEN.items():
        fields.append(
            _field(
                f"score_{group}", "integer", f"Score: {label}",
                f"Het niveau dat deze groep gaf ({who}) voordat de deelnemers het eens werden. Leeg: niet opgegeven.",
                constraints=levels,
            )
        )
    fields += [
        _field("scores_laagste", "integer", "Laagste score", "De laagste van de scores per groep; leeg zonder scores.", constraints=levels),
        _field("scores_hoogste", "integer", "Hoogste score", "De hoogste van de scores per groep; leeg zonder scores.", constraints=levels),
        _field(
            "verdeeld", "boolean", "Verdeeld",
            f"Waar (true): de scores per groep liggen {VERDEELD_MIN_SPREAD} niveaus of meer uit elkaar; leeg zonder scores.",
        ),
        _from_model("getoetst_door", "string", Toetsing, "door", suffix=" Leeg: niet getoetst."),
        _from_model("getoetst_datum", "date", Toetsing, "datum", suffix=" Leeg: niet getoetst."),
        _from_model("getoetst_opmerking", "string", Toetsing, "opmerking"),
    ]
    assert [f["name"] for f in fields] == CSV_COLUMNS, "zelfevaluaties.csv en zijn Table Schema lopen uiteen"
    return {"fields": fields, "missingValues": [MISSING], "primaryKey": ["regio", "datum", "bouwsteen"]}


def _count(name: str, title: str, description: str) -> dict[str, Any]:
    return _field(name, "integer", title, description, constraints={"required": True, "minimum": 0})


def _year_fields() -> list[dict[str, Any]]:
    return [
        _field("jaar", "integer", "Jaar", "Het jaar van de telling.", constraints={"required": True}),
        _field(
            "peildatum", "date", "Peildatum",
            "31 december van het jaar, of de dag van de build in het lopende jaar.", constraints={"required": True},
        ),
    ]


def ontwikkeling_schema(dataset: Dataset) -> dict[str, Any]:
    fields = [
        *_year_fields(),
        _field("bouwsteen", "string", "Bouwsteen", "De id van de bouwsteen.", constraints={"required": True, "enum": list(dataset.bouwsteen_ids)}),
        _field(
            "niveau", "integer", "Niveau",
            f"Het niveau op de groeischaal; '{NO_LEVEL}' (een ontbrekende waarde): regio's zonder vastgestelde "
            f"zelfevaluatie ({NO_EVALUATION_LABEL.lower()}).",
            constraints=_levels(dataset),
        ),
        _count("regios", "Regio's", "Hoeveel regio's op de peildatum dit niveau hadden."),
    ]
    return {"fields": fields, "missingValues": [MISSING, NO_LEVEL], "primaryKey": ["jaar", "bouwsteen", "niveau"]}


def per_jaar_schema() -> dict[str, Any]:
    fields = [
        *_year_fields(),
        _count("regios", "Regio's", "Het aantal regio's op de site."),
        _count("met_vastgestelde_zelfevaluatie", "Met vastgestelde zelfevaluatie", "Regio's met een vastgestelde zelfevaluatie op de peildatum."),
        _count("waarvan_verouderd", "Waarvan verouderd", "Daarvan: de nieuwste is op de peildatum verouderd."),
        _count("nog_geen_zelfevaluatie", "Nog geen zelfevaluatie", "Regio's zonder vastgestelde zelfevaluatie op de peildatum."),
    ]
    return {"fields": fields, "missingValues": [MISSING], "primaryKey": ["jaar"]}


# --- JSON Schemas of the JSON files ---------------------------------------------------------

SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _wrapper(title: str, description: str, properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "$schema": SCHEMA_DRAFT,
        "title": title,
        "description": description,
        "type": "object",
        "properties": {"licentie": {"const": LICENCE, "title": "Licentie"}, **properties},
        "required": ["licentie", *properties],
        "additionalProperties": False,
    }


def _nullable(kind: str | list[str]) -> dict[str, Any]:
    kinds = [kind] if isinstance(kind, str) else kind
    return {"type": [*kinds, "null"]}


def json_schemas(dataset: Dataset) -> dict[str, dict[str, Any]]:
    """``{data file: its JSON Schema}``; the input schemas (regio, bouwsteen, schaal) describe
    the items, so the JSON files and the YAML files cannot differ in shape unseen."""
    levels = _levels(dataset)
    level = {"type": "integer", **levels}
    practice = GoedVoorbeeld.model_json_schema(mode="serialization")
    practice["properties"] = {
        "regio": {"type": "string", "title": "Regio", "description": "De id van de regio."},
        "regio_naam": {"type": "string", "title": "Naam van de regio"},
        **practice["properties"],
    }
    practice["required"] = ["regio", "regio_naam", *practice.get("required", [])]
    practice.pop("$schema", None)
    practice_defs = practice.pop("$defs", {})  # '#/$defs/…' refers to the document's root
    trend = {
        "type": "object",
        "properties": {
            "niveau": {**_nullable("integer"), **levels},
            "niveau_tekst": _nullable("string"),
            "kleur": {"type": "string"},
            "ontwikkeling": _nullable("string"),
            "ontwikkeling_tekst": _nullable("string"),
            "ambitie_tekst": _nullable("string"),
        },
        "required": ["niveau", "niveau_tekst", "kleur", "ontwikkeling", "ontwikkeling_tekst", "ambitie_tekst"],
        "additionalProperties": False,
    }
    compare_region = {
        "type": "object",
        "properties": {
            "id": {"type": "string"},
            "naam": {"type": "string"},
            "korte_naam": {"type": "string"},
            "pagina": {"type": "string", "description": "Pad van de regiopagina, vanaf de hoofdmap van de site."},
            "scorekaart": {"type": "string", "description": "Pad van de scorekaart (SVG)."},
            "scorekaart_maat": {"type": "array", "items": {"type": "integer", "minimum": 1}, "minItems": 2, "maxItems": 2},
            "datum": {**_nullable("string"), "format": "date"},
            "datum_tekst": _nullable("string"),
            "vorige_datum_tekst": _nullable("string"),
            "verouderd": {"type": "boolean"},
            "voorbeeld": {"type": "boolean"},
            "bouwstenen": {
                "type": "object",
                "properties": {b: trend for b in dataset.bouwsteen_ids},
                "required": list(dataset.bouwsteen_ids),
                "additionalProperties": False,
            },
        },
        "required": [
            "id", "naam", "korte_naam", "pagina", "scorekaart", "scorekaart_maat", "datum", "datum_tekst",
            "vorige_datum_tekst", "verouderd", "voorbeeld", "bouwstenen",
        ],
        "additionalProperties": False,
    }
    counts = {"type": "integer", "minimum": 0}
    year = {
        "type": "object",
        "properties": {
            "jaar": {"type": "integer"},
            "peildatum": {"type": "string", "format": "date"},
            "regios": counts,
            "met_vastgestelde_zelfevaluatie": counts,
            "waarvan_verouderd": counts,
            "nog_geen_zelfevaluatie": counts,
            "bouwstenen": {
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "properties": {
                        "niveaus": {"type": "object", "additionalProperties": counts, "propertyNames": {"pattern": "^[0-9]+$"}},
                        "nog_geen_zelfevaluatie": counts,
                    },
                    "required": ["niveaus", "nog_geen_zelfevaluatie"],
                    "additionalProperties": False,
                },
            },
        },
        "required": ["jaar", "peildatum", "regios", "met_vastgestelde_zelfevaluatie", "waarvan_verouderd", "nog_geen_zelfevaluatie", "bouwstenen"],
        "additionalProperties": False,
    }
    return {
        URLS.regions_json: _wrapper(
            "regios.json", "Alle regio's zoals in hun YAML-bestand (standaardwaarden ingevuld), met de schaal.",
            {"schaal": {"$ref": "schaal.schema.json"}, "regios": {"type": "array", "items": {"$ref": "regio.schema.json"}}},
        ),
        URLS.bouwstenen_json: _wrapper(
            "bouwstenen.json", "De bouwstenen met criteria en niveaus, met de schaal.",
            {"schaal": {"$ref": "schaal.schema.json"}, "bouwstenen": {"type": "array", "items": {"$ref": "bouwsteen.schema.json"}}},
        ),
        URLS.practices_json: {
            **_wrapper(
                "goede-voorbeelden.json", "Alle goede voorbeelden met hun regio.",
                {"goede_voorbeelden": {"type": "array", "items": practice}},
            ),
            "$defs": practice_defs,
        },
        URLS.ontwikkeling_json: _wrapper(
            "ontwikkeling.json", "Het landelijke beeld per jaar: per bouwsteen hoeveel regio's op elk niveau.",
            {
                "telling": {"type": "string", "description": "Hoe er geteld is."},
                "niveaus": {"type": "array", "items": level},
                "jaren": {"type": "array", "items": year},
                "scores_per_groep_nu": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {"bouwsteen": {"type": "string"}, "regios_met_scores_per_groep": counts, "waarvan_verdeeld": counts},
                        "required": ["bouwsteen", "regios_met_scores_per_groep", "waarvan_verdeeld"],
                        "additionalProperties": False,
                    },
                },
            },
        ),
        URLS.compare_json: {
            "$schema": SCHEMA_DRAFT,
            "title": "vergelijk.json",
            "description": "Waar de pagina Vergelijken mee werkt: per regio de huidige niveaus, ontwikkeling en ambitie, met teksten.",
            "type": "object",
            "properties": {
                "min": {"type": "integer", "minimum": 1},
                "max": {"type": "integer", "minimum": 1},
                "bouwstenen": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {"id": {"type": "string"}, "naam": {"type": "string"}},
                        "required": ["id", "naam"],
                        "additionalProperties": False,
                    },
                },
                "regios": {"type": "array", "items": compare_region},
            },
            "required": ["min", "max", "bouwstenen", "regios"],
            "additionalProperties": False,
        },
    }


def json_schema_path(data_file: str) -> str:
    """data/regios.json -> data/schemas/regios.json.schema.json"""
    return URLS.schema(data_file.rsplit("/", 1)[-1] + ".schema.json")


# --- the data package ---------------------------------------------------------------------

CSV_TABLES = {
    URLS.zelfevaluaties_csv: ("zelfevaluaties", "Zelfevaluaties", "Eén regel per regio, datum en bouwsteen: niveau, ambitie, toelichting, bewijs, scores per groep en toetsing."),
    URLS.ontwikkeling_csv: ("ontwikkeling", "Ontwikkeling per bouwsteen", "Per jaar, bouwsteen en niveau het aantal regio's (de cijfers van de pagina Ontwikkeling)."),
    URLS.zelfevaluaties_per_jaar_csv: ("zelfevaluaties-per-jaar", "Zelfevaluaties per jaar", "Per jaar hoeveel regio's een vastgestelde zelfevaluatie hadden, hoeveel verouderd en hoeveel nog geen."),
}
JSON_FILES = {
    URLS.regions_json: ("regios", "Regio's", "Alle regio's met alles uit hun YAML-bestand, met de schaal."),
    URLS.bouwstenen_json: ("bouwstenen", "Bouwstenen", "De bouwstenen met criteria en niveaus."),
    URLS.practices_json: ("goede-voorbeelden", "Goede voorbeelden", "Alle goede voorbeelden met hun regio."),
    URLS.ontwikkeling_json: ("ontwikkeling-json", "Ontwikkeling (JSON)", "Het landelijke beeld per jaar, als JSON."),
    URLS.compare_json: ("vergelijk", "Vergelijken", "De gegevens van de pagina Vergelijken."),
}


def table_schemas(dataset: Dataset) -> dict[str, dict[str, Any]]:
    return {
        URLS.zelfevaluaties_csv: zelfevaluaties_schema(dataset),
        URLS.ontwikkeling_csv: ontwikkeling_schema(dataset),
        URLS.zelfevaluaties_per_jaar_csv: per_jaar_schema(),
    }


def _local(path: str) -> str:
    return path.split("/", 1)[1] if path.startswith(f"{DATA}/") else path


def peildatum(figures: EvaluationFigures) -> dt.date:
    """The reference date of the data: that of the newest year of the national picture."""
    return figures.timeline.coverage[-1].peildatum


def _sources(dataset: Dataset, config: SiteConfig) -> list[dict[str, str]]:
    source = {
        "title": f"Zelfevaluaties van {len(dataset.regions)} regio-organisaties, door de regio's zelf ingevuld (regions/*.yaml)",
    }
    if config.repo_url:
        source["path"] = config.repo_url
    return [source]


def datapackage(dataset: Dataset, config: SiteConfig, figures: EvaluationFigures) -> dict[str, Any]:
    resources: list[dict[str, Any]] = []
    for path, schema in table_schemas(dataset).items():
        name, title, description = CSV_TABLES[path]
        resources.append({
            "profile": "tabular-data-resource",
            "name": name,
            "path": _local(path),
            "title": title,
            "description": description,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"delimiter": ",", "doubleQuote": True, "lineTerminator": "\n", "header": True},
            "schema": schema,
        })
    for path, (name, title, description) in JSON_FILES.items():
        resources.append({
            "profile": "data-resource",
            "name": name,
            "path": _local(path),
            "title": title,
            "description": description,
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
            "jsonSchema": _local(json_schema_path(path)),
        })
    return {
        "profile": "data-package",
        "name": "hechte-huisartsenzorg",
        "title": f"{config.site_name}: zelfevaluaties van de regio-organisaties",
        "description": (
            "Hoe ver de regio-organisaties van de huisartsenzorg zijn met de zes bouwstenen: per regio de "
            "zelfevaluaties (niveau per bouwsteen op een groeischaal, met toelichting en bewijs), en het "
            "landelijke beeld per jaar. Niveaus worden nooit bij elkaar opgeteld of tot één cijfer samengevoegd. Dezelfde tabellen staan als "
            f"Excel-werkmap in {_local(WORKBOOK)} (niet als resource: het zijn kopieën van de CSV-bestanden)."
        ),
        "language": "nl",
        "peildatum": peildatum(figures).isoformat(),
        "licenses": [{"name": "CC-BY-4.0", "path": LICENCE_URL, "title": "Creative Commons Naamsvermelding 4.0 Internationaal"}],
        "sources": _sources(dataset, config),
        **({"homepage": config.site_url} if config.site_url else {}),
        "resources": resources,
    }


# --- DCAT-AP-NL 3.0 -------------------------------------------------------------------------

DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "adms": "http://www.w3.org/ns/adms#",
}


def _agent(name: str, url: str | None, fallback: str) -> dict[str, Any]:
    return {"@id": url or fallback, "@type": "foaf:Agent", "foaf:name": {"@value": name, "@language": "nl"}}


def catalogue(dataset: Dataset, config: SiteConfig, figures: EvaluationFigures) -> dict[str, Any]:
    """A DCAT-AP-NL 3.0 record of the open data. Without ``site_url`` the IRIs are relative
    (JSON-LD resolves them against the file's own address, in data/), with it absolute."""
    page = (config.site_url or "../") + URLS.html(URLS.open_data)
    data_base = config.site_url + f"{DATA}/" if config.site_url else ""
    publisher_name = config.publisher or config.site_name
    publisher = _agent(publisher_name, config.publisher_url, page + "#uitgever")
    creator = _agent(config.creator or publisher_name, config.creator_url or config.publisher_url, page + "#maker")
    contact: dict[str, Any] = {"@id": page + "#contact", "@type": "vcard:Organization", "vcard:fn": publisher_name}
    if config.contact_email:
        contact["vcard:hasEmail"] = {"@id": f"mailto:{config.contact_email}"}
    url = config.contact_url or (f"{config.repo_url.rstrip('/')}/issues" if config.repo_url else None)
    if url:
        contact["vcard:hasURL"] = {"@id": url}
    distributions = []
    files = [*CSV_TABLES.items(), *JSON_FILES.items(), (WORKBOOK, ("werkmap", "Alle tabellen als Excel-werkmap", "De CSV-tabellen, elk op een eigen blad."))]
    for path, (name, title, description) in files:
        kind = path.rsplit(".", 1)[-1]
        distributions.append({
            "@id": f"{data_base}{_local(path)}#distributie",
            "@type": "dcat:Distribution",
            "dct:title": {"@value": title, "@language": "nl"},
            "dct:description": {"@value": description, "@language": "nl"},
            "dcat:accessURL": {"@id": page},
            "dcat:downloadURL": {"@id": data_base + _local(path)},
            "dcat:mediaType": {"@id": f"https://www.iana.org/assignments/media-types/{MEDIA_TYPES[kind]}"},
            "dct:format": {"@id": f"http://publications.europa.eu/resource/authority/file-type/{FILE_TYPES[kind]}"},
            "dct:license": {"@id": LICENCE_EU},
            "dct:rights": {"@id": LICENCE_URL},
        })
    identifier = page + "#dataset"
    return {
        "@context": DCAT_CONTEXT,
        "@id": page + "#catalogus",
        "@type": "dcat:Catalog",
        "dct:title": {"@value": f"Open data van {config.site_name}", "@language": "nl"},
        "dct:description": {"@value": "De open data van deze site.", "@language": "nl"},
        "dct:publisher": publisher,
        "dct:license": {"@id": LICENCE_EU},
        "dcat:dataset": {
            "@id": identifier,
            "@type": "dcat:Dataset",
            "dct:identifier": identifier,
            "dct:title": {"@value": f"{config.site_name}: zelfevaluaties van de regio-organisaties", "@language": "nl"},
            "dct:description": {
                "@value": (
                    "Per regio-organisatie van de huisartsenzorg de zelfevaluaties op de zes bouwstenen (niveau op een "
                    "groeischaal, toelichting, bewijs, scores per groep, toetsing) en het landelijke beeld per jaar."
                ),
                "@language": "nl",
            },
            "dct:publisher": publisher,
            "dct:creator": creator,
            "dcat:contactPoint": contact,
            "dct:accessRights": {"@id": PUBLIC_ACCESS},
            "dcat:theme": {"@id": config.theme},
            "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/NLD"},
            "dct:modified": {"@value": peildatum(figures).isoformat(), "@type": "xsd:date"},
            "dcat:keyword": [{"@value": word, "@language": "nl"} for word in ("huisartsenzorg", "regio-organisatie", "zelfevaluatie")],
            "dcat:landingPage": {"@id": page},
            "dcat:distribution": distributions,
        },
    }


# --- the Excel workbook ---------------------------------------------------------------------

SHEET_NAMES = {
    URLS.zelfevaluaties_csv: "zelfevaluaties",
    URLS.ontwikkeling_csv: "ontwikkeling",
    URLS.zelfevaluaties_per_jaar_csv: "zelfevaluaties per jaar",
}


def _cell(value: str, field: dict[str, Any], missing: list[str]) -> Any:
    if value in missing:
        return value if value else None  # "geen" stays readable in the sheet
    kind = field["type"]
    if kind == "integer":
        return int(value)
    if kind == "date":
        return dt.date.fromisoformat(value)
    if kind == "boolean":
        return value == "true"
    return value


def workbook(csv_files: dict[str, bytes], schemas: dict[str, dict[str, Any]], created: dt.date) -> bytes:
    """One sheet per table, cells typed by the Table Schema; fixed creation date, so the
    bytes depend on the data only (XlsxWriter writes its zip entries with a fixed time)."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_urls": False, "strings_to_formulas": False, "strings_to_numbers": False})
    moment = dt.datetime.combine(created, dt.time(0, 0), tzinfo=dt.timezone.utc).replace(tzinfo=None)
    book.set_properties({"title": "Hechte Huisartsenzorg: open data", "created": moment, "author": "hhz", "company": ""})
    header = book.add_format({"bold": True})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    for path, name in SHEET_NAMES.items():
        schema = schemas[path]
        rows = list(csv.reader(io.StringIO(csv_files[path].decode("utf-8"))))
        sheet = book.add_worksheet(name)
        sheet.freeze_panes(1, 0)
        for col, title in enumerate(rows[0]):
            sheet.write_string(0, col, title, header)
        for r, row in enumerate(rows[1:], start=1):
            for col, (raw, field) in enumerate(zip(row, schema["fields"])):
                value = _cell(raw, field, schema["missingValues"])
                if value is None:
                    continue
                if isinstance(value, bool):
                    sheet.write_boolean(r, col, value)
                elif isinstance(value, int):
                    sheet.write_number(r, col, value)
                elif isinstance(value, dt.date):
                    sheet.write_datetime(r, col, dt.datetime.combine(value, dt.time()), date)
                else:
                    sheet.write_string(r, col, value)
        sheet.autofilter(0, 0, max(len(rows) - 1, 0), len(rows[0]) - 1)
    book.close()
    return out.getvalue()


def _json_bytes(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def package_files(
    dataset: Dataset, config: SiteConfig, figures: EvaluationFigures, files: dict[str, bytes]
) -> dict[str, bytes]:
    """The package, the catalogue, the workbook and the JSON Schemas of the data files;
    ``files`` holds the CSV files already generated (the workbook is made from their bytes)."""
    schemas = table_schemas(dataset)
    out = {
        PACKAGE: _json_bytes(datapackage(dataset, config, figures)),
        CATALOGUE: _json_bytes(catalogue(dataset, config, figures)),
        WORKBOOK: workbook(files, schemas, peildatum(figures)),
    }
    for path, schema in json_schemas(dataset).items():
        out[json_schema_path(path)] = _json_bytes(schema)
    return out
