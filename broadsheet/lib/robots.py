"""robots.txt, honoured for pages and feeds alike: one load per origin, cached for an hour."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from urllib.robotparser import RobotFileParser

import httpx

from broadsheet.lib.fetch_errors import (
    BlockedAddress,
    FetchError,
    HTTPStatusError,
    RetryLater,
    TimedOut,
)

ROBOTS_AGENT = "Broadsheet"
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 asks crawlers to read at least 500 KiB.
_ROBOTS_TTL = 3600.0
_ROBOTS_RETRY_TTL = 300.0
_ROBOTS_CACHE_SIZE = 4096


class RobotsCache:
    """Parsed robots.txt per origin for one process; thread-safe."""

    def __init__(self) -> None:
        self._robots: OrderedDict[str, tuple[float, RobotFileParser | None]] = OrderedDict()
        self._lock = threading.Lock()
        self._loading: dict[str, threading.Lock] = {}

    def allows(self, target: httpx.URL, *, load: Callable[[str], bytes]) -> bool:
        """Whether robots.txt lets Broadsheet fetch `target`; `load` GETs a robots.txt URL."""
        origin = f"{target.scheme}://{target.netloc.decode('ascii')}"
        parser = self._parser(origin, load=load)
        return parser is None or parser.can_fetch(ROBOTS_AGENT, str(target))

    def _parser(self, origin: str, *, load: Callable[[str], bytes]) -> RobotFileParser | None:
        with self._lock:
            cached = self._fresh(origin)
            if cached is not None:
                return cached[1]
            loading = self._loading.setdefault(origin, threading.Lock())
        # One fetch per origin even when several feeds of one site are polled at once.
        with loading:
            with self._lock:
                cached = self._fresh(origin)
                if cached is not None:
                    return cached[1]
            try:
                parser, ttl = self._load(origin, load=load)
            finally:
                with self._lock:
                    self._loading.pop(origin, None)
            with self._lock:
                self._robots[origin] = (time.monotonic() + ttl, parser)
                self._robots.move_to_end(origin)
                while len(self._robots) > _ROBOTS_CACHE_SIZE:
                    self._robots.popitem(last=False)
            return parser

    def _fresh(self, origin: str) -> tuple[float, RobotFileParser | None] | None:
        cached = self._robots.get(origin)
        if cached is None or cached[0] <= time.monotonic():
            return None
        self._robots.move_to_end(origin)
        return cached

    def _load(
        self, origin: str, *, load: Callable[[str], bytes]
    ) -> tuple[RobotFileParser | None, float]:
        try:
            content = load(f"{origin}/robots.txt")
        except (BlockedAddress, TimedOut):
            raise
        except HTTPStatusError as exc:
            # A missing robots.txt means no rules; a failing one is retried soon (RFC 9309
            # says assume disallow on 5xx, but a broken server should not silence a feed).
            permanent = 400 <= exc.status < 500 and not isinstance(exc, RetryLater)
            return None, _ROBOTS_TTL if permanent else _ROBOTS_RETRY_TTL
        except FetchError:
            return None, _ROBOTS_RETRY_TTL
        parser = RobotFileParser()
        parser.parse(content.decode("utf-8", errors="replace").splitlines())
        return parser, _ROBOTS_TTL
