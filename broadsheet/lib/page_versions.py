"""The version every shared copy of a page is stored under: retiring it retires them all.

The page cache (web/page_cache.py, in Django's cache) and its hot copy in each process
(web/page_front.py) keep anonymous pages for up to PAGE_CACHE_SECONDS. Most changes may
take that long to show, but some must show on the next request: a comment a moderator
hid or removed, or one its author edited or deleted. The owner of such a write calls
`retire_shared_pages()`; every copy stored under an older version is then a miss, in
every process, because the version lives in the shared cache.

The version lives in its own cache alias, `page_versions` (PAGE_VERSION_CACHE_URL, by default
the same cache as CACHE_URL): with several web processes and no Redis, `broadsheet run`
points it at a directory they share, while pages and rate limits stay in each process.

The version is a random token rather than a counter: if the cache evicts it, the next
reader makes a new one, which retires everything again instead of bringing back copies
stored before the last retirement.
"""

from __future__ import annotations

import secrets
import threading
import time

from django.core.cache import caches

VERSION_KEY = "page:version"
ALIAS = "page_versions"
# With a version shared between processes (Redis, a directory), each process reads it at most
# this often; with the in-process cache, on every request (a dictionary lookup).
SHARED_VERSION_READ_SECONDS = 0.05

_lock = threading.Lock()
# This process's last reading: (monotonic time, version). A retirement made here updates it
# at once; one made by another process is seen within `fresh_within` of page_version().
_last: tuple[float, str] = (float("-inf"), "")


def is_local() -> bool:
    """Whether the version lives in this process's memory (then reading it is free)."""
    return str(caches[ALIAS].__class__.__name__) == "LocMemCache"


def page_version(*, fresh_within: float = 0.0) -> str:
    """The current version; a reading this process made under `fresh_within` seconds ago
    is reused (the hot copy in front of Django reads at most that often)."""
    global _last
    read_at, version = _last
    now = time.monotonic()
    if version and now - read_at < fresh_within:
        return version
    store = caches[ALIAS]
    version = store.get(VERSION_KEY)
    if version is None:
        store.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
        version = store.get(VERSION_KEY) or ""
    with _lock:
        if _last[0] <= now:  # never overwrite a retirement made here while we read
            _last = (now, str(version))
    return str(version)


def retire_shared_pages() -> None:
    """Make every stored page copy a miss from now on, in this process and all others."""
    global _last
    version = secrets.token_hex(8)
    caches[ALIAS].set(VERSION_KEY, version, timeout=None)
    with _lock:
        _last = (time.monotonic(), version)
