"""The one owner of feed-state writes: claiming due feeds and recording each poll's outcome."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone

from broadsheet.articles.drafts import ArticleDraft
from broadsheet.articles.models import Article, EntryFailure
from broadsheet.articles.services import upsert_articles
from broadsheet.ingest.schedule import SchedulePolicy, next_fetch_after_error, next_interval
from broadsheet.sources.models import Feed

# A claimed feed is leased for this long; a crashed runner's feeds come back after it.
CLAIM_LEASE = timedelta(minutes=10)
# A failed entry is tried this many times in all, then left until the publisher changes it.
ENTRY_ATTEMPTS = 3

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EntryFailed:
    """An entry that could not become an article this time, and why."""

    key: str
    url: str
    reason: str
    entry_updated_at: datetime | None


def describe_error(error: BaseException) -> str:
    """An exception as an operator reads it: its class, then its message."""
    message = str(error)
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def claim_due_feeds(
    now: datetime, *, limit: int, skip: Callable[[Feed], bool] | None = None
) -> list[Feed]:
    """Atomically take up to `limit` due feeds so no other runner polls them at the same time.

    Feeds for which `skip` is true (a host already polled at its share) stay due, unclaimed.
    """
    claimed = []
    for feed in Feed.objects.due_for_fetch(now)[: limit * 4]:
        if skip is not None and skip(feed):
            continue
        won = Feed.objects.filter(pk=feed.pk, next_fetch_at=feed.next_fetch_at).update(
            next_fetch_at=now + CLAIM_LEASE
        )
        if won == 1:
            feed.next_fetch_at = now + CLAIM_LEASE
            claimed.append(feed)
        if len(claimed) >= limit:
            break
    return claimed


def store_articles(
    feed: Feed,
    drafts: Sequence[ArticleDraft],
    *,
    feed_state: dict[str, object] | None = None,
    failed: Sequence[EntryFailed] = (),
) -> list[Article]:
    """Store a batch of drafts in one transaction, with the feed's new state if given.

    The feed's ETag and Last-Modified travel in the same transaction as its last
    batch of entries, so a crash never records a conditional-GET state whose
    entries were not stored. A draft that cannot be stored joins `failed`: the
    failures are recorded, and the entries stored now have theirs cleared.
    """
    odd = next((draft for draft in drafts if draft.date_note), None)
    with transaction.atomic():
        articles, refused = _upsert_isolated(feed, drafts)
        _record_entry_failures(feed, [*failed, *refused])
        refused_keys = {f.key for f in refused}
        stored_keys = [d.entry_key[:2000] for d in drafts if d.entry_key not in refused_keys]
        EntryFailure.objects.filter(feed=feed, key__in=stored_keys).delete()
        if feed_state is not None:
            Feed.objects.filter(pk=feed.pk).update(**_unless_retry_pending(feed, feed_state))
        if odd is not None:
            # Feed health shows it: such articles are placed in stories by content alone.
            Feed.objects.filter(pk=feed.pk).update(
                date_warning=odd.date_note, date_warning_at=odd.fetched_at
            )
    return articles


def _upsert_isolated(
    feed: Feed, drafts: Sequence[ArticleDraft]
) -> tuple[list[Article], list[EntryFailed]]:
    """The batch in one go; if it raises, each draft alone, so one bad draft fails alone."""
    try:
        with transaction.atomic():
            return upsert_articles(drafts, source=feed.source, feed=feed), []
    except (OperationalError, InterfaceError):
        raise  # the database itself is in trouble: the whole poll fails and is retried
    except Exception:
        log.warning("a batch of feed %s failed to store; storing its drafts one by one", feed.pk)
        return _upsert_each(feed, drafts)


def _upsert_each(
    feed: Feed, drafts: Sequence[ArticleDraft]
) -> tuple[list[Article], list[EntryFailed]]:
    articles, refused = [], []
    for draft in drafts:
        try:
            with transaction.atomic():
                articles.extend(upsert_articles([draft], source=feed.source, feed=feed))
        except (OperationalError, InterfaceError):
            raise
        except Exception as error:
            log.warning("entry %s of feed %s failed to store", draft.entry_key, feed.pk)
            updated = draft.entry_updated_at
            refused.append(EntryFailed(draft.entry_key, draft.url, describe_error(error), updated))
    return articles, refused


def _record_entry_failures(feed: Feed, failed: Sequence[EntryFailed]) -> None:
    """Count one more attempt for each failed entry (a changed entry starts again at one)."""
    if not failed:
        return
    now = timezone.now()
    by_key = {f.key[:2000]: f for f in failed}
    known = {e.key: e for e in EntryFailure.objects.filter(feed=feed, key__in=list(by_key))}
    for key, failure in by_key.items():
        row = known.get(key)
        if row is None:
            EntryFailure.objects.create(
                feed=feed, key=key, url=failure.url[:2000], reason=failure.reason[:2000],
                entry_updated_at=failure.entry_updated_at, first_failed_at=now, last_failed_at=now,
            )  # fmt: skip
            continue
        same_version = row.entry_updated_at == failure.entry_updated_at
        row.attempts = row.attempts + 1 if same_version else 1
        row.reason, row.url = failure.reason[:2000], failure.url[:2000]
        row.entry_updated_at, row.last_failed_at = failure.entry_updated_at, now
        row.save()


def _unless_retry_pending(feed: Feed, state: dict[str, object]) -> dict[str, object]:
    # A 304 would hide the entries waiting for another try: keep no conditional-GET state
    # while one waits, so the next poll reads the feed in full.
    if EntryFailure.objects.filter(feed=feed, attempts__lt=ENTRY_ATTEMPTS).exists():
        return {**state, "etag": "", "last_modified": ""}
    return state


def given_up_entries(feed: Feed, *, keys: Sequence[str]) -> dict[str, datetime | None]:
    """Entries of `keys` that failed every allowed attempt: key -> the version that failed."""
    rows = EntryFailure.objects.filter(feed=feed, key__in=list(keys)).given_up(ENTRY_ATTEMPTS)
    return dict(rows.values_list("key", "entry_updated_at"))


def success_state(
    feed: Feed,
    *,
    now: datetime,
    new_entries: int,
    etag: str | None,
    last_modified: str | None,
    title: str | None,
    format: str | None,
    policy: SchedulePolicy,
) -> dict[str, object]:
    """Feed columns after a successful poll (304 included)."""
    interval = next_interval(feed.interval_seconds, new_entries=new_entries, policy=policy)
    state: dict[str, object] = {
        "interval_seconds": interval,
        "next_fetch_at": now + timedelta(seconds=interval),
        "consecutive_errors": 0,
        "last_fetched_at": now,
        "last_success_at": now,
    }
    if etag is not None:
        state["etag"] = etag[:500]
    if last_modified is not None:
        state["last_modified"] = last_modified[:100]
    if title:
        state["title"] = title[:500]
    if format:
        state["format"] = format[:16]
    if new_entries:
        state["last_new_entry_at"] = now
    return state


def record_failure(
    feed: Feed,
    *,
    now: datetime,
    reason: str,
    retry_after: timedelta | None,
    policy: SchedulePolicy,
) -> None:
    """Record a failed poll and back off; a feed is never disabled for good."""
    errors = feed.consecutive_errors + 1
    Feed.objects.filter(pk=feed.pk).update(
        consecutive_errors=errors,
        last_error=reason[:2000],
        last_error_at=now,
        last_fetched_at=now,
        next_fetch_at=next_fetch_after_error(
            now, errors=errors, retry_after=retry_after, policy=policy
        ),
    )
