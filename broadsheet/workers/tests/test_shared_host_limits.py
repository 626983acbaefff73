"""Per-host politeness holds across workers: the gap and the slot cap live in Redis."""

from __future__ import annotations

import threading
import time

import redis

from broadsheet.workers.limits import RedisHostLimiter, held_lock


def test_two_workers_keep_the_gap_between_requests_to_one_host(redis_url):
    # Two limiters with their own connections stand for two worker processes.
    workers = [
        RedisHostLimiter(redis.Redis.from_url(redis_url), max_concurrent=4, min_delay=0.2)
        for _ in range(2)
    ]
    starts: list[float] = []
    lock = threading.Lock()

    def fetch(limiter: RedisHostLimiter) -> None:
        for _ in range(3):
            with limiter.acquire("news.example:443"), lock:
                starts.append(time.monotonic())

    threads = [threading.Thread(target=fetch, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)
    starts.sort()
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    assert len(starts) == 6
    assert min(gaps) >= 0.18, gaps


def test_other_hosts_are_not_slowed_by_a_busy_one(redis_url):
    limiter = RedisHostLimiter(redis.Redis.from_url(redis_url), min_delay=5.0)
    with limiter.acquire("slow.example:443"):
        began = time.monotonic()
        with limiter.acquire("other.example:443"):
            assert time.monotonic() - began < 0.5


def test_concurrent_requests_to_one_host_are_capped_across_workers(redis_url):
    workers = [
        RedisHostLimiter(redis.Redis.from_url(redis_url), max_concurrent=2, min_delay=0)
        for _ in range(3)
    ]
    active, peak = 0, 0
    lock = threading.Lock()

    def fetch(limiter: RedisHostLimiter) -> None:
        nonlocal active, peak
        for _ in range(4):
            with limiter.acquire("h:80"):
                with lock:
                    active += 1
                    peak = max(peak, active)
                time.sleep(0.03)
                with lock:
                    active -= 1

    threads = [threading.Thread(target=fetch, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)
    assert peak == 2


def test_a_slot_held_by_a_killed_worker_frees_itself(redis_url):
    dead = RedisHostLimiter(
        redis.Redis.from_url(redis_url), max_concurrent=1, min_delay=0, slot_lease=1.0
    )
    taken = dead.acquire("h:80")
    taken.__enter__()  # and never left: the worker died holding it
    alive = RedisHostLimiter(redis.Redis.from_url(redis_url), max_concurrent=1, min_delay=0)
    began = time.monotonic()
    with alive.acquire("h:80"):
        waited = time.monotonic() - began
    assert 0.5 < waited < 3.0


def test_a_held_lock_turns_away_a_second_holder_and_is_renewed_while_held(redis_conn):
    with held_lock(redis_conn, "feed:1", ttl=0.6) as first:
        assert first
        time.sleep(1.0)  # longer than the ttl: only the renewal keeps it
        with held_lock(redis_conn, "feed:1", ttl=0.6) as second:
            assert not second
    with held_lock(redis_conn, "feed:1", ttl=0.6) as again:
        assert again


def test_a_lock_whose_holder_died_expires_after_its_ttl(redis_conn):
    abandoned = redis_conn.lock("broadsheet:lock:stories", timeout=0.5, thread_local=False)
    assert abandoned.acquire(blocking=False)
    began = time.monotonic()
    with held_lock(redis_conn, "stories", ttl=5, wait=5) as held:
        assert held
        assert 0.3 < time.monotonic() - began < 2.0
