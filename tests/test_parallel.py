"""Rendering over several processes gives exactly the files of a serial run."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from hhz import parallel
from hhz.render.outputs import render_site
from hhz.validate import validate_root
from helpers.sites import EXAMPLE_REPO_URL, copy_site_sources
from projectfactory import make_project


def square_plus_pid(i: int) -> tuple[int, int]:
    return i * i, os.getpid()


def test_map_indexed_keeps_order_and_really_forks(monkeypatch) -> None:
    monkeypatch.setenv("HHZ_JOBS", "2")
    results = parallel.map_indexed(square_plus_pid, 50, min_items=0)
    assert [value for value, _pid in results] == [i * i for i in range(50)]
    if os.name == "posix" and os.uname().sysname == "Linux":
        assert {pid for _value, pid in results} - {os.getpid()}, "no worker process did any work"


def test_map_indexed_is_serial_when_told(monkeypatch) -> None:
    monkeypatch.setenv("HHZ_JOBS", "1")
    assert {pid for _v, pid in parallel.map_indexed(square_plus_pid, 20, min_items=0)} == {os.getpid()}


def test_errors_in_a_worker_reach_the_caller(monkeypatch) -> None:
    monkeypatch.setenv("HHZ_JOBS", "2")

    def fail_on_seven(i: int) -> int:
        if i == 7:
            raise ValueError("zeven")
        return i

    with pytest.raises(ValueError, match="zeven"):
        parallel.map_indexed(fail_on_seven, 20, min_items=0)


def test_parallel_and_serial_rendering_write_the_same_files(tmp_path: Path, monkeypatch) -> None:
    make_project(tmp_path)
    copy_site_sources(tmp_path, repo_url=EXAMPLE_REPO_URL)
    result = validate_root(tmp_path, None, today=dt.date(2026, 1, 1))
    assert result.dataset is not None, result.errors
    monkeypatch.setattr(parallel, "MIN_ITEMS", 0)
    monkeypatch.setenv("HHZ_JOBS", "1")
    serial = render_site(tmp_path, result.dataset, None, today=dt.date(2026, 1, 1)).files
    monkeypatch.setenv("HHZ_JOBS", "2")
    forked = render_site(tmp_path, result.dataset, None, today=dt.date(2026, 1, 1)).files
    assert len(serial) > 10
    assert forked.keys() == serial.keys()
    assert [name for name in serial if serial[name] != forked[name]] == []


def test_stopping_early_ends_the_workers(monkeypatch) -> None:
    import multiprocessing

    monkeypatch.setenv("HHZ_JOBS", "2")
    results = parallel.imap_indexed(square_plus_pid, 400, min_items=0)
    assert next(results)[0] == 0
    assert multiprocessing.active_children(), "the workers should be running"
    results.close()
    assert multiprocessing.active_children() == []


def test_parallel_and_serial_validation_report_the_same(tmp_path: Path, monkeypatch) -> None:
    from hhz import validate
    from projectfactory import region_yaml

    regions = {f"r{i:02d}": region_yaml(f"r{i:02d}", [f"GM{1000 + i:04d}"]) for i in range(12)}
    regions["r03"] = regions["r03"].replace("naam: Regio r03", "naam: Regio r03\nnaaam: typo")
    regions["r07"] = regions["r07"].replace("korte_naam:", "korte_naam: [lijst]\nx:")
    # values that travel back from a worker as sentinels: a YAML 1.1 boolean, an impossible date
    regions["r09"] = regions["r09"].replace("peildatum: 2025-01-01", "peildatum: 2024-02-30").replace("rechtsvorm: coöperatie", "rechtsvorm: no")
    make_project(tmp_path, regions)
    monkeypatch.setattr(validate, "PARALLEL_MIN_FILES", 0)
    monkeypatch.setenv("HHZ_JOBS", "1")
    serial = validate_root(tmp_path, None, today=dt.date(2026, 1, 1))
    monkeypatch.setenv("HHZ_JOBS", "2")
    forked = validate_root(tmp_path, None, today=dt.date(2026, 1, 1))
    assert [str(d) for d in serial.diagnostics] == [str(d) for d in forked.diagnostics]
    assert {d.path for d in serial.errors} == {"regions/r03.yaml", "regions/r07.yaml", "regions/r09.yaml"}
    assert len([d for d in forked.errors if d.path == "regions/r09.yaml"]) == 2


def test_files_written_by_the_workers_equal_staging_afterwards(tmp_path: Path, monkeypatch) -> None:
    from hhz.publish.stage import Stager, stage

    make_project(tmp_path)
    copy_site_sources(tmp_path, repo_url=EXAMPLE_REPO_URL)
    result = validate_root(tmp_path, None, today=dt.date(2026, 1, 1))
    monkeypatch.setattr(parallel, "MIN_ITEMS", 0)
    monkeypatch.setenv("HHZ_JOBS", "2")
    stager = Stager(tmp_path, tmp_path / "streamed")
    streamed_site = render_site(tmp_path, result.dataset, None, today=dt.date(2026, 1, 1), stager=stager)
    stager.finish()
    assert streamed_site.files == {}  # written by the workers, not sent back
    site = render_site(tmp_path, result.dataset, None, today=dt.date(2026, 1, 1))
    stage(tmp_path, site, tmp_path / "after")

    def tree(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

    streamed, after = tree(tmp_path / "streamed"), tree(tmp_path / "after")
    assert len(streamed) > 10 and "bijdragen.md" in streamed  # generated and hand-written
    assert streamed == after
