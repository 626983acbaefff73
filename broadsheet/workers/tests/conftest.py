"""Fixtures for worker tests: a real Redis (a database per test process, flushed) and Celery."""

from __future__ import annotations

import pytest
import redis


@pytest.fixture
def redis_url(settings):
    """A Redis database held by this test process alone (lib/testing/redis_db.py), emptied."""
    from broadsheet.lib.testing.redis_db import claim_database, flush_claimed

    try:
        url = f"redis://127.0.0.1:6379/{claim_database()}"
    except redis.RedisError as error:
        pytest.skip(f"no Redis answers at 127.0.0.1:6379: {error}")
    client = redis.Redis.from_url(url, socket_timeout=2)
    flush_claimed(client)
    settings.CELERY_BROKER_URL = url
    yield url
    flush_claimed(client)
    client.close()


@pytest.fixture
def redis_conn(redis_url):
    client = redis.Redis.from_url(redis_url)
    yield client
    client.close()


@pytest.fixture
def celery_app(redis_url):
    """The real app, sending to the test's Redis database; tasks sent by tasks run inline."""
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
