"""Folders that hhz deletes or replaces: only ever its own.

Every folder that a command empties, deletes or swaps (the built site, the engine's work
folder, the staging folder ``build/docs``) must pass ``check_replaceable`` first:

- it is not the project folder, does not contain it, and does not lie inside a folder with
  data or code (``regions/``, ``docs/``, ``.git``, …) or inside the staging folder;
- it is not a symbolic link (replacing a link would act on whatever it points to);
- it is absent, empty, or carries the marker file that hhz wrote when it made the folder.

Nothing is moved or deleted before these checks pass. A refusal is an ``UnsafeFolderError``
with a Dutch message (exit code 2 in the CLI).
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
from pathlib import Path
from typing import Callable

SITE_MARKER = ".hhz-site"  # inside every built site
WORK_MARKER = ".hhz-werkmap"  # inside the engine's temporary work folder
MARKER_TEXT = b"Deze map is gemaakt door hhz (Hechte Huisartsenzorg) en wordt bij elke build vervangen.\n"

# Folders of the project with data, code or history: no folder that hhz replaces may lie in them.
PROTECTED_FOLDERS = (
    "regions",
    "bouwstenen",
    "docs",
    "generator",
    "site_templates",
    "schemas",
    "tests",
    ".git",
    ".github",
    ".ci",
)


class UnsafeFolderError(Exception):
    """hhz would delete or replace a folder that is not its own."""


def absolute_path(path: Path) -> Path:
    """The path made absolute and normalised without following links (`a/../b` is `b`)."""
    return Path(os.path.abspath(path))


def staging_marker(staging: Path) -> Path:
    """The marker of a staging folder lies beside it (inside, an engine would publish it)."""
    staging = absolute_path(staging)
    return staging.parent / f".{staging.name}.hhz-staging"


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix() or "."
    except ValueError:
        return str(path)


def check_location(path: Path, root: Path, role: str, staging: Path | None = None) -> None:
    """Refuse a folder that hhz may never replace because of where it is (whatever it holds)."""
    given = absolute_path(path)
    target = given.resolve()
    project = root.resolve()
    shown = _shown(given, absolute_path(root))
    if given.is_symlink():
        raise UnsafeFolderError(
            f"de {role} `{shown}` is een symbolische link; hhz vervangt geen links. Kies een gewone map"
        )
    if target == project:
        raise UnsafeFolderError(
            f"de {role} `{shown}` is de projectmap zelf; hhz zou dan regions/, bouwstenen/ en alles wat er "
            "verder in staat vervangen. Kies een aparte map, bijvoorbeeld `site`"
        )
    if project.is_relative_to(target):
        raise UnsafeFolderError(
            f"de {role} `{shown}` bevat de projectmap; hhz zou het project dan vervangen. "
            "Kies een aparte map, bijvoorbeeld `site`"
        )
    for name in PROTECTED_FOLDERS:
        if target.is_relative_to(project / name):
            raise UnsafeFolderError(
                f"de {role} `{shown}` ligt in `{name}/` van het project; daar staan gegevens of code die "
                "hhz nooit vervangt. Kies een map buiten deze mappen, bijvoorbeeld `site`"
            )
    if staging is not None:
        stage = staging.resolve()
        if target.is_relative_to(stage) or stage.is_relative_to(target):
            raise UnsafeFolderError(
                f"de {role} `{shown}` valt samen met de map met gegenereerde pagina's "
                f"(`{_shown(absolute_path(staging), absolute_path(root))}`). Kies een andere map, bijvoorbeeld `site`"
            )
    if given.exists() and not given.is_dir():
        raise UnsafeFolderError(f"de {role} `{shown}` is een bestand, geen map; kies een andere naam")


def is_ours(path: Path, marker: Path) -> bool:
    """Absent, empty, or marked by hhz (a regular file, not a link)."""
    if not path.exists():
        return True
    if not any(path.iterdir()):
        return True
    return marker.is_file() and not marker.is_symlink()


def check_replaceable(path: Path, root: Path, role: str, marker: Path, staging: Path | None = None) -> None:
    """Refuse unless hhz may delete or replace ``path``: see the module's docstring."""
    check_location(path, root, role, staging)
    if not is_ours(path, marker):
        shown = _shown(absolute_path(path), absolute_path(root))
        raise UnsafeFolderError(
            f"de {role} `{shown}` bestaat al en bevat bestanden die niet van een eerdere hhz-build zijn "
            f"(het merkteken `{marker.name}` ontbreekt). hhz vervangt die map niet. Kies een lege of nieuwe "
            "map; is het echt een oude site van hhz, verwijder de map dan zelf"
        )


# A folder of ours under a temporary name beside it: being made (its marker is in it before
# it gets its name), or being removed (renamed aside, then emptied with its marker last).
# A build killed at any moment leaves only folders that carry their marker, or are empty.
MAKING_SUFFIX = ".hhz-nieuw"
REMOVING_SUFFIX = ".hhz-weg"


def _beside(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _marked(folder: Path, marker_name: str) -> bool:
    marker = folder / marker_name
    return marker.is_file() and not marker.is_symlink()


def make_owned_folder(path: Path, marker: Path) -> None:
    """An empty folder with its marker (inside it), made in one step: under a temporary name
    with the marker inside, then renamed. What a killed run left of ours (under the name or
    a temporary one) is removed first. The folder must have passed ``check_replaceable``."""
    making = _beside(path, MAKING_SUFFIX)
    for folder in (making, _beside(path, REMOVING_SUFFIX)):
        if (folder.exists() or folder.is_symlink()) and not _is_own_folder(folder, marker.name):
            raise UnsafeFolderError(
                f"`{folder}` bestaat al en is niet van hhz (het merkteken `{marker.name}` ontbreekt); "
                "hhz gebruikt die naam zelf en verwijdert de map niet. Hernoem of verwijder hem zelf"
            )
    remove_owned_folder(path, marker)
    remove_owned_folder(making, making / marker.name)
    if path.exists() or path.is_symlink():
        raise UnsafeFolderError(
            f"`{path}` bestaat al en is niet van hhz (het merkteken `{marker.name}` ontbreekt); "
            "hhz verwijdert het niet. Hernoem of verwijder het zelf"
        )
    making.parent.mkdir(parents=True, exist_ok=True)
    making.mkdir()  # killed here: an empty folder, which counts as ours
    write_marker(making / marker.name)
    os.rename(making, path)


def write_marker(marker: Path) -> None:
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_bytes(MARKER_TEXT)


def remove_owned_folder(path: Path, marker: Path) -> None:
    """Delete a folder of ours (it carries ``marker``, inside it, or is empty); anything else
    is left alone. It is renamed aside first and emptied with its marker last, so a kill at
    any moment leaves nothing that is not recognisably ours; a folder left aside by a killed
    removal is removed too."""
    aside = _beside(path, REMOVING_SUFFIX)
    _empty_marker_last(aside, marker.name)
    if aside.exists() or aside.is_symlink() or not _is_own_folder(path, marker.name):
        return  # not ours (the next build says so)
    os.rename(path, aside)
    _empty_marker_last(aside, marker.name)


def _is_own_folder(folder: Path, marker_name: str) -> bool:
    if folder.is_symlink() or not folder.is_dir():
        return False
    return _marked(folder, marker_name) or not any(folder.iterdir())


def _empty_marker_last(folder: Path, marker_name: str) -> None:
    """Delete a folder of ours: everything in it, then its marker, then the folder."""
    if not _is_own_folder(folder, marker_name):
        return
    marker = os.path.join(folder, marker_name)
    for top, dirs, files in os.walk(folder, topdown=False):
        for name in files:
            if os.path.join(top, name) != marker:
                os.unlink(os.path.join(top, name))
        for name in dirs:
            sub = os.path.join(top, name)
            if os.path.islink(sub):  # a link to a folder: the link goes, not what it points to
                os.unlink(sub)
            else:
                os.rmdir(sub)
    if os.path.lexists(marker):
        os.unlink(marker)
    os.rmdir(folder)


def check_own_file(path: Path, root: Path, what: str, looks_ours: Callable[[bytes], bool]) -> None:
    """Refuse to replace ``path`` unless it is absent, or a regular file (not a link) whose
    content ``looks_ours`` accepts: a file of the same kind that hhz writes there."""
    shown = _shown(absolute_path(path), absolute_path(root))
    if path.is_symlink():
        raise UnsafeFolderError(f"`{shown}` is een symbolische link; hhz schrijft niet via links. Verwijder de link")
    if not path.exists():
        return
    if not path.is_file():
        raise UnsafeFolderError(f"`{shown}` is geen gewoon bestand; hhz vervangt het niet. Verwijder of hernoem het")
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise UnsafeFolderError(f"`{shown}` is niet te lezen ({exc.strerror or exc}); hhz vervangt het niet") from exc
    if not looks_ours(content):
        raise UnsafeFolderError(
            f"`{shown}` bestaat al en is geen {what}; hhz overschrijft het niet. Hernoem of verwijder het bestand"
        )


# --- the swap ------------------------------------------------------------------------------

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux ``renameat2`` with ``RENAME_EXCHANGE``).

    False when this system or file system cannot (then the caller renames twice)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):  # no glibc 2.28+, e.g. musl
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def publish(new: Path, site: Path, aside: Path) -> None:
    """Put the folder ``new`` in the place of ``site``. The previous site, if any, ends up
    at ``new`` (after a swap) or at ``aside``: both lie in our work folder, deleted next.

    With ``exchange`` there is no moment without a site. Where the system cannot swap, the
    old site is moved aside and the new one moved in: two renames, a moment without a site.
    """
    if not site.exists():
        os.replace(new, site)
        return
    if exchange(new, site):
        return
    os.replace(site, aside)
    os.replace(new, site)
