"""Parts of pages that every reader shares, cached under the version of the news they show.

A signed-in reader's page is never taken whole from the page cache (web/page_cache.py): it
holds their save and follow buttons, read marks and comment forms. Most of it, though, is
the same for everyone: an article's body, tags, story coverage and related articles; a
story's summary, timeline and coverage by source. `{% shared "name" key... %}…{% endshared %}`
(templatetags/fragments.py) keeps such a part in Django's cache under its name, the page
language, its keys and the news version:

the news version is read from the database in one query (the ends of indexes): the newest
article, the newest enrichment, the newest story move, the newest story and its latest
activity. Whatever ingestion or the story desk writes moves one of them, so a part is
never served from before such a write, in any process (the version lives in the database,
not in a per-process cache). A change that moves none of them (a publisher's edit of an
article already stored, a source renamed) shows within FRAGMENT_CACHE_SECONDS, which also
bounds how old "3 hours ago" can get; 0 turns fragments off.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import Http404, HttpRequest

T = TypeVar("T")

_VERSION_COLUMNS = """
       (SELECT MAX(id) FROM articles_article),
       (SELECT MAX(enriched_at) FROM articles_article),
       (SELECT MAX(moved_at) FROM articles_article WHERE moved_at IS NOT NULL),
       (SELECT MAX(id) FROM stories_story),
       (SELECT MAX(last_seen_at) FROM stories_story)
"""
_VERSION_SQL = f"SELECT {_VERSION_COLUMNS}"
_VERSION_PARTS = 5


def news_version() -> str:
    """A token that changes whenever an article is stored, enriched or moved, or a story is
    made or grows (each part a MIN/MAX read from the end of an index)."""
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL)
        return _digest(cursor.fetchone())


def stamp_and_version(sql: str, params: list[str | int]) -> tuple[str, str] | None:
    """A digest of the first row of a small raw query (None when there is none): one indexed
    read that names a row as it is now, so a value kept for it can be keyed by it; and, read
    in the same statement, the news version (`news_version`)."""
    with connection.cursor() as cursor:
        # The caller's constant query, never text from a request (its values are parameters).
        query = f"SELECT stamped.*, {_VERSION_COLUMNS} FROM ({sql}) stamped"  # noqa: S608
        cursor.execute(query, params)
        row = cursor.fetchone()
    if row is None:
        return None
    return _digest(row[:-_VERSION_PARTS]), _digest(row[-_VERSION_PARTS:])


def _digest(row: tuple) -> str:
    return hashlib.blake2b("|".join(map(str, row)).encode(), digest_size=8).hexdigest()


class Once(Generic[T]):
    """A value computed on first use and kept: templates call it, and so only a fragment
    that misses the cache pays for it."""

    def __init__(self, compute: Callable[[], T]) -> None:
        self._compute = compute
        self._done = False
        self._value: T | None = None

    def __call__(self) -> T:
        if not self._done:
            self._value, self._done = self._compute(), True
        return self._value  # type: ignore[return-value]


def stamped_head(
    kind: str, stamp_sql: str, public_id: str, compute: Callable[[], T | None]
) -> tuple[T, Once[str], str]:
    """The shared head of one article or story page (its row and what comes with it), kept
    under the news version and the row's stamp (`stamp_and_version`: one query), with the
    page's one reading of the news version and the stamp (the key of the page's parts drawn
    from the head alone). A row that is missing, or deleted since its stamp, is a 404."""
    found = stamp_and_version(stamp_sql, [public_id])
    if found is None:
        raise Http404(f"No such {kind}.")
    stamp, read = found
    version = Once(lambda: read)  # one reading for the page and its fragments
    head = shared_value(f"{kind}:{public_id}:{stamp}", compute, version=version)
    if head is None:  # deleted since the stamp
        raise Http404(f"No such {kind}.")
    return head, version, stamp


def shared_value(name: str, compute: Callable[[], T], *, version: Once[str]) -> T:
    """A value every reader shares (the home page's top stories), cached like a fragment
    (and kept by the process, `recent`): callers treat the value as read-only."""
    seconds = int(settings.FRAGMENT_CACHE_SECONDS)
    if seconds <= 0:
        return compute()
    key = f"shared:{name}:{version()}"

    def store() -> tuple[T]:
        value = (compute(),)  # a tuple, so that a computed None is kept too
        cache.set(key, value, seconds)
        return value

    found = recent(key, seconds, lambda: computed_once(key, lambda: cache.get(key), store))
    return found[0]


def recent(key: str, seconds: int, fetch: Callable[[], T]) -> T:
    """`fetch()` (a read of the cache, or the computing of a missing part), kept by this
    process for `seconds` under `key` (the last RECENT_VALUES of them): a page asking again
    under the same news version skips the cache's unpickling. Keys name a news version, so
    a kept value is the one the cache holds; callers treat it as read-only. A value read
    from the cache near its expiry is kept `seconds` more: a relative time in it ("3 hours
    ago") can be up to twice FRAGMENT_CACHE_SECONDS old."""
    now = time.monotonic()
    kept = _recent.get(key)
    if kept is not None and kept[0] > now:
        return kept[1]  # type: ignore[return-value]
    found = fetch()
    with _recent_lock:
        _recent.pop(key, None)
        if len(_recent) >= RECENT_VALUES:
            _recent.pop(next(iter(_recent)))  # the oldest kept
        _recent[key] = (now + seconds, found)
    return found


def computed_once(key: str, read: Callable[[], T | None], compute: Callable[[], T]) -> T:
    """`read()`, else `compute()` (which stores what `read` finds next), computed by one
    thread of the process at a time: the others wait for it (FILL_WAIT_SECONDS at most)
    and read its result. When a part missed (a story's first view, an expiry), every thread
    serving that page had computed it at once: eight story summaries where one would do."""
    found = read()
    if found is not None:
        return found
    with _computing_lock:
        other = _computing.get(key)
        if other is None:
            _computing[key] = threading.Event()
    if other is not None:
        other.wait(FILL_WAIT_SECONDS)
        found = read()
        return found if found is not None else compute()
    try:
        return compute()
    finally:
        with _computing_lock:
            _computing.pop(key).set()


FILL_WAIT_SECONDS = 5.0
_computing: dict[str, threading.Event] = {}
_computing_lock = threading.Lock()

RECENT_VALUES = 128  # shared values and fragments (an article body: a few kB)
_recent: dict[str, tuple[float, object]] = {}
_recent_lock = threading.Lock()


def shared_fragments(request: HttpRequest) -> dict[str, object]:
    """Context processor: the news version, read only when a page's fragment needs it."""
    return {"news_version": Once(news_version), "fragment_seconds": settings.FRAGMENT_CACHE_SECONDS}
