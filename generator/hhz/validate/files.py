"""Which files of a data folder are read at all: the checks on the folder listing.

Every ``*.yaml`` and ``*.yml`` in `regions/` and `bouwstenen/` goes through ``FILE_RULES``
in order; the first that fails is reported at the start of the file (so that pull
requests show it) and the file is not read. Other files (README, .gitkeep) are ignored.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..diagnostics import Diagnostic
from ..models import ID_PATTERN
from .context import Rule

_ID_RE = re.compile(ID_PATTERN)


def yaml_extension(root: Path, path: Path) -> str | None:
    if path.suffix.lower() == ".yml":
        return "gebruik de extensie .yaml in plaats van .yml"
    return None


def inside_project(root: Path, path: Path) -> str | None:
    # Resolve every file, not only symlinks: the folder itself may be a link out of the repository.
    if not path.resolve().is_relative_to(root):
        return "symbolische link naar een bestand buiten de repository; niet toegestaan"
    return None


def regular_file(root: Path, path: Path) -> str | None:
    if not path.is_file():
        return "geen gewoon bestand; verwijder het"
    return None


def file_name(root: Path, path: Path) -> str | None:
    if path.suffix != ".yaml" or not _ID_RE.fullmatch(path.stem):
        return (
            "ongeldige bestandsnaam; gebruik alleen kleine letters a-z, cijfers en koppeltekens "
            "(bijvoorbeeld `mijn-regio.yaml`), zonder spaties of accenten"
        )
    return None


# (resolved project root, file) -> the message, or None when the file passes
FILE_RULES: tuple[Rule, ...] = (
    Rule("yaml-extension", "the extension is .yaml, not .yml", yaml_extension),
    Rule("inside-project", "the file resolves inside the project (no symbolic link out)", inside_project),
    Rule("regular-file", "a regular file, not a folder named *.yaml", regular_file),
    Rule("file-name", "a-z, 0-9 and hyphens, then .yaml in lower case (the file name is the id)", file_name),
)


def yaml_files(root: Path, folder: str, diagnostics: list[Diagnostic]) -> list[Path]:
    """The files of ``root/folder`` that pass the file rules, sorted; the others are reported.
    A missing folder gives no files (the site rule `folders-exist` reports it)."""
    directory = root / folder
    if not directory.is_dir():
        return []
    resolved_root = root.resolve()
    files: list[Path] = []
    for path in sorted(directory.iterdir()):
        if path.suffix.lower() not in (".yaml", ".yml"):
            continue
        problem = next((m for rule in FILE_RULES if (m := rule.check(resolved_root, path)) is not None), None)
        if problem is None:
            files.append(path)
        else:
            diagnostics.append(Diagnostic(path.relative_to(root).as_posix(), 1, 1, problem))
    return files
