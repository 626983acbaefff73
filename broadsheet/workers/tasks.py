"""Celery tasks: thin wrappers that call the same jobs the in-process runner calls.

poll_feed (queue "feeds") fetches, extracts and stores a feed's new entries, then enqueues
place_articles (queue "stories") for each stored batch, which enqueues index_articles
(queue "index"). Every task is safe to run twice: redelivery leaves the same database.
"""

from __future__ import annotations

import contextlib
import threading
import traceback
from collections.abc import Iterator
from typing import Any

from celery import Task
from django.conf import settings

from broadsheet.articles.models import Article
from broadsheet.ingest.jobs import IngestContext, poll_feed
from broadsheet.ingest.runner import build_context
from broadsheet.search import get_backend
from broadsheet.sources.models import Feed
from broadsheet.stories.desk import set_shared_lock
from broadsheet.stories.placement import place_articles
from broadsheet.workers.celery_app import app
from broadsheet.workers.limits import RedisHostLimiter, held_lock, redis_client
from broadsheet.workers.services import record_dead_letter

# A poll's lock outlives a silent holder by this long (it is renewed while the poll runs).
FEED_LOCK_TTL = 20.0
BUSY_RETRIES = 30  # x FEED_LOCK_TTL: about the feed's lease, after which it comes back anyway
STORY_LOCK_TTL = 30.0
STORY_LOCK_WAIT = 300.0  # a worker waits this long for its turn, then the task retries
SWEEP_CHUNK = 50


class StoryLockTimeout(RuntimeError):
    """Another worker held the story lock for longer than STORY_LOCK_WAIT."""


class PipelineTask(Task):  # type: ignore[misc]
    """Late acknowledgement, retries with exponential backoff and jitter, then a dead letter."""

    acks_late = True
    reject_on_worker_lost = True
    autoretry_for = (Exception,)
    max_retries = 5
    retry_backoff = 5
    retry_backoff_max = 600
    retry_jitter = True

    def on_failure(
        self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any
    ) -> None:
        """The last retry failed: keep the task in the dead-letter list."""
        record_dead_letter(
            self.name,
            args=list(args),
            error="".join(traceback.format_exception(exc)),
            attempts=self.request.retries + 1,
            task_id=task_id,
        )


@app.task(name="broadsheet.poll_feed", base=PipelineTask, bind=True)
def poll_feed_task(self: Task, feed_id: int) -> str:
    """Poll one feed unless another worker is polling it right now."""
    with held_lock(redis(), f"feed:{feed_id}", ttl=FEED_LOCK_TTL) as held:
        if not held:
            # The DB lease keeps the scheduler from handing a feed out twice; the lock turns
            # away a redelivered message while its first delivery still runs, or while the
            # lock of a worker that died holding it has not yet expired: try again then.
            if self.request.retries < BUSY_RETRIES:
                raise self.retry(countdown=FEED_LOCK_TTL, max_retries=BUSY_RETRIES)
            return "busy"
        try:
            return poll_feed(feed_id, context=worker_context()).status
        except Feed.DoesNotExist:
            return "gone"


@app.task(name="broadsheet.enrich_articles", base=PipelineTask)
def enrich_articles_task(article_ids: list[int]) -> int:
    """Place stored articles in stories (one at a time across all workers), then index them."""
    install_story_lock()
    done = place_articles(article_ids)
    index_articles_task.delay(article_ids)
    return done


@app.task(name="broadsheet.enrich_pending", base=PipelineTask)
def enrich_pending_task() -> int:
    """Sweep: enrich articles whose enrich task was never sent (a worker died in between)."""
    install_story_lock()
    ids = list(Article.objects.pending_enrichment().values_list("pk", flat=True)[:500])
    for start in range(0, len(ids), SWEEP_CHUNK):
        chunk = ids[start : start + SWEEP_CHUNK]
        place_articles(chunk)
        index_articles_task.delay(chunk)
    return len(ids)


@app.task(name="broadsheet.index_articles", base=PipelineTask)
def index_articles_task(article_ids: list[int]) -> None:
    """(Re)index articles for search from their stored rows."""
    get_backend().index_articles(article_ids)


@app.task(name="broadsheet.process_push", base=PipelineTask)
def process_push_task(push_id: int) -> str:
    """Ingest one WebSub push through the poll's own job (safe twice: pushes are claimed)."""
    from broadsheet.ingest.pushes import process_push

    outcome = process_push(push_id, context=worker_context())
    return outcome.status if outcome is not None else "taken"


@app.task(name="broadsheet.process_waiting_pushes", base=PipelineTask)
def process_waiting_pushes_task() -> int:
    """Sweep: pushes whose task was lost (a worker died) are ingested here."""
    from broadsheet.ingest.pushes import process_waiting_pushes

    return process_waiting_pushes(context=worker_context())


def enqueue_enrichment(article_ids: list[int]) -> None:
    """A stored batch goes to the stories queue (IngestContext.after_store in workers)."""
    enrich_articles_task.delay(article_ids)


# --- per-process wiring --------------------------------------------------------------------

_context: IngestContext | None = None
_context_lock = threading.Lock()
allow_loopback = False  # set by `broadsheet worker --allow-loopback` (the demo)


def redis() -> Any:
    """This process's Redis client (the broker's server holds the shared limits)."""
    return redis_client(settings.CELERY_BROKER_URL or "redis://127.0.0.1:6379/0")


def worker_context() -> IngestContext:
    """The process's fetcher (host limits in Redis) and extractor, built on first use."""
    global _context
    with _context_lock:
        if _context is None:
            limiter = shared_host_limiter()
            _context = build_context(allow_loopback=allow_loopback, limiter=limiter)
            _context.after_store = enqueue_enrichment
        return _context


def shared_host_limiter() -> RedisHostLimiter:
    """Per-host politeness counted in Redis, across every worker (and `broadsheet ingest`)."""
    return RedisHostLimiter(
        redis(),
        max_concurrent=settings.FETCH_HOST_CONNECTIONS,
        min_delay=settings.FETCH_HOST_DELAY,
        slot_lease=settings.FETCH_TIMEOUT + 30,
    )


@contextlib.contextmanager
def story_lock() -> Iterator[None]:
    """The cross-worker story-assignment lock (see stories.desk)."""
    with held_lock(redis(), "stories", ttl=STORY_LOCK_TTL, wait=STORY_LOCK_WAIT) as held:
        if not held:
            raise StoryLockTimeout(f"story lock busy for {STORY_LOCK_WAIT:.0f} s")
        yield


def install_story_lock() -> None:
    """Make this process's desk take the shared lock and catch up before each placement."""
    set_shared_lock(story_lock)
