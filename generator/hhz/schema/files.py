"""JSON Schemas generated from the models and the project's data, for editors'
autocompletion and open data.

The models give the structure, titles and descriptions; the data (schema_data.py) gives the
six bouwsteen ids with their names, the levels of the scale and the CBS gemeente codes;
schema_extras.py and schema_snippets.py add them with Dutch error texts and snippets.
"""

from __future__ import annotations

import json
from pathlib import Path

from .fieldref import BEGIN, DOCS_PAGE, field_reference, with_field_reference
from ..geo.reference import GeoReference
from ..models import SCHEMA_MODELS, Regio, Schaal, Zelfevaluatie
from .data import (
    GEMEENTE_LIST,
    SCHEMA_DIR,
    SchemaData,
    gemeente_list_path,
    gemeente_list_text,
    load_schema_data,
    parse_gemeente_list,
)
from .extras import add_bouwstenen, add_error_messages, add_gemeenten, add_levels, has_model
from .extras import restore_field_titles
from .snippets import add_snippets
from ..sitefolder import UnsafeFolderError, check_own_file

__all__ = ["SCHEMA_DIR", "schema_documents", "stale_schema_files", "write_schemas", "project_schema_files"]


def schema_dict(name: str, data: SchemaData) -> dict:
    """The schema of model NAME (a key of ``SCHEMA_MODELS``) with the project's data."""
    schema = SCHEMA_MODELS[name].model_json_schema(mode="validation")
    restore_field_titles(schema, SCHEMA_MODELS[name])
    add_levels(schema, data, scale_itself=has_model(schema, Schaal))
    if has_model(schema, Zelfevaluatie):
        add_bouwstenen(schema, data)
    if has_model(schema, Regio):
        add_gemeenten(schema, data)
        add_snippets(schema, data)
    add_error_messages(schema)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{name}.schema.json", **schema}


def _text(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def schema_documents(data: SchemaData) -> dict[str, str]:
    """File name -> JSON text of every schema, deterministic."""
    return {f"{name}.schema.json": _text(schema_dict(name, data)) for name in SCHEMA_MODELS}


def _docs_page(root: Path, schemas: dict[str, dict]) -> dict[str, str]:
    """docs/bijdragen.md with a fresh field reference, when the page has its markers."""
    path = root / DOCS_PAGE
    if not path.is_file() or path.is_symlink():
        return {}
    page = path.read_text(encoding="utf-8")
    if BEGIN not in page:
        return {}
    return {DOCS_PAGE: with_field_reference(page, field_reference(schemas))}


def project_schema_files(root: Path, geo: GeoReference | None) -> dict[str, str]:
    """Path under ROOT -> text of every file `hhz schema` writes: the schemas, the gemeente
    list when there is geodata to make it from, and the field reference in docs/bijdragen.md.
    Raises ``SchemaDataError``."""
    data = load_schema_data(root, geo)
    schemas = {name: schema_dict(name, data) for name in SCHEMA_MODELS}
    files = {f"{SCHEMA_DIR}/{name}.schema.json": _text(schema) for name, schema in schemas.items()}
    if geo is not None:
        files[f"{SCHEMA_DIR}/{GEMEENTE_LIST}"] = gemeente_list_text(dict(geo.gemeenten))
    files.update(_docs_page(root, schemas))
    return files


def stale_schema_files(root: Path, geo: GeoReference | None = None) -> list[str]:
    """Files in ROOT/schemas that are missing or differ from the models and the data."""
    stale = []
    for rel, text in project_schema_files(root, geo).items():
        path = root / rel
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(rel)
    return stale


def _is_json_schema(content: bytes) -> bool:
    try:
        document = json.loads(content)
    except ValueError:
        return False
    return isinstance(document, dict) and "$schema" in document


def _is_gemeente_list(content: bytes) -> bool:
    return parse_gemeente_list(content) is not None


def write_schemas(root: Path, geo: GeoReference | None = None) -> list[Path]:
    """Write every schema (and the gemeente list, with geodata); refuses (``UnsafeFolderError``)
    before writing anything when schemas/ is a link, or a file there is a link or not ours."""
    directory = root / SCHEMA_DIR
    if directory.is_symlink() or (directory.exists() and not directory.is_dir()):
        raise UnsafeFolderError(f"`{SCHEMA_DIR}` is geen gewone map; hhz schrijft er geen schema's in")
    files = project_schema_files(root, geo)
    for rel in files:
        path = root / rel
        if path == gemeente_list_path(root):
            check_own_file(path, root, "gemeentelijst van hhz", _is_gemeente_list)
        elif rel == DOCS_PAGE:
            check_own_file(path, root, "pagina met een veldenoverzicht", lambda content: BEGIN.encode() in content)
        else:
            check_own_file(path, root, "JSON Schema", _is_json_schema)
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for rel, text in files.items():
        path = root / rel
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
