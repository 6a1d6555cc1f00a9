"""The two sides of `hhz diff`: a directory as it is, the working tree, or a git revision.

A revision is never checked out: its ``regions/`` and ``bouwstenen/`` are extracted with
``git archive`` into a temporary folder, which the caller's ExitStack removes.
"""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from .markdown import inline
from ..validate import BOUWSTENEN_DIR, REGIONS_DIR

DATA_DIRS = (REGIONS_DIR, BOUWSTENEN_DIR)
WORKTREE_LABEL = "werkmap"


class DiffUsageError(Exception):
    """A bad argument (unknown revision, not a git repository): exit code 2."""


@dataclass(frozen=True)
class Side:
    label: str  # Markdown, neutralised
    root: Path


def _git(repo: Path, *args: str, binary: bool = False) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=not binary, check=False)
    except FileNotFoundError as exc:
        raise DiffUsageError("git is niet geïnstalleerd; geef twee mappen op in plaats van revisies") from exc


def _extract_revision(repo: Path, revision: str, target: Path) -> Side:
    if not revision.strip() or revision.startswith("-"):
        raise DiffUsageError(f"`{revision}` is geen geldige git-revisie")
    inside = _git(repo, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0:
        raise DiffUsageError(
            f"`{revision}` is geen map, en {repo} is geen git-repository; geef een revisie in een repository of twee mappen op"
        )
    verified = _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    if verified.returncode != 0 or not verified.stdout.strip():
        raise DiffUsageError(f"onbekende revisie `{revision}`; controleer de naam van de branch, tag of commit")
    sha = verified.stdout.strip()
    prefix = _git(repo, "rev-parse", "--show-prefix").stdout.strip()
    toplevel = Path(_git(repo, "rev-parse", "--show-toplevel").stdout.strip() or repo)
    target.mkdir(parents=True, exist_ok=True)
    for folder in DATA_DIRS:
        path = f"{prefix}{folder}"
        if _git(toplevel, "cat-file", "-e", f"{sha}:{path}").returncode != 0:
            continue  # the folder does not exist in that revision: an empty side
        # from the top level: in a subfolder, git archive would look for that subfolder inside the tree
        archive = _git(toplevel, "archive", "--format=tar", f"{sha}:{path}", binary=True)
        if archive.returncode != 0:
            message = archive.stderr.decode("utf-8", "replace").strip()
            raise DiffUsageError(f"kan {folder}/ niet lezen uit `{revision}`: {message}")
        _extract_tar(archive.stdout, target / folder)
    return Side(f"`{inline(revision, 40)}` ({sha[:7]})", target)


def _extract_tar(data: bytes, destination: Path) -> None:
    """Files and folders of a `git archive`, and its symbolic links recreated as links
    (never followed): the validator then refuses a link that points out of the folder,
    exactly as it does in a working tree, instead of the extraction failing."""
    destination.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        members = tar.getmembers()
        for member in members:
            parts = Path(member.name).parts
            if Path(member.name).is_absolute() or ".." in parts:
                raise DiffUsageError(f"onverwachte bestandsnaam `{inline(member.name, 60)}` in de git-revisie")
        plain = [m for m in members if m.isfile() or m.isdir()]
        if hasattr(tarfile, "data_filter"):
            tar.extractall(destination, members=plain, filter="data")
        else:  # Python < 3.11.4: the names are checked above, and only files and folders remain
            tar.extractall(destination, members=plain)  # noqa: S202
        for member in members:
            if member.issym():
                link = destination / member.name
                link.parent.mkdir(parents=True, exist_ok=True)
                os.symlink(member.linkname, link)


def resolve_side(spec: str | None, repo: Path, stack: ExitStack) -> Side:
    """A directory as it is, the working tree (None), or a revision extracted into a temp dir."""
    if spec is None:
        return Side(WORKTREE_LABEL, repo)
    candidate = Path(spec)
    if candidate.is_dir():
        return Side(f"map `{inline(spec, 60)}`", candidate)
    tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="hhz-diff-")))
    return _extract_revision(repo, spec, tmp)
