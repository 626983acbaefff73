"""Limits shared by every worker through Redis: per-host politeness and held locks.

The in-process runner keeps these in memory (lib/fetch.HostLimiter, the desk's lock);
once several processes on several machines fetch and place articles, only a store they
all see can enforce them. Everything here expires by itself, so a worker killed while
holding a slot or a lock blocks the others for seconds, not for ever.
"""

from __future__ import annotations

import contextlib
import functools
import random
import threading
import time
import uuid
from collections.abc import Callable, Iterator

import redis
from redis.exceptions import LockError

KEY_PREFIX = "broadsheet:"

# One atomic step: drop expired slots, then either wait (gap not over, or all slots
# busy) or take a slot and push the host's next allowed start. Returns 0 when taken,
# -1 when every slot is busy, else the milliseconds left until the gap is over.
# Redis's own clock is used, so workers on machines with skewed clocks agree.
_TAKE_SLOT = """
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local next_start = tonumber(redis.call('GET', KEYS[2]) or '0')
if next_start > now then return next_start - now end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return -1 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
if tonumber(ARGV[3]) > 0 then
  redis.call('SET', KEYS[2], now + tonumber(ARGV[3]), 'PX', ARGV[3])
end
return 0
"""
BUSY_POLL = 0.05  # seconds between tries while every slot of a host is taken


@functools.cache
def redis_client(url: str) -> redis.Redis:
    """One connection pool per Redis URL and process (the client is thread-safe)."""
    return redis.Redis.from_url(url, socket_timeout=10, health_check_interval=30)


class RedisHostLimiter:
    """The per-host concurrency cap and gap between request starts, across all workers.

    Plugs into lib/fetch.Fetcher in place of its in-process HostLimiter. A slot is a
    sorted-set member that expires after `slot_lease` seconds, so a worker killed
    mid-request frees its slot on its own.
    """

    def __init__(
        self,
        client: redis.Redis,
        *,
        max_concurrent: int = 2,
        min_delay: float = 1.0,
        slot_lease: float = 120.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.client = client
        # How the limiter waits its turn; tests pass one that records what it waited for.
        self._sleep = sleep
        self.max_concurrent = max(1, max_concurrent)
        self.min_delay_ms = int(max(0.0, min_delay) * 1000)
        self.slot_lease_ms = int(max(1.0, slot_lease) * 1000)
        self._take = client.register_script(_TAKE_SLOT)

    @contextlib.contextmanager
    def acquire(self, key: str) -> Iterator[None]:
        """Block until a request to `key` may start, and hold a slot while it runs."""
        slots = f"{KEY_PREFIX}host:{key}:slots"
        token = uuid.uuid4().hex
        while True:
            wait_ms = self.try_take(key, token)
            if wait_ms == 0:
                break
            # A little jitter keeps waiting workers from retrying in lock-step.
            pause = BUSY_POLL if wait_ms < 0 else wait_ms / 1000
            self._sleep(pause * random.uniform(1.0, 1.2))
        try:
            yield
        finally:
            self.client.zrem(slots, token)

    def try_take(self, key: str, token: str) -> int:
        """One try at a slot for `token`: 0 when taken, -1 when every slot is busy, else the
        milliseconds (on Redis's clock) until the gap after the last start is over."""
        keys = [f"{KEY_PREFIX}host:{key}:slots", f"{KEY_PREFIX}host:{key}:next"]
        args: list[str | int] = [token, self.max_concurrent, self.min_delay_ms, self.slot_lease_ms]
        return int(self._take(keys=keys, args=args))


@contextlib.contextmanager
def held_lock(
    client: redis.Redis, name: str, *, ttl: float = 30.0, wait: float | None = None
) -> Iterator[bool]:
    """Hold a Redis lock for as long as the block runs; yields whether it was taken.

    The lock expires `ttl` seconds after its holder stops renewing it (a renewal
    thread extends it every ttl/3), so a long task keeps it and a killed one loses it
    quickly. `wait=None` gives up at once; otherwise wait up to that many seconds.
    """
    lock = client.lock(
        f"{KEY_PREFIX}lock:{name}",
        timeout=ttl,
        blocking=wait is not None,
        blocking_timeout=wait,
        thread_local=False,
    )
    if not lock.acquire():
        yield False
        return
    stop = threading.Event()
    renewer = threading.Thread(
        target=_keep_renewed, args=(lock, stop, ttl / 3), name=f"renew-{name}", daemon=True
    )
    renewer.start()
    try:
        yield True
    finally:
        stop.set()
        renewer.join()
        with contextlib.suppress(LockError):
            lock.release()


def _keep_renewed(lock: redis.lock.Lock, stop: threading.Event, every: float) -> None:
    while not stop.wait(every):
        try:
            lock.reacquire()
        except (LockError, redis.RedisError):
            # Lost (expired during a long pause, or Redis unreachable): the holder runs on;
            # the idempotent writes underneath keep a second holder harmless.
            return
