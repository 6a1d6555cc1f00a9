"""A project that can be built: the repository's templates, hand-written pages and mkdocs.yml
copied beside the YAML of ``projectfactory``."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

from helpers import REPO
from projectfactory import make_project

EXAMPLE_REPO_URL = "https://github.com/voorbeeld/regios"

# Hand-written pages every site links to: (file in docs/, title), written only if missing.
OVER_PAGE = (("over.md", "Over"),)


def copy_site_sources(
    root: Path, repo_url: str | None = None, extra_docs: Iterable[tuple[str, str]] = OVER_PAGE
) -> None:
    """Copy site_templates/, docs/ and mkdocs.yml into ``root``.

    ``repo_url``: also write a pyproject.toml with ``[tool.hhz] repo_url`` (the edit links).
    ``extra_docs``: (name, title) pages to add to docs/ when the repository has none by that name.
    """
    if repo_url is not None:
        (root / "pyproject.toml").write_text(f'[tool.hhz]\nrepo_url = "{repo_url}"\n', encoding="utf-8")
    for name in ("site_templates", "docs"):
        shutil.copytree(REPO / name, root / name, dirs_exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for name, title in extra_docs:
        if not (root / "docs" / name).exists():
            (root / "docs" / name).write_text(f"# {title}\n\nTekst.\n", encoding="utf-8")


def make_site_project(root: Path, regions: dict[str, str] | None = None) -> Path:
    """A valid project that can also be built: ``make_project`` plus the repository's
    templates, hand-written pages and mkdocs.yml."""
    make_project(root, regions)
    copy_site_sources(root, extra_docs=())
    return root
