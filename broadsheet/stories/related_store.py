"""Related lists kept per article: made on an article's first view, read while still fresh.

`stories/queries.related_articles` counts the links of the RELATED_WINDOW articles on either
side of an article: 10-28 ms of CPU at a million articles for the broadest links, most of
an uncached article page. What it returns changes only when

1. links are written in that window: the story desk tags an article once, when it places it
   (`stories/placement.py`, in the transaction that stamps it enriched);
2. a story merge or split moves articles of the window to another story (a list names at
   most one article per story, none of this article's story);
3. its definition changes (the window, the limit, the thresholds: `made_with`).

So a kept list (`RelatedList`) records `upto`, the newest article id when it was made, and
is read only when it is **fresh**:

- it was made under the same definition;
- no article stored after `upto` in the window shares an entity or a topic with this one
  (ids follow arrival, so those links are the ones the list cannot know): one index seek
  per entity and topic, in the query that reads the list, and none once `upto` is past the
  window's end (an article more than RELATED_WINDOW articles old: the list is final);
- it was not forgotten since: placing an article deletes the lists around it that were made
  after it was stored (they counted it before it had links, or before it was visible), and
  a merge or split deletes the lists around the articles it moves (`forget_around`,
  `forget_between`, both in the desk's transaction);
- the articles it names still load as originals of distinct stories other than this one's
  (checked by the caller on the rows it loads anyway: a hand-edited row, a deleted article).

A list worked out while the desk wrote (`RelatedEpoch` moved between reading and keeping)
is not kept, so a list never misses a write that committed while it was counted. A reader
therefore never sees a stale list, as long as links and stories change only through the
desk (a link row written by hand, an import or a bench build bypasses `forget_*`: empty
the table after one). What freshness costs is a count on the first view after a write that
touches the list (every sharing placement, for the newest articles); keeping a list never
makes a reader wait for the database's writer. A row is ~80 bytes: at most one per article
ever read.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction

from broadsheet.stories.models import ArticleEntity, ArticleTopic, RelatedEpoch, RelatedList

# Raise when the ranking changes in a way the window and thresholds do not show: every kept
# list is then worked out again on its next view.
DEFINITION = 1

_LISTS, _EPOCH = RelatedList._meta.db_table, RelatedEpoch._meta.db_table


@dataclass(frozen=True)
class Kept:
    """What reading an article's kept list found: the ids (None when there is no fresh list)
    and what keeping a newly counted one needs (the newest id and the epoch, read first)."""

    ids: list[int] | None
    upto: int
    epoch: int


def definition_digest(*parts: object) -> int:
    """A 31-bit digest of the values a related list depends on (with DEFINITION)."""
    return zlib.crc32(repr((DEFINITION, *parts)).encode()) & 0x7FFFFFFF


def read_kept(
    article_id: int, entity_ids: list[int], topic_ids: list[int], *, window: int, made_with: int
) -> Kept:
    """The article's kept list if it is fresh (see the module docstring), in one query that
    also reads the newest article id and the epoch for keeping a new one."""
    high = article_id + window
    later = [
        f"EXISTS (SELECT 1 FROM {table} WHERE {column} IN ({', '.join(['%s'] * len(ids))}) "  # noqa: S608
        "AND article_id > r.upto AND article_id <= %s)"
        for table, column, ids in (
            (ArticleEntity._meta.db_table, "entity_id", entity_ids),
            (ArticleTopic._meta.db_table, "topic_id", topic_ids),
        )
        if ids
    ]
    sql = (
        f"SELECT r.related, r.made_with, CASE WHEN r.upto IS NULL OR r.upto >= %s THEN 0 "  # noqa: S608 - names, %s only
        f"WHEN {' OR '.join(later) or '1 = 0'} THEN 1 ELSE 0 END, "
        f"(SELECT COALESCE(MAX(value), 0) FROM {_EPOCH}), "
        "(SELECT COALESCE(MAX(id), 0) FROM articles_article) "
        f"FROM (SELECT 1 AS one) AS one LEFT JOIN {_LISTS} r ON r.article_id = %s"
    )
    params = [high]
    if entity_ids:
        params += [*entity_ids, high]
    if topic_ids:
        params += [*topic_ids, high]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, article_id])
        related, kept_with, stale, epoch, upto = cursor.fetchone()
    fresh = related is not None and kept_with == made_with and not stale
    ids = [int(pk) for pk in related.split()] if fresh else None
    return Kept(ids=ids, upto=upto, epoch=epoch)


def keep(article_id: int, ids: list[int], kept: Kept, *, made_with: int) -> None:
    """Store a newly counted list, unless the desk wrote since `kept` was read (the epoch
    moved) or the database is busy with another writer (the next view keeps it then)."""
    sql = (
        f"INSERT INTO {_LISTS} (article_id, related, upto, made_with) "  # noqa: S608
        f"SELECT %s, %s, %s, %s WHERE (SELECT COALESCE(MAX(value), 0) FROM {_EPOCH}) = %s "
        "ON CONFLICT (article_id) DO UPDATE SET related = excluded.related, "
        "upto = excluded.upto, made_with = excluded.made_with"
    )
    params: list[int | str] = [article_id, " ".join(map(str, ids)), kept.upto, made_with]
    try:
        with _without_waiting(), connection.cursor() as cursor:
            cursor.execute(sql, [*params, kept.epoch])
    except DatabaseError:  # busy, or the article is gone: nothing is kept, nothing is wrong
        pass


def forget_around(article_id: int, *, window: int) -> None:
    """The desk tagged this article: the lists around it made after it was stored counted
    it without links (a list made before finds its links through `upto`). Read through the
    `upto` index (the lists made since the article was stored: few, placing follows storing
    within seconds), not the window's ids: with 20,000 recent lists kept, 0.03 against 1.6 ms
    per placement (in memory, 1M rows)."""
    _forget(
        "upto >= %s AND +article_id BETWEEN %s AND %s",
        [article_id, article_id - window, article_id + window],
    )


def forget_between(low: int, high: int, *, window: int) -> None:
    """A merge or split moved articles with ids from `low` to `high` to another story: the
    lists that could name them, or belong to them, are worked out again."""
    _forget("article_id BETWEEN %s AND %s", [low - window, high + window])


def _forget(where: str, params: list[int]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_LISTS} WHERE {where}", params)  # noqa: S608
        cursor.execute(
            f"INSERT INTO {_EPOCH} (id, value) VALUES (1, 1) "  # noqa: S608
            f"ON CONFLICT (id) DO UPDATE SET value = {_EPOCH}.value + 1"
        )


@contextmanager
def _without_waiting() -> Iterator[None]:
    """On SQLite outside a transaction, fail at once when another process holds the write
    lock (the busy timeout would make the page wait for it); elsewhere, a savepoint inside a
    caller's transaction, so that a failed write does not spoil it."""
    if connection.vendor != "sqlite":
        with transaction.atomic():
            yield
        return
    if connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        (waited,) = cursor.fetchone()
        cursor.execute("PRAGMA busy_timeout = 0")
        try:
            yield
        finally:
            cursor.execute(f"PRAGMA busy_timeout = {int(waited)}")
