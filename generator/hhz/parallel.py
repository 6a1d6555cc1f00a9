"""Spread independent, CPU-bound steps (rendering pages, checking them) over the cores.

Rendering thousands of pages is pure computation on data that is already in memory, so
on Linux the work is forked: the worker processes inherit the data instead of receiving
it pickled, and send back only their results, in order. Results are the same as a serial
run (tests compare both), so the site stays byte-identical.

Serial when the work is small, on one core, off Linux, inside `hhz serve` (its server
threads make forking unsafe), or with ``HHZ_JOBS=1``.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from typing import Callable, Iterator, TypeVar

T = TypeVar("T")

MIN_ITEMS = 200  # below this, starting processes costs more than it saves
_serial_only = False
_task: Callable[[int], object] | None = None


def force_serial() -> None:
    """Never fork from now on (called by `hhz serve`, which runs threads)."""
    global _serial_only
    _serial_only = True


def workers() -> int:
    """How many processes to use: HHZ_JOBS, else the usable cores (at most 8)."""
    wanted = os.environ.get("HHZ_JOBS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


def map_indexed(task: Callable[[int], T], count: int, min_items: int | None = None) -> list[T]:
    """``[task(i) for i in range(count)]``, over several processes when that pays off."""
    return list(imap_indexed(task, count, min_items))


def imap_indexed(task: Callable[[int], T], count: int, min_items: int | None = None) -> Iterator[T]:
    """Like ``map_indexed``, but a generator: the results come in order as soon as each
    chunk is done, so the caller can use (write) the first ones while the workers compute
    the rest. The workers are forked when the first result is asked for; closing the
    generator early stops them."""
    jobs = workers()
    threshold = MIN_ITEMS if min_items is None else min_items
    if _serial_only or count < max(threshold, 2) or jobs < 2 or not sys.platform.startswith("linux"):
        for i in range(count):
            yield task(i)
        return
    global _task
    _task = task  # inherited by the forked workers; only the index ranges are sent
    size = -(-count // (jobs * 4))  # a few chunks per worker evens out uneven pages
    chunks = [(start, min(start + size, count)) for start in range(0, count, size)]
    # Objects that exist before the fork are left alone by the workers' garbage collector,
    # so their memory stays shared instead of being copied page by page.
    frozen_before = gc.get_freeze_count() > 0  # the caller froze its data: keep it frozen
    gc.freeze()
    try:
        pool = multiprocessing.get_context("fork").Pool(jobs)
    finally:
        _task = None  # the workers have their copy
        if not frozen_before:
            gc.unfreeze()
    finished = False
    try:
        for part in pool.imap(_run_chunk, chunks):
            yield from part
        pool.close()
        finished = True
    finally:
        if not finished:  # an error, or the caller stopped early
            pool.terminate()
        pool.join()  # workers gone before the caller goes on


def _run_chunk(bounds: tuple[int, int]) -> list[object]:
    assert _task is not None
    return [_task(i) for i in range(*bounds)]
