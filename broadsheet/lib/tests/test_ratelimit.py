"""Rate limits count in Django's cache: per process in memory, shared by processes in Redis."""

import os
import subprocess
import sys
import uuid

import pytest
from django.test import RequestFactory

from broadsheet.lib.ratelimit import client_ip, client_ip_or_none, hit

REDIS_URL = "redis://127.0.0.1:6379/12"  # 15 and 11 down: worker tests; 14, 13: end to end


def redis_answers() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except Exception:
        return False


def test_hit_allows_the_limit_then_refuses_within_the_window():
    key = f"t:{uuid.uuid4()}"
    results = [hit(key, limit=3, window=60) for _ in range(5)]
    assert results == [True, True, True, False, False]
    assert hit(f"{key}:other", limit=3, window=60)


def test_a_new_window_starts_a_new_count(monkeypatch):
    import broadsheet.lib.ratelimit as ratelimit

    now = [1_000_000.0]
    monkeypatch.setattr(ratelimit, "wall_clock", lambda: now[0])
    key = f"t:{uuid.uuid4()}"
    assert [hit(key, limit=1, window=60) for _ in range(2)] == [True, False]
    now[0] += 60
    assert hit(key, limit=1, window=60)


def test_client_ip_reads_remote_addr_and_never_invents_one():
    factory = RequestFactory()
    assert client_ip(factory.get("/", REMOTE_ADDR="203.0.113.9")) == "203.0.113.9"
    request = factory.get("/")
    request.META.pop("REMOTE_ADDR", None)
    assert client_ip(request) == "unknown" and client_ip_or_none(request) is None
    assert client_ip_or_none(factory.get("/", REMOTE_ADDR="not an ip")) is None


COUNT_HITS = """
import django, sys
django.setup()
from broadsheet.lib.ratelimit import hit
print(sum(hit(sys.argv[1], limit=int(sys.argv[2]), window=3600) for _ in range(int(sys.argv[3]))))
"""


@pytest.mark.slow
@pytest.mark.skipif(not redis_answers(), reason="Redis does not answer at 127.0.0.1:6379")
def test_with_a_redis_cache_processes_share_one_count():
    key = f"shared:{uuid.uuid4()}"
    env = {**os.environ, "CACHE_URL": REDIS_URL, "DJANGO_SETTINGS_MODULE": "broadsheet.settings"}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", COUNT_HITS, key, "10", "8"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        for _ in range(3)
    ]
    allowed = [int(p.communicate(timeout=60)[0].strip()) for p in processes]
    # 24 attempts between three processes; one shared count lets exactly 10 through.
    assert sum(allowed) == 10


@pytest.mark.skipif(not redis_answers(), reason="Redis does not answer at 127.0.0.1:6379")
def test_hit_counts_in_the_redis_cache_when_configured(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    import redis

    key = f"t:{uuid.uuid4()}"
    assert [hit(key, limit=2, window=60) for _ in range(3)] == [True, True, False]
    stored = [k for k in redis.Redis.from_url(REDIS_URL).keys("*") if key.encode() in k]
    assert len(stored) == 1


def test_an_unreachable_cache_lets_attempts_through_and_says_so(settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    assert all(hit("down", limit=1, window=60) for _ in range(3))
    assert "rate limit not applied" in caplog.text
