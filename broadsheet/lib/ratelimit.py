"""Fixed-window rate limits kept in Django's cache, keyed by user or client address."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.http import HttpRequest


def hit(key: str, *, limit: int, window: int) -> bool:
    """Count one attempt under `key`; True while at most `limit` happened in this window."""
    bucket = f"ratelimit:{key}:{int(time.time() // window)}"
    # add() only sets a missing key, so concurrent first hits cannot reset each other;
    # incr() is atomic in the cache backends Django ships.
    cache.add(bucket, 0, timeout=window)
    try:
        count = cache.incr(bucket)
    except ValueError:
        # The bucket expired between add() and incr(): this is the first hit of a new one.
        cache.add(bucket, 1, timeout=window)
        count = 1
    return count <= limit


def client_ip(request: HttpRequest) -> str:
    """The address the request came from, as the WSGI server saw it."""
    # Behind a proxy REMOTE_ADDR is the proxy; deployments set it from X-Forwarded-For there.
    return str(request.META.get("REMOTE_ADDR") or "unknown")
