"""JSON Schemas generated from the models, for editors' autocompletion and open data."""

from __future__ import annotations

import json
from pathlib import Path

from .models import SCHEMA_MODELS
from .sitefolder import UnsafeFolderError, check_own_file

SCHEMA_DIR = "schemas"


def schema_documents() -> dict[str, str]:
    """File name -> JSON text of every schema, deterministic."""
    out: dict[str, str] = {}
    for name, model in SCHEMA_MODELS.items():
        schema = model.model_json_schema(mode="validation")
        document = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"{name}.schema.json",
            **schema,
        }
        out[f"{name}.schema.json"] = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    return out


def stale_schema_files(root: Path) -> list[str]:
    """Schema files in ROOT/schemas that are missing or differ from the models."""
    stale = []
    for filename, text in schema_documents().items():
        path = root / SCHEMA_DIR / filename
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(f"{SCHEMA_DIR}/{filename}")
    return stale


def _is_json_schema(content: bytes) -> bool:
    try:
        document = json.loads(content)
    except ValueError:
        return False
    return isinstance(document, dict) and "$schema" in document


def write_schemas(root: Path) -> list[Path]:
    """Write every schema; refuses (``UnsafeFolderError``) before writing anything when
    schemas/ is a link, or a schema file is a link or not a JSON Schema."""
    directory = root / SCHEMA_DIR
    if directory.is_symlink() or (directory.exists() and not directory.is_dir()):
        raise UnsafeFolderError(f"`{SCHEMA_DIR}` is geen gewone map; hhz schrijft er geen schema's in")
    documents = schema_documents()
    for filename in documents:
        check_own_file(directory / filename, root, "JSON Schema", _is_json_schema)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for filename, text in documents.items():
        path = directory / filename
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
