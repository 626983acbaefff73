"""The Celery application: broker, queues and delivery guarantees, from the Django settings.

`celery -A broadsheet.workers worker` and `broadsheet worker` both load this app.
"""

from __future__ import annotations

import os

from celery import Celery
from kombu import Exchange, Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")

from django.conf import settings  # noqa: E402 - needs DJANGO_SETTINGS_MODULE

# One queue per pipeline stage, so a backlog of one (say, indexing) never starves another,
# and a deployment can give each its own workers.
FEEDS, STORIES, INDEX = "feeds", "stories", "index"
QUEUES = (FEEDS, STORIES, INDEX)
UNACKED_MUTEX_EXPIRE = 30  # seconds, at most: see broker_transport_options below

app = Celery("broadsheet", include=["broadsheet.workers.tasks"])
app.conf.update(
    broker_url=settings.CELERY_BROKER_URL or "redis://127.0.0.1:6379/0",
    broker_connection_retry_on_startup=True,
    broker_transport_options={
        # A message a killed worker had taken comes back after this many seconds;
        # sweep for such messages often enough that the delay is about that.
        "visibility_timeout": settings.CELERY_VISIBILITY_TIMEOUT,
        "unacked_restore_interval": max(1, min(10, settings.CELERY_VISIBILITY_TIMEOUT // 4)),
        "unacked_restore_throttle": 1,
        # One worker at a time scans for such messages, under a Redis mutex that kombu keeps
        # for 300 s by default: a worker killed mid-scan stopped every restore for five
        # minutes (the end-to-end test's "64 of 80 stored within 300 s"). A scan takes
        # milliseconds, and two overlapping scans are safe (each restore is a WATCHed
        # transaction), so the mutex outlives a dead holder by seconds only.
        "unacked_mutex_expire": min(settings.CELERY_VISIBILITY_TIMEOUT, UNACKED_MUTEX_EXPIRE),
    },
    task_queues=[Queue(name, Exchange(name), routing_key=name) for name in QUEUES],
    task_default_queue=FEEDS,
    task_routes={
        "broadsheet.poll_feed": {"queue": FEEDS, "routing_key": FEEDS},
        "broadsheet.enrich_articles": {"queue": STORIES, "routing_key": STORIES},
        "broadsheet.enrich_pending": {"queue": STORIES, "routing_key": STORIES},
        "broadsheet.index_articles": {"queue": INDEX, "routing_key": INDEX},
    },
    # Acknowledge after the task ran, so a worker that dies mid-task leaves its message to
    # be delivered again (every task is idempotent); take one message at a time.
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_ignore_result=True,
    task_serializer="json",
    accept_content=["json"],
    worker_hijack_root_logger=False,
    timezone="UTC",
)
