"""Per-host politeness holds across workers: the gap and the slot cap live in Redis.

Nothing here measures how long a wait took on a loaded machine: the gap is read from
Redis's answers (on its own clock), waits are recorded, and a thread's state is awaited.
"""

from __future__ import annotations

import threading
import time

import redis

from broadsheet.workers.limits import RedisHostLimiter, held_lock


def _wait_for(condition, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    """Wait for another thread to reach a state (fails, never passes, when it does not)."""
    pause = threading.Event()
    for _ in range(int(timeout / 0.01)):
        if condition():
            return
        pause.wait(0.01)
    raise AssertionError("condition not met")


class Sleeps:
    """A sleep that records what it was asked to wait, then really waits (briefly)."""

    def __init__(self) -> None:
        self.asked: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.asked.append(seconds)
        time.sleep(min(seconds, 0.05))


def test_a_second_worker_is_told_to_wait_out_the_gap(redis_url):
    # Two limiters with their own connections stand for two worker processes.
    first, second = (
        RedisHostLimiter(redis.Redis.from_url(redis_url), max_concurrent=4, min_delay=5.0)
        for _ in range(2)
    )
    assert first.try_take("news.example:443", "a") == 0
    wait_ms = second.try_take("news.example:443", "b")
    assert 4000 < wait_ms <= 5000  # Redis's clock: only the time between the two calls passed
    assert second.try_take("other.example:443", "b") == 0


def test_two_workers_keep_the_gap_between_requests_to_one_host(redis_url):
    sleeps = [Sleeps(), Sleeps()]
    workers = [
        RedisHostLimiter(redis.Redis.from_url(redis_url), max_concurrent=4, min_delay=0.2, sleep=s)
        for s in sleeps
    ]
    started = []

    def fetch(limiter: RedisHostLimiter) -> None:
        for _ in range(3):
            with limiter.acquire("news.example:443"):
                started.append(1)

    threads = [threading.Thread(target=fetch, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(started) == 6
    # The gap itself is checked on Redis's clock above; here: all six ran, and no worker was
    # ever told to wait longer than the gap (plus its jitter).
    asked = sleeps[0].asked + sleeps[1].asked
    assert asked and max(asked) <= 0.2 * 1.2


def test_other_hosts_are_not_slowed_by_a_busy_one(redis_url):
    sleeps = Sleeps()
    limiter = RedisHostLimiter(redis.Redis.from_url(redis_url), min_delay=5.0, sleep=sleeps)
    with limiter.acquire("slow.example:443"), limiter.acquire("other.example:443"):
        pass
    assert sleeps.asked == []


def test_concurrent_requests_to_one_host_are_capped_across_workers(redis_url):
    """Three workers, two requests each, held open until the test lets go: two run."""
    sleeps = [Sleeps() for _ in range(3)]
    workers = [
        RedisHostLimiter(redis.Redis.from_url(redis_url), max_concurrent=2, min_delay=0, sleep=s)
        for s in sleeps
    ]
    lock, active, peak, done = threading.Lock(), [0], [0], []
    release = threading.Event()

    def fetch(limiter: RedisHostLimiter) -> None:
        with limiter.acquire("h:80"):
            with lock:
                active[0] += 1
                peak[0] = max(peak[0], active[0])
            release.wait(timeout=30)
            with lock:
                active[0] -= 1
        done.append(1)

    threads = [threading.Thread(target=fetch, args=(w,)) for w in workers for _ in range(2)]
    for t in threads:
        t.start()
    _wait_for(lambda: active[0] == 2)
    # Every worker has been turned away at least once while two slots were held.
    _wait_for(lambda: sum(len(s.asked) for s in sleeps) >= 4)
    assert active[0] == 2
    release.set()
    for t in threads:
        t.join(timeout=60)
    assert peak[0] == 2 and len(done) == 6


def test_a_slot_held_by_a_killed_worker_frees_itself(redis_url):
    dead = RedisHostLimiter(
        redis.Redis.from_url(redis_url), max_concurrent=1, min_delay=0, slot_lease=1.0
    )
    began = time.monotonic()
    taken = dead.acquire("h:80")
    taken.__enter__()  # and never left: the worker died holding it
    sleeps = Sleeps()
    alive = RedisHostLimiter(
        redis.Redis.from_url(redis_url), max_concurrent=1, min_delay=0, sleep=sleeps
    )
    got = threading.Event()

    def take() -> None:
        with alive.acquire("h:80"):
            got.set()

    thread = threading.Thread(target=take)
    thread.start()
    thread.join(timeout=30)
    assert got.is_set()  # the lease ran out: nobody released the slot
    assert sleeps.asked  # and it had to wait for that
    assert time.monotonic() - began >= 0.95  # never before the lease (one clock, one host)


def test_a_held_lock_turns_away_a_second_holder_and_is_renewed_while_held(redis_conn):
    with held_lock(redis_conn, "feed:1", ttl=1.5) as first:
        assert first
        # Outlive the ttl: only the renewals (every 0.5 s) keep the lock. Four renewals,
        # each seen as the key's time to live jumping back up, are 2 s: past the 1.5 s ttl.
        lock_key, renewals, last = (
            "broadsheet:lock:feed:1",
            [0],
            [redis_conn.pttl("broadsheet:lock:feed:1")],
        )

        def renewed_four_times() -> bool:
            now = redis_conn.pttl(lock_key)
            renewals[0] += now > last[0]
            last[0] = now
            return renewals[0] >= 4

        _wait_for(renewed_four_times)
        with held_lock(redis_conn, "feed:1", ttl=1.5) as second:
            assert not second
    with held_lock(redis_conn, "feed:1", ttl=1.5) as again:
        assert again


def test_a_lock_whose_holder_died_expires_after_its_ttl(redis_conn):
    began = time.monotonic()
    abandoned = redis_conn.lock("broadsheet:lock:stories", timeout=0.5, thread_local=False)
    assert abandoned.acquire(blocking=False)
    with held_lock(redis_conn, "stories", ttl=5, wait=10) as held:
        assert held
        assert time.monotonic() - began >= 0.45  # not before the ttl ran out
