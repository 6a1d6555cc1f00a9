"""A killed build never blocks the next (issue 23): whatever moment ``hhz build`` is killed
at, the site is the complete old or the complete new one, and the next build succeeds with
no manual step, cleans up what the killed one left, and deletes nothing that is not ours.

The kills are real SIGKILLs (no ``finally`` runs): ``build_site`` runs in a forked child,
with a fast stand-in for the engine, and the child kills itself just before its k-th change
to the file system (every mkdir, rmdir, unlink, rename, swap and file opened for writing
is one step). k: 20 points spread evenly over a whole build, every step of its clean-up,
and every step of the next build's clean-up of what a killed clean-up left. Two real
`hhz build` runs are killed too (the engine with them) late in their run, where the
clean-up happens.
"""

from __future__ import annotations

import builtins
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Any, Callable

import pytest

from hhz import sitefolder
from hhz.publish import build
from hhz.config import SiteConfig
from helpers.trees import tree_digest

WORK = ".site.tmp-build"


def fake_engine(version: str) -> Callable[..., str]:
    """Writes a small site of 6 pages, a style sheet and an index, like an engine would."""

    def run(_root: Path, _engine: str, out: Path, _quiet: bool, _site_url: str | None = None) -> str:
        out.mkdir(parents=True, exist_ok=True)
        for i in range(6):
            (out / f"p{i}").mkdir(exist_ok=True)
            page = f"<!doctype html><html lang=nl><head><title>{i}</title></head><body><p>{version} {i}</p></body></html>\n"
            (out / f"p{i}" / "index.html").write_text(page * 20, encoding="utf-8")
        (out / "style.css").write_text("body{color:#222}\n" * 50, encoding="utf-8")
        (out / "index.html").write_text(f"<!doctype html><html lang=nl><head><title>x</title></head><body>{version}</body></html>\n", encoding="utf-8")
        return ""

    return run


class Steps:
    """Counts the changes to the file system; SIGKILLs the process before step ``kill_at``."""

    def __init__(self, kill_at: int | None):
        self.kill_at = kill_at
        self.log: list[str] = []

    def step(self, what: str) -> None:
        self.log.append(what)
        if len(self.log) == self.kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    def install(self) -> None:
        def counted(name: str, real: Callable[..., Any], is_change: Callable[..., bool] = lambda *a, **k: True):
            def wrapper(*args: Any, **kwargs: Any) -> Any:
                if is_change(*args, **kwargs):
                    self.step(f"{name} {args[0] if args else ''}")
                return real(*args, **kwargs)

            return wrapper

        def writes(_file: Any, mode: str = "r", *_a: Any, **_k: Any) -> bool:
            return any(c in mode for c in "wax+")

        for name in ("mkdir", "rmdir", "unlink", "remove", "rename", "replace"):
            setattr(os, name, counted(name, getattr(os, name)))
        builtins.open = io.open = counted("open", builtins.open, writes)
        sitefolder.exchange = counted("exchange", sitefolder.exchange)


def run_build(root: Path, version: str, kill_at: int | None = None) -> tuple[bool, list[str]]:
    """``build_site`` in a forked child; (it finished, the steps it made)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            os.close(read)
            steps = Steps(kill_at)
            steps.install()
            build._run_engine = fake_engine(version)
            build.build_site(root, Path("site"), config=SiteConfig())
            os.write(write, json.dumps(steps.log).encode())
            code = 0
        except BaseException:
            traceback.print_exc()  # shown by pytest with the failure
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    assert killed or os.waitstatus_to_exitcode(status) == 0, f"the build failed (kill at {kill_at})"
    return not killed, json.loads(data) if data else []


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (root / "notities.txt").write_text("van de redactie\n", encoding="utf-8")
    (tmp_path / "naast").mkdir()
    (tmp_path / "naast" / "bestand.txt").write_text("niet van hhz\n", encoding="utf-8")
    return root


def foreign(tmp_path: Path) -> dict[str, str]:
    """Everything beside and in the project that hhz did not make."""
    return {
        rel: digest
        for rel, digest in tree_digest(tmp_path).items()
        if rel.startswith("naast") or rel in ("project", "project/notities.txt", "project/mkdocs.yml")
    }


def restore(root: Path, snapshot: Path) -> None:
    """The project as it was (quicker than the builds that made it)."""
    shutil.rmtree(root)
    shutil.copytree(snapshot, root, symlinks=True)


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name not in ("mkdocs.yml", "notities.txt", "site"))


def test_a_build_killed_at_any_step_never_blocks_the_next(project: Path, tmp_path: Path) -> None:
    assert run_build(project, "oud")[0]
    old = tree_digest(project / "site")
    snapshot = tmp_path / "snapshot"
    shutil.copytree(project, snapshot, symlinks=True)
    finished, log = run_build(project, "nieuw")  # a whole build over a previous site: its steps
    assert finished
    new = tree_digest(project / "site")
    assert old != new
    total = len(log)
    swap = next(i for i, what in enumerate(log, 1) if what.startswith("exchange"))  # the new site is in place
    print(f"{total} steps, the swap at step {swap}")
    assert total - swap >= 20, "the clean-up after the swap removes the previous site: many steps"
    even = {round(1 + i * (total - 1) / 19) for i in range(20)}
    points = sorted(even | set(range(swap + 1, total + 1)))
    before = foreign(tmp_path)
    for k in points:
        restore(project, snapshot)  # back to a completed old site, as in the counted build
        finished, _ = run_build(project, "nieuw", kill_at=k)
        assert not finished, k
        assert tree_digest(project / "site") in (old, new), f"kill at step {k}/{total}: the site is complete"
        finished, _ = run_build(project, "nieuw")
        assert finished, f"kill at step {k}/{total} ({log[k - 1]}): the next build works"
        assert tree_digest(project / "site") == new
        assert leftovers(project) == [], (k, log[k - 1])
        assert foreign(tmp_path) == before


def test_a_killed_clean_up_is_cleaned_up_by_the_next_build_even_when_that_is_killed(project: Path, tmp_path: Path) -> None:
    """The clean-up of a killed clean-up, killed at each of its steps in turn."""
    assert run_build(project, "oud")[0]
    _, log = run_build(project, "nieuw")
    middle = len(log) - 10  # inside the removal of the previous site
    before = foreign(tmp_path)
    assert not run_build(project, "oud", kill_at=middle)[0]
    assert leftovers(project), "a killed clean-up leaves part of the work folder"
    left = tree_digest(project)
    snapshot = tmp_path / "snapshot"
    shutil.copytree(project, snapshot, symlinks=True)
    _, next_log = run_build(project, "nieuw", kill_at=10**6)  # the next build, counted
    engine = next(i for i, what in enumerate(next_log, 1) if what.startswith("mkdir") and what.endswith(f"{WORK}/site"))
    for k in range(1, engine):
        restore(project, snapshot)
        assert tree_digest(project) == left
        assert not run_build(project, "nieuw", kill_at=k)[0]
        finished, _ = run_build(project, "nieuw")
        assert finished, f"kill at step {k} of cleaning up ({next_log[k - 1]})"
        assert leftovers(project) == []
        assert foreign(tmp_path) == before


def test_nothing_of_anyone_else_is_taken_for_a_leftover(project: Path) -> None:
    """Folders by the temporary names that are not ours are left alone, with a Dutch refusal."""
    for name in (f"{WORK}.hhz-nieuw", f"{WORK}.hhz-weg"):
        folder = project / name
        folder.mkdir()
        (folder / "eigen.txt").write_text("van iemand anders\n", encoding="utf-8")
        with pytest.raises(sitefolder.UnsafeFolderError, match="niet van hhz"):
            build._run_engine = fake_engine("x")
            build.build_site(project, Path("site"), config=SiteConfig())
        assert (folder / "eigen.txt").read_text(encoding="utf-8") == "van iemand anders\n"
        (folder / "eigen.txt").unlink()
        folder.rmdir()


# --- two real builds, killed late (the engine with them) ------------------------------------


@pytest.mark.slow
def test_a_real_build_killed_late_never_blocks_the_next(tmp_path: Path, geo_dir: Path) -> None:
    """Killed at 80 % and at 97 % of a build's duration (the process group: the engine
    too), each time followed by a build that must succeed on its own."""
    from helpers.sites import make_site_project

    root = make_site_project(tmp_path / "tree")
    env = dict(os.environ, HHZ_GEO_DIR=str(geo_dir), SOURCE_DATE_EPOCH="1767225600")
    command = [sys.executable, "-m", "hhz", "build", ".", "-q"]
    started = time.monotonic()
    assert subprocess.run(command, cwd=root, env=env, capture_output=True).returncode == 0
    duration = time.monotonic() - started
    reference = tree_digest(root / "site")
    for fraction in (0.8, 0.97):
        proc = subprocess.Popen(command, cwd=root, env=env, start_new_session=True)
        time.sleep(duration * fraction)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        assert tree_digest(root / "site") == reference
        started = time.monotonic()
        again = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
        duration = time.monotonic() - started
        assert again.returncode == 0, (fraction, again.stderr)
        assert tree_digest(root / "site") == reference
        assert not [p.name for p in root.iterdir() if ".tmp-build" in p.name]
