"""Fixed-window rate limits kept in Django's cache, keyed by user or client address.

The counters live in whatever cache settings.CACHES names: in-process memory by default,
Redis (CACHE_URL) when several processes serve the site and must share one count.
"""

from __future__ import annotations

import ipaddress
import logging
import time
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest

logger = logging.getLogger(__name__)

# The wall clock the windows are cut from; tests pin it (a run that crossed a window's edge
# would start counting again halfway through).
wall_clock: Callable[[], float] = time.time


def hit(key: str, *, limit: int, window: int) -> bool:
    """Count one attempt under `key`; True while at most `limit` happened in this window.

    When the cache cannot be reached the attempt is allowed (and logged): an outage of
    the counter store must not turn every sign-up and comment into a server error.
    """
    bucket = f"ratelimit:{key}:{int(wall_clock() // window)}"
    try:
        return _count(bucket, window=window) <= limit
    except Exception:
        logger.warning("rate limit not applied: the cache is unreachable", exc_info=True)
        return True


def is_limited(key: str, *, limit: int, window: int) -> bool:
    """Whether `key` already used up its `limit` in this window, without counting one more.

    For limits on failures (a wrong key): check before trying, `hit` only when it fails.
    """
    bucket = f"ratelimit:{key}:{int(wall_clock() // window)}"
    try:
        return int(cache.get(bucket) or 0) >= limit
    except Exception:
        logger.warning("rate limit not applied: the cache is unreachable", exc_info=True)
        return False


def _count(bucket: str, *, window: int) -> int:
    # add() only sets a missing key, so concurrent first hits cannot reset each other;
    # incr() is atomic in the cache backends Django ships (Redis INCR, a lock in locmem).
    cache.add(bucket, 0, timeout=window)
    try:
        return int(cache.incr(bucket))
    except ValueError:
        # The bucket expired between add() and incr(): this is the first hit of a new one.
        cache.add(bucket, 1, timeout=window)
        return 1


def client_ip(request: HttpRequest) -> str:
    """The address the request came from, as the WSGI server saw it ("unknown" if none)."""
    return client_ip_or_none(request) or "unknown"


def client_ip_or_none(request: HttpRequest) -> str | None:
    """The client address when the request carries a valid one (django-axes stores it)."""
    # Behind a proxy REMOTE_ADDR is the proxy; deployments set it from X-Forwarded-For there.
    raw = str(request.META.get("REMOTE_ADDR") or "").strip()
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None
