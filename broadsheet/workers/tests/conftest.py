"""Fixtures for worker tests: a real Redis (a database per xdist worker, flushed) and Celery."""

from __future__ import annotations

import os

import pytest
import redis


def _database() -> int:
    """DB 15, or one of its own for each further xdist worker (11, 10, ...): every test flushes
    its database, which must not wipe the locks and slots of a test running beside it."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    index = int(worker) if worker.isdigit() else 0
    return 15 if index == 0 else max(0, 12 - index)  # 14-12 belong to other suites


REDIS_URL = f"redis://127.0.0.1:6379/{_database()}"


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
