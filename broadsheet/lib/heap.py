"""Giving freed memory back to the system (glibc's malloc_trim), at most once in a while.

CPython allocates objects larger than 512 bytes (article bodies, term lists, query rows)
from the C library's malloc. With many threads (the ingest pool's 32, waitress's 8) glibc
keeps an arena per thread, and memory freed inside an arena's heap stays with the process
until the top of that heap is free: after the story desk reads its 20,000-article window at
a million articles, or a busy ingest round, the resident size stays where the peak left it.
`malloc_trim(0)` hands every free page of every arena back (it costs milliseconds of CPU).

`release_free_memory()` does that where the C library has it (Linux with glibc) and is a
no-op elsewhere (musl, macOS); `start_trimming()` runs it every TRIM_INTERVAL seconds in a
daemon thread: `broadsheet run` starts one in its main process (ingest, the story desk) and
one in each web process.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
from collections.abc import Callable
from functools import cache

TRIM_INTERVAL = 60.0  # seconds between trims of a loop (HeapTrimmer)


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None where the C library has none."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim  # type: ignore[no-any-return]


def release_free_memory() -> bool:
    """Return the C heap's free pages to the system; False where that cannot be done."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


def start_trimming(
    interval: float = TRIM_INTERVAL, *, stop: threading.Event | None = None
) -> threading.Thread | None:
    """A daemon thread that returns free memory every `interval` seconds until `stop` is set;
    None (no thread) where the C library cannot trim."""
    if _malloc_trim() is None:
        return None
    stopped = stop or threading.Event()

    def trim_forever() -> None:
        while not stopped.wait(interval):
            release_free_memory()

    thread = threading.Thread(target=trim_forever, name="heap-trim", daemon=True)
    thread.start()
    return thread
