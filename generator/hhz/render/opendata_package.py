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

import datetime as dt
import json
from typing import Any

from ..config import SiteConfig
from ..dataset import Dataset
from ..derive.evaluation import EvaluationFigures
from ..urls import DATA, URLS
from .opendata_jsonschema import json_schema_path, json_schemas
from .opendata_tables import table_schemas, workbook

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


def _local(path: str) -> str:
    return path.split("/", 1)[1] if path.startswith(f"{DATA}/") else path


NO_PEILDATUM = dt.date(2024, 1, 1)  # the workbook's date when there is no zelfevaluatie yet


def peildatum(figures: EvaluationFigures) -> dt.date | None:
    """The reference date of the data: that of the newest year of the national picture
    (None before the first vastgestelde zelfevaluatie)."""
    coverage = figures.timeline.coverage
    return coverage[-1].peildatum if coverage else None


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
        **({"peildatum": day.isoformat()} if (day := peildatum(figures)) else {}),
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


def _distributions(page: str, data_base: str) -> list[dict[str, Any]]:
    """One dcat:Distribution per data file: where to read about it, where to download it."""
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
    return distributions


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
    distributions = _distributions(page, data_base)
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
            **({"dct:modified": {"@value": day.isoformat(), "@type": "xsd:date"}} if (day := peildatum(figures)) else {}),
            "dcat:keyword": [{"@value": word, "@language": "nl"} for word in ("huisartsenzorg", "regio-organisatie", "zelfevaluatie")],
            "dcat:landingPage": {"@id": page},
            "dcat:distribution": distributions,
        },
    }


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
        WORKBOOK: workbook(files, schemas, peildatum(figures) or NO_PEILDATUM),
    }
    for path, schema in json_schemas(dataset).items():
        out[json_schema_path(path)] = _json_bytes(schema)
    return out

