"""A worker killed while it scans for lost messages stops the others' scans for seconds only.

kombu lets one worker at a time move messages whose worker died back to their queue, under a
Redis mutex. A holder killed mid-scan leaves the mutex to expire on its own; with kombu's
default (300 s) no lost message came back for five minutes.
"""

from __future__ import annotations

from kombu import Connection

from broadsheet.workers.celery_app import app


def test_a_dead_scanners_mutex_expires_within_the_visibility_timeout(redis_url):
    options = dict(app.conf.broker_transport_options)
    with Connection(redis_url, transport_options=options) as connection:
        channel = connection.default_channel
        qos = channel.qos
        client = channel.client
        restored: list[str] = []
        qos.restore_by_tag = lambda tag, client=None, leftmost=False: restored.append(tag)
        client.zadd(qos.unacked_index_key, {"lost-tag": 1.0})  # taken long ago, never acked
        # The mutex restore_visible takes (kombu.transport.redis.Mutex), taken and never
        # released: the scanning worker was killed.
        dead = client.lock(qos.unacked_mutex_key, timeout=qos.unacked_mutex_expire)
        assert dead.acquire(blocking=False)
        left_ms = client.pttl(qos.unacked_mutex_key)
        assert 0 < left_ms <= options["visibility_timeout"] * 1000
        assert left_ms <= 30_000
        qos.restore_visible(num=10, interval=1)  # a live worker's scan meanwhile: blocked
        assert restored == []
        client.delete(qos.unacked_mutex_key)  # as its expiry will
        qos.restore_visible(num=10, interval=1)
        assert [bytes(tag).decode() for tag in restored] == ["lost-tag"]
