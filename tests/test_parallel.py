"""Rendering over several processes gives exactly the files of a serial run."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from hhz import parallel
from hhz.generate import render_site
from hhz.validate import validate_root
from projectfactory import make_project
from test_site import copy_site_sources


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
    copy_site_sources(tmp_path)
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
