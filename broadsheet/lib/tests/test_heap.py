"""lib/heap.py: memory freed by many threads goes back to the system, not only to malloc."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from broadsheet.lib import heap

LINUX = sys.platform == "linux" and Path("/proc/self/status").exists()


def anonymous_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("RssAnon:"):
            return int(line.split()[1]) / 1024
    return 0.0


def fragment_heaps(threads: int = 4, blocks: int = 10_000) -> list[bytes]:
    """Allocate ~40 MB of 4 kB blocks in each of `threads` threads (glibc: one arena each)
    and free all but one block in 64: the free pages stay inside the heaps."""
    kept: list[bytes] = []

    def work(n: int) -> None:
        made = [bytes(4000) + bytes([n, i % 251]) for i in range(blocks)]
        kept.extend(made[::64])

    workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return kept


@pytest.mark.skipif(not LINUX or heap._malloc_trim() is None, reason="glibc on Linux only")
def test_freed_heap_pages_go_back_to_the_system():
    heap.release_free_memory()
    kept = fragment_heaps()
    before = anonymous_mb()
    assert heap.release_free_memory() is True
    after = anonymous_mb()
    assert len(kept) == 4 * 157
    # ~160 MB allocated, ~2.5 MB kept: without the trim the freed pages stay resident.
    assert before - after > 60, (before, after)


def test_without_malloc_trim_nothing_is_done(monkeypatch):
    monkeypatch.setattr(heap, "_malloc_trim", lambda: None)
    assert heap.release_free_memory() is False
    assert heap.start_trimming(0.01) is None


def test_the_trimming_thread_trims_until_stopped(monkeypatch):
    calls: list[int] = []
    trimmed = threading.Event()

    def fake_trim(pad: int) -> int:
        calls.append(pad)
        if len(calls) >= 2:
            trimmed.set()
        return 1

    monkeypatch.setattr(heap, "_malloc_trim", lambda: fake_trim)
    stop = threading.Event()
    thread = heap.start_trimming(0.01, stop=stop)
    assert thread is not None and thread.daemon
    assert trimmed.wait(5)
    stop.set()
    thread.join(5)
    assert not thread.is_alive()
    assert calls[:2] == [0, 0]
