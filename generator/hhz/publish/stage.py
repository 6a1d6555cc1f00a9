"""Staging: the generated files plus a copy of the hand-written pages, in ``build/docs``.

The output goes to a git-ignored staging folder (``build/docs``) that holds a copy of the
hand-written pages in ``docs/`` plus everything generated. The hand-written pages are
never modified; a generated page with the same path as a hand-written one is an error.
Both MkDocs and Zensical build from that folder (``docs_dir: build/docs``).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..render.outputs import GeneratedSite, GenerateError
from ..sitefolder import check_replaceable, staging_marker, write_marker

STAGING_DIR = Path("build") / "docs"
THEME_DIR = Path("build") / "theme"  # theme.custom_dir in mkdocs.yml, rendered by render/theme.py
HANDWRITTEN_DIR = "docs"


def _handwritten_files(root: Path) -> dict[str, Path]:
    docs = root / HANDWRITTEN_DIR
    if not docs.is_dir():
        return {}
    return {p.relative_to(docs).as_posix(): p for p in sorted(docs.rglob("*")) if p.is_file()}


class Stager:
    """The staging folder: ``begin`` checks the names and makes the folders, ``write``
    writes one file (changing only what changed; safe to call from a forked worker),
    ``record`` notes a file as wanted, and ``finish`` adds the hand-written pages and
    removes what is no longer wanted."""

    def __init__(self, root: Path, staging: Path | None = None):
        self.root = root
        self.target = staging or root / STAGING_DIR
        self.handwritten = _handwritten_files(root)
        self.written: set[str] = set()

    def begin(self, generated: set[str]) -> None:
        """Refuse, before anything is written, a staging folder that is not ours (see
        ``sitefolder``) and hand-written pages that generated ones would shadow."""
        marker = staging_marker(self.target)
        check_replaceable(self.target, self.root, "map met gegenereerde pagina's", marker)
        write_marker(marker)
        clashes = sorted(set(self.handwritten) & generated)
        if clashes:
            raise GenerateError(
                "deze pagina's in docs/ botsen met gegenereerde pagina's; hernoem ze: " + ", ".join(clashes)
            )
        for folder in sorted({(self.target / rel).parent for rel in generated | set(self.handwritten)}):
            folder.mkdir(parents=True, exist_ok=True)

    def write(self, rel: str, content: bytes) -> None:
        _write_if_changed(self.target / rel, content)

    def record(self, rel: str) -> None:
        self.written.add(rel)

    def finish(self, theme: dict[str, bytes] | None = None) -> Path:
        """``theme``: the theme overrides, written beside the staging folder (``build/theme``)."""
        _write_theme(self.root, self.target.parent / THEME_DIR.name, theme or {})
        for rel, path in sorted(self.handwritten.items()):
            self.write(rel, path.read_bytes())
            self.record(rel)
        for path in sorted(self.target.rglob("*"), reverse=True):
            rel = path.relative_to(self.target).as_posix()
            if path.is_file() and rel not in self.written:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
        return self.target


def stage(root: Path, site: GeneratedSite, staging: Path | None = None) -> Path:
    """Write hand-written + generated files into the staging folder, changing only what changed."""
    stager = Stager(root, staging)
    stager.begin(set(site.files))
    # Thousands of small files: writing them from a few threads hides the file system's latency.
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda item: stager.write(*item), sorted(site.files.items())))
    for rel in site.files:
        stager.record(rel)
    return stager.finish(site.theme)


def _write_theme(root: Path, folder: Path, files: dict[str, bytes]) -> None:
    """The theme overrides (``theme.custom_dir``); the folder is always there (the engines
    need it), empty when the project has no site_templates/theme/."""
    marker = staging_marker(folder)
    check_replaceable(folder, root, "map met thema-aanpassingen", marker)
    write_marker(marker)
    folder.mkdir(parents=True, exist_ok=True)
    for rel, content in sorted(files.items()):
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        _write_if_changed(folder / rel, content)
    for path in sorted(folder.rglob("*"), reverse=True):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and rel not in files:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def _write_if_changed(path: Path, content: bytes) -> None:
    exists = path.is_file()
    if exists and path.read_bytes() == content:
        return
    if not exists:
        path.write_bytes(content)  # a new file: nothing to replace
        return
    # An existing file is replaced whole, so `hhz serve` never reads half a page.
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(content)
    os.replace(tmp, path)

