"""Fixtures for worker tests: a real Redis (DB 15, flushed) and the Celery app pointed at it."""

from __future__ import annotations

import pytest
import redis

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_url(settings):
    client = redis.Redis.from_url(REDIS_URL, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"no Redis answers at {REDIS_URL}: {error}")
    client.flushdb()
    settings.CELERY_BROKER_URL = REDIS_URL
    yield REDIS_URL
    client.flushdb()
    client.close()


@pytest.fixture
def redis_conn(redis_url):
    client = redis.Redis.from_url(redis_url)
    yield client
    client.close()


@pytest.fixture
def celery_app(redis_url):
    """The real app, sending to Redis DB 15; tasks sent by tasks run inline (eager)."""
    from broadsheet.workers.celery_app import app

    saved = dict(app.conf)
    app.conf.broker_url = redis_url
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = False
    yield app
    app.conf.task_always_eager = saved.get("task_always_eager", False)
    app.conf.task_eager_propagates = saved.get("task_eager_propagates", False)


@pytest.fixture(autouse=True)
def single_process_desk():
    """Tasks install the cross-worker story lock; leave other tests a plain desk."""
    from broadsheet.stories.desk import reset_desk, set_shared_lock

    reset_desk()
    yield
    set_shared_lock(None)
    reset_desk()
