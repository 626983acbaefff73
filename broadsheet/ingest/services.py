"""The one owner of feed-state writes: claiming due feeds and recording each poll's outcome."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.db import transaction

from broadsheet.articles.models import Article
from broadsheet.articles.services import ArticleDraft, upsert_articles
from broadsheet.ingest.schedule import SchedulePolicy, next_fetch_after_error, next_interval
from broadsheet.sources.models import Feed

# A claimed feed is leased for this long; a crashed runner's feeds come back after it.
CLAIM_LEASE = timedelta(minutes=10)


def claim_due_feeds(now: datetime, *, limit: int) -> list[Feed]:
    """Atomically take up to `limit` due feeds so no other runner polls them at the same time."""
    claimed = []
    for feed in Feed.objects.due_for_fetch(now)[: limit * 2]:
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
    feed: Feed, drafts: Sequence[ArticleDraft], *, feed_state: dict[str, object] | None = None
) -> list[Article]:
    """Store a batch of drafts in one transaction, with the feed's new state if given.

    The feed's ETag and Last-Modified travel in the same transaction as its last
    batch of entries, so a crash never records a conditional-GET state whose
    entries were not stored.
    """
    odd = next((draft for draft in drafts if draft.date_note), None)
    with transaction.atomic():
        articles = upsert_articles(drafts, source=feed.source, feed=feed)
        if feed_state is not None:
            Feed.objects.filter(pk=feed.pk).update(**feed_state)
        if odd is not None:
            # Feed health shows it: such articles are placed in stories by content alone.
            Feed.objects.filter(pk=feed.pk).update(
                date_warning=odd.date_note, date_warning_at=odd.fetched_at
            )
    return articles


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
