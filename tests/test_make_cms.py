"""`make cms-bundle` never stops `make site`: without Node it is silent (hhz's own one-line
warning says the form is missing), and when `npm ci` fails (offline, a proxy) it prints one
Dutch line and the site is built without the form."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from hhz.editing.cms.bundle import MISSING

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    """The Makefile and the lock file of a checkout where cms/ was never installed."""
    if not shutil.which("make"):
        pytest.skip("make ontbreekt")
    shutil.copy(REPO / "Makefile", tmp_path / "Makefile")
    (tmp_path / "cms").mkdir()
    shutil.copy(REPO / "cms" / "package-lock.json", tmp_path / "cms" / "package-lock.json")
    return tmp_path


def make_bundle(folder: Path, bin_dir: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ) | {"PATH": str(bin_dir)}  # only these tools: the recipe uses shell built-ins
    return subprocess.run(["make", "-s", "cms-bundle"], cwd=folder, env=env, capture_output=True, text=True, timeout=60)


def tools(folder: Path, *, npm_exit: int | None) -> Path:
    """A PATH folder with make and sh, and a fake npm that fails (or none at all)."""
    bin_dir = folder / "bin"
    bin_dir.mkdir()
    for name in ("make", "sh", "bash", "env"):
        found = shutil.which(name)
        if found:
            (bin_dir / name).symlink_to(found)
    if npm_exit is not None:
        npm = bin_dir / "npm"
        npm.write_text(f"#!/bin/sh\necho \"$*\" >>{folder / 'npm.log'}\nexit {npm_exit}\n", encoding="utf-8")
        npm.chmod(npm.stat().st_mode | stat.S_IEXEC)
    return bin_dir


def test_failing_npm_ci_gives_one_dutch_line_and_no_error(fresh: Path) -> None:
    result = make_bundle(fresh, tools(fresh, npm_exit=1))
    assert result.returncode == 0, result.stderr
    assert "ci" in (fresh / "npm.log").read_text(encoding="utf-8")
    lines = (result.stdout + result.stderr).splitlines()
    assert len(lines) == 1 and lines[0].startswith("waarschuwing: npm ci --prefix cms mislukt")
    assert "zonder formulier" in lines[0]


def test_without_node_make_is_silent(fresh: Path) -> None:
    result = make_bundle(fresh, tools(fresh, npm_exit=None))
    assert result.returncode == 0, result.stderr
    assert result.stdout + result.stderr == ""  # hhz's warning is the one line


def test_hhz_warning_without_the_bundle_fits_one_line() -> None:
    assert "\n" not in MISSING
    assert len("waarschuwing: " + MISSING) <= 80  # rich wraps at 80 columns without a terminal
    assert "npm ci --prefix cms" in MISSING
