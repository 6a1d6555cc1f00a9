"""The Table Schemas of the open data's CSV files, and the same tables as an Excel workbook.

The column texts are the models' own field texts (``title``, ``description``), so the
data package says what the form and the JSON Schemas say. The workbook is made from the
bytes of the CSV files, typed by these schemas; its bytes depend on the data only.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from ..dataset import Dataset
from ..models import Ambitie, BouwsteenScore, Regio, Toetsing, Zelfevaluatie
from ..urls import URLS
from ..vocabulary import NO_EVALUATION_LABEL, SCORE_GROEPEN, VERDEELD_MIN_SPREAD
from .opendata import CSV_COLUMNS

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


def table_schemas(dataset: Dataset) -> dict[str, dict[str, Any]]:
    return {
        URLS.zelfevaluaties_csv: zelfevaluaties_schema(dataset),
        URLS.ontwikkeling_csv: ontwikkeling_schema(dataset),
        URLS.zelfevaluaties_per_jaar_csv: per_jaar_schema(),
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

