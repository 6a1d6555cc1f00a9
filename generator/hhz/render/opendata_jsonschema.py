"""The JSON Schemas of the open data's JSON files (``data/schemas/<file>.json.schema.json``):
the wrappers (``{licentie, schaal, ...}``) and ``vergelijk.json`` included; the items refer
to the published input schemas (regio, bouwsteen, schaal), so the YAML files and the JSON
files cannot differ in shape unseen."""

from __future__ import annotations

from typing import Any

from ..dataset import Dataset
from ..models import GoedVoorbeeld
from ..urls import URLS
from .opendata import LICENCE
from .opendata_tables import _levels

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


def _practice_schema() -> dict[str, Any]:
    practice = GoedVoorbeeld.model_json_schema(mode="serialization")
    practice["properties"] = {
        "regio": {"type": "string", "title": "Regio", "description": "De id van de regio."},
        "regio_naam": {"type": "string", "title": "Naam van de regio"},
        **practice["properties"],
    }
    practice["required"] = ["regio", "regio_naam", *practice.get("required", [])]
    practice.pop("$schema", None)
    return practice


def _compare_schema(dataset: Dataset) -> dict[str, Any]:
    levels = _levels(dataset)
    trend = _closed({
        "niveau": {**_nullable("integer"), **levels},
        "niveau_tekst": _nullable("string"),
        "kleur": {"type": "string"},
        "ontwikkeling": _nullable("string"),
        "ontwikkeling_tekst": _nullable("string"),
        "ambitie": {**_nullable("integer"), **levels, "description": "Het niveau van de ambitie (leeg: geen ambitie)."},
        "ambitie_tekst": _nullable("string"),
    })
    region = _closed({
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
        "bouwstenen": _closed({b: trend for b in dataset.bouwsteen_ids}),
    })
    bouwsteen = _closed({"id": {"type": "string"}, "naam": {"type": "string"}})
    niveau = _closed({"niveau": {"type": "integer", **levels}, "naam": {"type": "string"}})
    return {
        "$schema": SCHEMA_DRAFT,
        "title": "vergelijk.json",
        "description": "Waar de pagina Vergelijken mee werkt: per regio de huidige niveaus, ontwikkeling en ambitie, met teksten.",
        **_closed({
            "min": {"type": "integer", "minimum": 1},
            "max": {"type": "integer", "minimum": 1},
            "bouwstenen": {"type": "array", "items": bouwsteen},
            "niveaus": {"type": "array", "items": niveau},
            "regios": {"type": "array", "items": region},
        }),
    }


def _closed(properties: dict[str, Any]) -> dict[str, Any]:
    """An object with exactly these properties, all required."""
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


COUNT = {"type": "integer", "minimum": 0}


def _ontwikkeling_properties(dataset: Dataset) -> dict[str, Any]:
    per_bouwsteen = _closed({
        "niveaus": {"type": "object", "additionalProperties": COUNT, "propertyNames": {"pattern": "^[0-9]+$"}},
        "nog_geen_zelfevaluatie": COUNT,
    })
    year = _closed({
        "jaar": {"type": "integer"},
        "peildatum": {"type": "string", "format": "date"},
        "regios": COUNT,
        "met_vastgestelde_zelfevaluatie": COUNT,
        "waarvan_verouderd": COUNT,
        "nog_geen_zelfevaluatie": COUNT,
        "bouwstenen": {"type": "object", "additionalProperties": per_bouwsteen},
    })
    consensus = _closed({"bouwsteen": {"type": "string"}, "regios_met_scores_per_groep": COUNT, "waarvan_verdeeld": COUNT})
    return {
        "telling": {"type": "string", "description": "Hoe er geteld is."},
        "niveaus": {"type": "array", "items": {"type": "integer", **_levels(dataset)}},
        "jaren": {"type": "array", "items": year},
        "scores_per_groep_nu": {"type": "array", "items": consensus},
    }


def json_schemas(dataset: Dataset) -> dict[str, dict[str, Any]]:
    """``{data file: its JSON Schema}``; the input schemas (regio, bouwsteen, schaal) describe
    the items, so the JSON files and the YAML files cannot differ in shape unseen."""
    practice = _practice_schema()
    practice_defs = practice.pop("$defs", {})  # '#/$defs/…' refers to the document's root
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
            _ontwikkeling_properties(dataset),
        ),
        URLS.compare_json: _compare_schema(dataset),
    }


def json_schema_path(data_file: str) -> str:
    """data/regios.json -> data/schemas/regios.json.schema.json"""
    return URLS.schema(data_file.rsplit("/", 1)[-1] + ".schema.json")
