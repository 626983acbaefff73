"""The in-process runner: picks due feeds from the database and polls them on a thread pool."""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from urllib.parse import urlsplit

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

from broadsheet.ingest.extract_pool import ExtractionPool
from broadsheet.ingest.jobs import IngestContext, PollOutcome, poll_feed
from broadsheet.ingest.pushes import process_waiting_pushes
from broadsheet.ingest.schedule import SchedulePolicy
from broadsheet.ingest.services import claim_due_feeds
from broadsheet.lib.fetch import Fetcher, HostSlots
from broadsheet.sources.fetching import fetch_policy_from_settings
from broadsheet.sources.models import Feed
from broadsheet.stories.placement import place_pending

log = logging.getLogger(__name__)


def feed_host(url: str) -> str:
    """host:port of a feed URL, as the fetcher's per-host limit counts hosts."""
    parts = urlsplit(url)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        port = 0
    return f"{(parts.hostname or '').lower()}:{port}"


def schedule_policy_from_settings() -> SchedulePolicy:
    """Interval bounds and backoff cap from the settings."""
    return SchedulePolicy(
        min_interval=settings.FEED_MIN_INTERVAL,
        max_interval=settings.FEED_MAX_INTERVAL,
        max_backoff=settings.FEED_MAX_BACKOFF,
    )


class IngestRunner:
    """Polls due feeds with `workers` threads until stopped; the schedule lives in the database.

    At most `host_share` feeds of one host (host:port) are polled at once, so a publisher
    whose feeds hang holds that many threads, never all of them.
    """

    def __init__(self, context: IngestContext, *, workers: int = 4, host_share: int = 2) -> None:
        self.context = context
        self.workers = workers
        self.host_share = max(1, host_share)
        self.stop_event = threading.Event()
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ingest")

    def run_once(self) -> list[PollOutcome]:
        """Poll every feed that is due now, wait for all of them, return what happened.

        Feeds are claimed as workers free up, never a batch at a time: a feed that hangs
        until the fetch timeout holds one worker, while the others keep polling.
        """
        outcomes: list[PollOutcome] = []
        place_pending()
        process_waiting_pushes(context=self.context)
        running: dict[Future[PollOutcome], str] = {}
        load: Counter[str] = Counter()

        while True:
            room = 0 if self.stop_event.is_set() else self.workers * 2 - len(running)
            if room > 0:
                skip = self._host_at_share(load)
                feeds = claim_due_feeds(timezone.now(), limit=room, skip=skip)
                close_old_connections()
                for feed in feeds:
                    host = feed_host(feed.url)
                    load[host] += 1
                    running[self._pool.submit(self._poll_safely, feed.pk)] = host
            if not running:
                break
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                load[running.pop(future)] -= 1
                outcomes.append(future.result())
        return outcomes

    def _host_at_share(self, load: Counter[str]) -> Callable[[Feed], bool]:
        """For one claim: is a feed's host at its share, counting the feeds chosen so far?"""
        chosen: Counter[str] = Counter()

        def at_share(feed: Feed) -> bool:
            host = feed_host(feed.url)
            if load[host] + chosen[host] >= self.host_share:
                return True
            chosen[host] += 1
            return False

        return at_share

    def run_forever(self, *, idle_seconds: float = 2.0) -> None:
        """Keep polling due feeds until `stop()` is called."""
        while not self.stop_event.is_set():
            try:
                self.run_once()
            except Exception:
                log.exception("ingest round failed; retrying")
            self.stop_event.wait(idle_seconds)

    def stop(self) -> None:
        """Ask the loop to finish after the current round."""
        self.stop_event.set()

    def close(self) -> None:
        """Stop and release the threads and connections."""
        self.stop()
        self._pool.shutdown(wait=True)
        self.context.fetcher.close()
        self.context.extractor.close()

    def _poll_safely(self, feed_id: int) -> PollOutcome:
        try:
            outcome = poll_feed(feed_id, context=self.context)
        except Exception as error:
            # A bug in one feed's poll must not stop the others; the lease brings it back.
            log.exception("poll of feed %s crashed", feed_id)
            return PollOutcome(feed_id, "error", error=repr(error))
        finally:
            close_old_connections()
        if outcome.status != "not-modified":
            log.info("feed %s: %s, %s new", feed_id, outcome.status, outcome.new_articles)
        return outcome


def build_context(
    *,
    allow_loopback: bool = False,
    schedule: SchedulePolicy | None = None,
    limiter: HostSlots | None = None,
) -> IngestContext:
    """The fetcher, extractor and schedule a poll needs, configured from the settings."""
    fetcher = Fetcher(fetch_policy_from_settings(allow_loopback=allow_loopback), limiter=limiter)
    extractor = ExtractionPool(
        workers=settings.EXTRACTION_WORKERS, timeout=settings.EXTRACTION_TIMEOUT
    )
    return IngestContext(
        fetcher=fetcher,
        schedule=schedule or schedule_policy_from_settings(),
        extractor=extractor,
        page_concurrency=settings.FETCH_HOST_CONNECTIONS,
    )


def build_runner(
    *,
    allow_loopback: bool = False,
    schedule: SchedulePolicy | None = None,
    limiter: HostSlots | None = None,
) -> IngestRunner:
    """A runner configured from the settings."""
    context = build_context(allow_loopback=allow_loopback, schedule=schedule, limiter=limiter)
    return IngestRunner(
        context, workers=settings.INGEST_WORKERS, host_share=settings.FETCH_HOST_CONNECTIONS
    )


def count_feeds_due() -> int:
    """How many feeds are due now (for status output)."""
    return Feed.objects.due_for_fetch(timezone.now()).count()
