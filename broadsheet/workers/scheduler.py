"""The scheduler: claims due feeds from the database and sends one poll task per feed.

The schedule stays in the database (the feeds' due times); claiming is the same
compare-and-set lease the in-process runner uses, so two schedulers never hand out one
feed twice and a lost task's feed comes back when its lease ends. It claims no more
than the feeds queue has room for: a feed waiting in a long queue would outlive its
lease and be claimed again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import close_old_connections
from django.utils import timezone

from broadsheet.ingest.services import claim_due_feeds
from broadsheet.workers.celery_app import FEEDS

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SchedulerOptions:
    """How often to look for due feeds, how deep the feeds queue may grow, how often to sweep."""

    interval: float = 2.0
    max_queued: int = 500
    sweep_every: float = 60.0


def claim_room(queued: int, *, max_queued: int) -> int:
    """How many feeds to claim now, given the messages already waiting."""
    return max(0, max_queued - queued)


def schedule_due_feeds(
    *, queued: Callable[[], int], send: Callable[[int], object], max_queued: int
) -> int:
    """Claim due feeds up to the queue's room and send a poll for each; returns how many."""
    room = claim_room(queued(), max_queued=max_queued)
    if room == 0:
        return 0
    feeds = claim_due_feeds(timezone.now(), limit=room)
    for feed in feeds:
        send(feed.pk)
    return len(feeds)


class Scheduler:
    """The `broadsheet scheduler` loop: claim and send due feeds, sweep now and then."""

    def __init__(self, options: SchedulerOptions) -> None:
        self.options = options
        self.stop_event = threading.Event()

    def run_forever(self) -> None:
        """Tick until stop() is called; a failing tick is logged and retried."""
        from broadsheet.workers.tasks import (
            enrich_pending_task,
            poll_feed_task,
            process_waiting_pushes_task,
            redis,
        )

        last_sweep = 0.0
        while not self.stop_event.is_set():
            try:
                sent = schedule_due_feeds(
                    queued=lambda: int(redis().llen(FEEDS)),
                    send=poll_feed_task.delay,
                    max_queued=self.options.max_queued,
                )
                if sent:
                    log.info("sent %d due feeds", sent)
                if time.monotonic() - last_sweep >= self.options.sweep_every:
                    enrich_pending_task.delay()
                    process_waiting_pushes_task.delay()
                    last_sweep = time.monotonic()
            except Exception:
                log.exception("scheduler tick failed; retrying")
            finally:
                close_old_connections()
            self.stop_event.wait(self.options.interval)

    def stop(self) -> None:
        """Finish after the current tick."""
        self.stop_event.set()
