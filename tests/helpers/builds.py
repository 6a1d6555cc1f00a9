"""The one factory of built sites: a data variant built with an engine, at most once per test
run, shared by every module that reads it (the ``built_sites`` fixture in tests/conftest.py).

A variant writes a project into an empty folder; the factory then runs ``hhz build`` there
(a subprocess, as an editor would). Under pytest-xdist the workers share one build through a
file lock in the run's common temporary folder, so each (variant, engine) is built once per
run, not once per worker. Tests only read these sites; a test that changes its project or
site copies the tree first (``copy_built``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from filelock import FileLock

from helpers import REPO
from helpers.cms import copy_project
from helpers.hostile import write_hostile_project
from helpers.maps import EVIL, neighbours
from helpers.shipped import FILES, SOURCES
from helpers.sites import copy_site_sources
from projectfactory import BOUWSTEEN_IDS, make_project, region_yaml


def copy_shipped_sources(root: Path, geo_dir: Path | None = None) -> None:
    """This repository's data, sources and settings (without cms/: beheer/ without the form)."""
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name, dirs_exist_ok=True)
    for name in FILES:
        shutil.copy(REPO / name, root / name)


def _shipped_with_form(root: Path, geo_dir: Path | None) -> None:
    """The shipped project as a git repository with cms/ linked in: beheer/ with the form."""
    copy_project(root)


def _map(root: Path, geo_dir: Path | None) -> None:
    """Three regions: two neighbours (one of two gemeenten), one with an unsafe name."""
    from hhz.geo.reference import load_geo_reference

    assert geo_dir is not None, "de kaartvariant heeft geodata nodig"
    a, b, c = neighbours(load_geo_reference(geo_dir))
    make_project(
        root,
        {
            "alfa": region_yaml("alfa", [a, b]),
            "beta": region_yaml("beta", [c], levels_new={x: 3 for x in BOUWSTEEN_IDS} | {"regiovisie": 5}),
            "gamma": region_yaml("gamma", ["GM0344"]).replace("naam: Regio gamma", f"naam: '{EVIL}'"),
        },
    )
    copy_site_sources(root)


def _hostile(root: Path, geo_dir: Path | None) -> None:
    write_hostile_project(root)
    copy_site_sources(root)


# name -> (writes the project into an empty folder, needs the geodata)
VARIANTS: dict[str, tuple[Callable[[Path, Path | None], None], bool]] = {
    "shipped": (copy_shipped_sources, False),
    "shipped-with-form": (_shipped_with_form, False),
    "map": (_map, True),
    "hostile": (_hostile, True),
}
DONE = ".hhz-test-built"


def hhz_build(root: Path, *args: str, geo_dir: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``hhz build <root> <args>`` in a subprocess; HHZ_GEO_DIR only when ``geo_dir`` is given."""
    full_env = {k: v for k, v in os.environ.items() if k != "HHZ_GEO_DIR"}
    if geo_dir is not None:
        full_env["HHZ_GEO_DIR"] = str(geo_dir)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "hhz", "build", str(root), *args], capture_output=True, text=True, env=full_env
    )


def build_variant(folder: Path, variant: str, engine: str, geo_dir: Path | None) -> Path:
    """The project root of ``variant`` built with ``engine`` under ``folder`` (built once: a
    later call, also from another process, finds it done). Its site is ``root / "site"``."""
    write, needs_geo = VARIANTS[variant]
    root = folder / f"{variant}-{engine}"
    with FileLock(str(folder / f"{variant}-{engine}.lock")):
        if (root / DONE).is_file():
            return root
        shutil.rmtree(root, ignore_errors=True)  # a build that failed half-way
        root.mkdir(parents=True)
        write(root, geo_dir)
        proc = hhz_build(root, "--site-dir", str(root / "site"), "--engine", engine, "-q", geo_dir=geo_dir)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert (root / "site" / "index.html").is_file()
        (root / DONE).write_text("", encoding="utf-8")
    return root


def needs_geodata(variant: str) -> bool:
    return VARIANTS[variant][1]


def copy_built(root: Path, target: Path) -> Path:
    """A private copy of a built project (symbolic links kept: cms/ stays a link)."""
    shutil.copytree(root, target, symlinks=True)
    (target / DONE).unlink(missing_ok=True)
    return target


def build_shipped_site(root: Path, geo_dir: Path | None, engine: str = "mkdocs") -> Path:
    """The shipped data copied to ``root`` and built there (a private build; a test that only
    reads the shipped site uses the shared one: the ``shipped_builds`` fixture)."""
    copy_shipped_sources(root)
    proc = hhz_build(root, "--site-dir", str(root / "site"), "--engine", engine, "-q", geo_dir=geo_dir)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (root / "site" / "index.html").is_file()
    return root / "site"
