"""Reading the files of a folder, each on its own: YAML, then its model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic
from ..models import Strict
from ..parallel import map_indexed
from ..load.source import SourceDocument, load_yaml_file
from .context import Folder, Loaded
from .files import yaml_files
from .messages import model_diagnostics
from .valuehints import DEFAULT_HINTS, ValueHints


def load_one(
    root: Path, path: Path, model: type[Strict], hints: ValueHints = DEFAULT_HINTS
) -> tuple[SourceDocument, Any, list[Diagnostic]]:
    doc = load_yaml_file(path, root)
    if not doc.usable:
        return doc, None, []
    value, problems = model_diagnostics(doc, model, hints)
    return doc, value, problems


def load_all(
    root: Path,
    paths: list[Path],
    model: type[Strict],
    diagnostics: list[Diagnostic],
    min_items: int,
    hints: ValueHints = DEFAULT_HINTS,
) -> tuple[list[Loaded], list[SourceDocument]]:
    """Load and check each file on its own; over several processes from ``min_items`` files
    (the results come back in file order, the same as a serial run). Returns the files that
    fit the model, and those that were read but do not. ``hints`` (the scale, the CBS names)
    make the messages for wrong values more specific."""
    results = map_indexed(lambda i: load_one(root, paths[i], model, hints), len(paths), min_items=min_items)
    loaded: list[Loaded] = []
    invalid: list[SourceDocument] = []
    for doc, value, problems in results:
        diagnostics.extend(doc.diagnostics)
        diagnostics.extend(problems)
        if value is not None:
            loaded.append(Loaded(doc, value))
        elif doc.usable:
            invalid.append(doc)
    return loaded, invalid


def list_folder(root: Path, name: str, diagnostics: list[Diagnostic]) -> tuple[Folder, list[Path]]:
    """The folder with the stems of its files that pass the file rules, and their paths."""
    paths = yaml_files(root, name, diagnostics)
    return Folder(name, (root / name).is_dir(), [p.stem for p in paths]), paths
