"""One command at a time per project: a lock around everything that writes ``build/`` or a site.

Two `hhz build` runs on one tree (an editor's `hhz serve` beside a `make site`, or two CI
steps) would otherwise write the same staging folder and work folder at once and publish a
mixed site. The second run waits, with a message, and gives up after ``WAIT_SECONDS``.
"""

from __future__ import annotations

import hashlib
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import platformdirs
from filelock import FileLock, Timeout

WAIT_ENV = "HHZ_LOCK_WAIT"  # seconds to wait for another run; default below
WAIT_SECONDS = 900.0


class LockTimeout(Exception):
    """Another run held the project for longer than we wait."""


def _wait_seconds() -> float:
    value = os.environ.get(WAIT_ENV, "")
    try:
        return max(0.0, float(value)) if value else WAIT_SECONDS
    except ValueError:
        return WAIT_SECONDS


def lock_path(root: Path) -> Path:
    """The project's lock file, in the user's cache: the project itself gets no extra file
    (a run with invalid data writes nothing there). One per project folder, links resolved."""
    key = hashlib.sha256(os.fsencode(root.resolve())).hexdigest()[:24]
    return Path(platformdirs.user_cache_dir("hhz")) / "locks" / f"{key}.lock"


@contextmanager
def project_lock(root: Path, say: Callable[[str], None]) -> Iterator[None]:
    """Hold the project's lock; when another run has it, say so once and wait."""
    path = lock_path(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(path)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        wait = _wait_seconds()
        say(f"wacht op een andere build van dit project (hoogstens {wait:.0f} s) …")
        try:
            lock.acquire(timeout=wait)
        except Timeout:
            raise LockTimeout(
                f"een andere hhz-opdracht bouwt dit project al langer dan {wait:.0f} s ({path}); "
                f"wacht tot die klaar is, of stop hem, en probeer het opnieuw (of zet {WAIT_ENV})"
            ) from None
    try:
        yield
    finally:
        lock.release()
