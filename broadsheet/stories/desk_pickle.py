"""A story desk as bytes and back (stories/snapshot.py keeps them; bench/clustering times them).

The bundled word statistics are the package's own and are loaded again rather than stored;
a lock cannot be pickled and is made anew. No Django here, so benchmarks can use it alone.
"""

from __future__ import annotations

import gc
import io
import pickle
import threading
from typing import Any, BinaryIO

from broadsheet.clustering.background import load_word_stats

_RLOCK_TYPE = type(threading.RLock())


class _Pickler(pickle.Pickler):
    def persistent_id(self, obj: Any) -> str | None:
        if obj is load_word_stats():
            return "word-stats"
        if isinstance(obj, _RLOCK_TYPE):
            return "rlock"
        return None


class _Unpickler(pickle.Unpickler):
    def persistent_load(self, pid: Any) -> Any:
        if pid == "word-stats":
            return load_word_stats()
        if pid == "rlock":
            return threading.RLock()
        raise pickle.UnpicklingError(f"unknown persistent id {pid!r}")


def desk_to_bytes(value: object) -> bytes:
    """Pickle `value` (a desk, or a tuple holding one) without the word statistics or locks."""
    buffer = io.BytesIO()
    desk_to_file(value, buffer)
    return buffer.getvalue()


def desk_to_file(value: object, handle: BinaryIO) -> None:
    """desk_to_bytes() written straight to `handle`: the snapshot of a 20,000-article window
    (~50 MB) is never held in memory whole."""
    _Pickler(handle, protocol=pickle.HIGHEST_PROTOCOL).dump(value)


def desk_from_bytes(data: bytes) -> Any:
    """What desk_to_bytes() wrote (only ever read this product's own files: a pickle is code).

    The cyclic garbage collector is paused meanwhile: the millions of objects a 20,000-article
    window holds would set it off again and again, each pass walking all that was loaded."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _Unpickler(io.BytesIO(data)).load()
    finally:
        if enabled:
            gc.enable()
