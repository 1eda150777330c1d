"""The build's worker processes: forked to read what the build holds, they share its memory instead of copying it."""

from __future__ import annotations

import concurrent.futures
import gc
import multiprocessing
import sys
from pathlib import Path

import pytest

from legistrack.workers import shared_with_workers

_HELD: list[list[object]] = []


def _collect_and_measure(_: int) -> int:
    """In a worker: a full collection, as any worker's allocations bring, then the kilobytes this process has
    written of its own (pages it copied from the build, and its own)."""
    gc.collect()
    rollup = Path("/proc/self/smaps_rollup").read_text(encoding="ascii")
    return sum(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Private_Dirty:"))


def _worker_memory(shared: bool) -> int:
    context = multiprocessing.get_context("fork")
    if shared:
        with shared_with_workers(), concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as pool:
            return pool.submit(_collect_and_measure, 0).result()
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as pool:
        return pool.submit(_collect_and_measure, 0).result()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_worker_does_not_copy_what_the_build_holds() -> None:
    """A build holding 1.5 million small lists (a batch of bills' models is millions of objects) forks a worker that
    collects garbage: without shared_with_workers the collection writes into every inherited object and the worker
    copies them all (about 100 MB here); with it, the worker writes a few MB of its own."""
    _HELD.extend([i, f"第{i}条"] for i in range(1_500_000))
    try:
        copied = _worker_memory(shared=False)
        shared = _worker_memory(shared=True)
    finally:
        _HELD.clear()
    assert copied > 60_000  # KB: the held objects, copied
    assert shared < copied / 4
    assert gc.get_freeze_count() == 0  # the build's own collector has them back


def test_the_collector_has_the_objects_back_after_a_failure() -> None:
    with pytest.raises(RuntimeError), shared_with_workers():
        assert gc.get_freeze_count() > 0
        raise RuntimeError("a worker failed")
    assert gc.get_freeze_count() == 0
