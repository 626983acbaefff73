"""Jobs of the ingestion engine: poll one feed, store its new entries as articles.

A job takes ids, loads, calls pipeline steps and services. The same functions run
in the in-process runner and, when scaled out, inside Celery tasks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from broadsheet.articles.drafts import ArticleDraft
from broadsheet.articles.models import Article, FeedEntry
from broadsheet.articles.services import link_feed_entry
from broadsheet.extraction import ExtractedArticle
from broadsheet.feeds.parse import (
    FeedParseError,
    ParsedEntry,
    ParsedFeed,
    entry_key,
    parse_feed,
)
from broadsheet.ingest.extract_pool import ExtractionPool
from broadsheet.ingest.pipeline import build_draft, choose_canonical, entry_article_url
from broadsheet.ingest.schedule import SchedulePolicy
from broadsheet.ingest.services import (
    EntryFailed,
    describe_error,
    given_up_entries,
    record_failure,
    store_articles,
    success_state,
)
from broadsheet.lib.fetch import Fetcher, FetchError, RetryLater
from broadsheet.lib.urls import equivalent_urls
from broadsheet.search import get_backend
from broadsheet.sources.models import Feed
from broadsheet.stories.placement import place_articles

log = logging.getLogger(__name__)

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1"
)
BATCH_SIZE = 10


def enrich_and_index(article_ids: list[int]) -> None:
    """Place stored articles in stories, then index them: the in-process follow-up of a batch."""
    place_articles(article_ids)
    get_backend().index_articles(article_ids)


@dataclass
class IngestContext:
    """What a poll needs besides the feed: the shared fetcher and the schedule's bounds.

    `after_store` runs on each committed batch's article ids: in-process it enriches and
    indexes them at once; Celery workers enqueue those steps on their own queues instead.
    """

    fetcher: Fetcher
    schedule: SchedulePolicy = field(default_factory=SchedulePolicy)
    fetch_pages: bool = True
    extractor: ExtractionPool = field(
        default_factory=lambda: ExtractionPool(workers=0, timeout=10.0)
    )
    after_store: Callable[[list[int]], None] = enrich_and_index
    # Pages of one feed fetched and extracted at once (the host limiter still caps the
    # connections to each host); build_context sets it to FETCH_HOST_CONNECTIONS.
    page_concurrency: int = 1


@dataclass(frozen=True)
class PollOutcome:
    """What one poll did, for logs and tests."""

    feed_id: int
    status: str  # "ok", "not-modified" or "error"
    new_articles: int = 0
    error: str = ""


def poll_feed(feed_id: int, *, context: IngestContext) -> PollOutcome:
    """Poll one feed and store every new or changed entry; safe to run twice.

    Never raises for the feed's sake: whatever goes wrong is recorded on the feed (failing,
    with the error's class and message) and the schedule backs it off.
    """
    feed = Feed.objects.select_related("source").get(pk=feed_id)
    try:
        return _poll(feed, context=context)
    except Exception as error:
        log.exception("poll of feed %s failed", feed.pk)
        reason = describe_error(error)
        record_failure(
            feed, now=timezone.now(), reason=reason, retry_after=None, policy=context.schedule
        )
        return PollOutcome(feed.pk, "error", error=reason)


def _poll(feed: Feed, *, context: IngestContext) -> PollOutcome:
    now = timezone.now()
    try:
        result = context.fetcher.fetch(
            feed.url,
            etag=feed.etag or None,
            last_modified=feed.last_modified or None,
            accept=FEED_ACCEPT,
        )
    except FetchError as error:
        retry_after = error.retry_after if isinstance(error, RetryLater) else None
        record_failure(
            feed, now=now, reason=error.reason, retry_after=retry_after, policy=context.schedule
        )
        return PollOutcome(feed.pk, "error", error=error.reason)
    if result.not_modified:
        state = success_state(
            feed, now=now, new_entries=0, etag=None, last_modified=None, title=None,
            format=None, policy=context.schedule,
        )  # fmt: skip
        store_articles(feed, [], feed_state=state)
        _keep_websub(feed, parsed=None, result=result, context=context)
        return PollOutcome(feed.pk, "not-modified")
    try:
        parsed = parse_feed(result.content, url=result.url, content_type=result.content_type)
    except FeedParseError as error:
        reason = f"not a valid feed: {error}"
        record_failure(feed, now=now, reason=reason, retry_after=None, policy=context.schedule)
        return PollOutcome(feed.pk, "error", error=reason)
    todo = _entries_to_process(feed, parsed.entries)
    drafts: list[ArticleDraft | EntryFailed] = []
    for draft in _drafts(todo, context=context):
        drafts.append(draft)
        if len(drafts) >= BATCH_SIZE:
            _store_and_enrich(feed, drafts, context=context)
            drafts = []
    state = success_state(
        feed, now=timezone.now(), new_entries=len(todo), etag=result.etag,
        last_modified=result.last_modified, title=parsed.title, format=parsed.format,
        policy=context.schedule,
    )  # fmt: skip
    _store_and_enrich(feed, drafts, context=context, feed_state=state)
    _keep_websub(feed, parsed=parsed, result=result, context=context)
    return PollOutcome(feed.pk, "ok", new_articles=len(todo))


def _keep_websub(
    feed: Feed, *, parsed: ParsedFeed | None, result: Any, context: IngestContext
) -> None:
    """Subscribe at (or renew with) the hub the feed announces; never fails the poll."""
    from broadsheet.websub import services as websub  # the push side imports this module

    if not websub.is_enabled():
        return
    try:
        hubs, self_url = websub.links_from_header(result.headers.get("link", ""))
        if parsed is not None:
            hubs, self_url = parsed.hub_urls or hubs, parsed.self_url or self_url
        announced = websub.Announced(hubs, self_url) if parsed is not None or hubs else None
        websub.maintain_subscription(
            feed, announced=announced, fetcher=context.fetcher, now=timezone.now()
        )
    except Exception:
        log.exception("WebSub upkeep failed for feed %s", feed.pk)


def ingest_document(
    feed_id: int, content: bytes, *, content_type: str, context: IngestContext
) -> PollOutcome:
    """Store the new entries of a feed document that came without a poll (a WebSub push).

    The same parse, de-duplication, page fetches and batches as a poll; the schedule and
    the conditional-GET state are the poll's own and stay as they are.
    """
    feed = Feed.objects.select_related("source").get(pk=feed_id)
    try:
        parsed = parse_feed(content, url=feed.url, content_type=content_type)
    except FeedParseError as error:
        return PollOutcome(feed.pk, "error", error=f"not a valid feed: {error}")
    todo = _entries_to_process(feed, parsed.entries)
    drafts: list[ArticleDraft | EntryFailed] = []
    for draft in _drafts(todo, context=context):
        drafts.append(draft)
        if len(drafts) >= BATCH_SIZE:
            _store_and_enrich(feed, drafts, context=context)
            drafts = []
    _store_and_enrich(feed, drafts, context=context)
    return PollOutcome(feed.pk, "ok", new_articles=len(todo))


def _store_and_enrich(
    feed: Feed,
    batch: list[ArticleDraft | EntryFailed],
    *,
    context: IngestContext,
    feed_state: dict[str, object] | None = None,
) -> None:
    """Store a batch (and its failed entries), then place its articles in stories (after
    commit: a crash between the two leaves articles pending enrichment, which the runner
    picks up on its next round)."""
    drafts = [d for d in batch if isinstance(d, ArticleDraft)]
    failed = [d for d in batch if isinstance(d, EntryFailed)]
    articles = store_articles(feed, drafts, feed_state=feed_state, failed=failed)
    if articles:
        context.after_store([a.pk for a in articles])


def _entries_to_process(
    feed: Feed, entries: tuple[ParsedEntry, ...]
) -> list[tuple[ParsedEntry, str, str]]:
    """Entries that are new or changed since they were stored; known ones are only linked."""
    keyed: dict[str, tuple[ParsedEntry, str]] = {}
    for entry in entries:
        key = entry_key(entry)
        keyed.setdefault(key, (entry, entry_article_url(entry, feed_url=feed.url, key=key)))
    seen = dict(
        FeedEntry.objects.filter(feed=feed, key__in=list(keyed)).values_list(
            "key", "entry_updated_at"
        )
    )
    # The same page announced as http and https, or with and without a trailing slash, is one
    # article: match stored ones under every spelling and keep the stored URL.
    spellings = {url: equivalent_urls(url) for _, url in keyed.values()}
    wanted = [spelling for urls in spellings.values() for spelling in urls]
    stored = {a.url: a for a in Article.objects.filter(url__in=wanted)}
    given_up = given_up_entries(feed, keys=list(keyed))
    todo = []
    urls_taken: set[str] = set()
    for key, (entry, url) in keyed.items():
        updated = entry.updated_at or entry.published_at
        if key in seen and (updated is None or seen[key] == updated):
            continue
        if key in given_up and given_up[key] == updated:
            continue  # failed every time it was tried; a new version gets new tries
        variants = spellings[url]
        article = next((stored[u] for u in variants if u in stored), None)
        if article is not None and (updated is None or updated <= article.fetched_at):
            # A GUID that changed while the link stayed, or the same article in another feed.
            link_feed_entry(feed, key=key, article=article, entry_updated_at=updated)
            continue
        if urls_taken.intersection(variants):
            continue
        urls_taken.update(variants)
        todo.append((entry, key, article.url if article is not None else url))
    return todo


def _drafts(
    todo: list[tuple[ParsedEntry, str, str]], *, context: IngestContext
) -> Iterator[ArticleDraft | EntryFailed]:
    """The entries' drafts in feed order, `context.page_concurrency` pages at a time.

    The threads only fetch and extract (no database): storing stays with the caller. An
    entry that raises becomes an EntryFailed with the reason; the others carry on.
    """

    def draft(item: tuple[ParsedEntry, str, str]) -> ArticleDraft | EntryFailed:
        entry, key, url = item
        try:
            return _draft_for(entry, key=key, url=url, context=context)
        except Exception as error:
            log.warning("entry %s of %s failed", key, url, exc_info=True)
            updated = entry.updated_at or entry.published_at
            return EntryFailed(key, url, describe_error(error), updated)

    if context.page_concurrency <= 1 or len(todo) <= 1:
        yield from map(draft, todo)
        return
    workers = min(context.page_concurrency, len(todo))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="page") as pool:
        yield from pool.map(draft, todo)


def _draft_for(entry: ParsedEntry, *, key: str, url: str, context: IngestContext) -> ArticleDraft:
    """Fetch and extract the entry's page, falling back to the feed's own content."""
    extracted: ExtractedArticle | None = None
    if context.fetch_pages and entry.url and not url.partition("#entry-")[2]:
        extracted, url = _extract_page(entry, url=url, context=context)
    return build_draft(entry, url=url, key=key, extracted=extracted, now=timezone.now())


def _extract_page(
    entry: ParsedEntry, *, url: str, context: IngestContext
) -> tuple[ExtractedArticle | None, str]:
    assert entry.url is not None
    try:
        page = context.fetcher.fetch(
            entry.url, accept="text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
        )
    except FetchError as error:
        log.info("page fetch failed for %s: %s; using the feed's content", entry.url, error.reason)
        return None, url
    try:
        extracted = context.extractor.extract(page.text, page.url, feed_title=entry.title or None)
    except Exception:
        # Extraction must never take the feed down with it: the entry falls back to feed content.
        log.exception("extraction failed for %s", page.url)
        return None, url
    declared = extracted.canonical_url if extracted else None
    return extracted, choose_canonical(url, page_url=page.url, declared=declared)
