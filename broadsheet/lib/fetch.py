"""The one module that sends every outbound HTTP request: safe (SSRF guard, caps) and polite.

Every TCP connection is checked at connect time against the exact address being dialled, so
neither redirects nor DNS rebinding can reach a private network (lib/netguard.py). Each fetch
has a total deadline, a cap on decoded bytes (lib/content_encoding.py) and a redirect limit;
hosts get a concurrency cap and a minimum gap between requests; robots.txt is honoured for
pages and feeds alike (lib/robots.py). Bodies are decoded to text by lib/charset.py.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import email.utils
import functools
import re
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Protocol
from urllib.parse import urlencode

import brotli
import httpcore
import httpx

from broadsheet.lib.charset import charset_param, decode_body
from broadsheet.lib.clock import MONOTONIC, Clock
from broadsheet.lib.content_encoding import BodyDecoder
from broadsheet.lib.fetch_errors import (
    BlockedAddress,
    FetchError,
    HTTPStatusError,
    RetryLater,
    RobotsDisallowed,
    TimedOut,
    TooLarge,
    TooManyRedirects,
)
from broadsheet.lib.netguard import (
    Network,
    Resolver,
    clamp_to_deadline,
    current_deadline,
    guarded_transport,
    is_public_address,
    parse_networks,
    parse_url,
    within_deadline,
)
from broadsheet.lib.robots import ROBOTS_AGENT, ROBOTS_MAX_BYTES, RobotsCache

# What callers import from here; the errors, address checks and decoding live beside it.
__all__ = [
    "ROBOTS_AGENT",
    "BlockedAddress",
    "FetchError",
    "FetchPolicy",
    "FetchResult",
    "Fetcher",
    "HTTPStatusError",
    "HostLimiter",
    "Network",
    "Resolver",
    "RetryLater",
    "RobotsDisallowed",
    "TimedOut",
    "TooLarge",
    "TooManyRedirects",
    "decode_body",
    "is_public_address",
    "parse_networks",
]

_MAX_RETRY_AFTER = datetime.timedelta(hours=24)
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class FetchPolicy:
    """Limits and manners for outbound requests; the defaults suit a public deployment."""

    total_timeout: float = 30.0
    connect_timeout: float = 10.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    per_host_connections: int = 2
    per_host_delay: float = 1.0
    respect_robots: bool = True
    user_agent: str = "Broadsheet/0.1 (+https://github.com/broadsheet-news/broadsheet)"
    allowed_networks: tuple[Network, ...] = ()


@dataclass(frozen=True)
class FetchResult:
    """A successful (2xx) or not-modified (304) response with its body fully read."""

    url: str
    status: int
    headers: dict[str, str]
    content: bytes
    etag: str | None
    last_modified: str | None
    not_modified: bool
    content_type: str

    @functools.cached_property
    def text(self) -> str:
        """The body as text, trusting declared charsets only when the bytes agree."""
        content_type = self.headers.get("content-type", "")
        return decode_body(self.content, http_charset=charset_param(content_type))


class HostSlots(Protocol):
    """The per-host politeness hook: HostLimiter in one process, a Redis-backed one when
    several workers share the hosts (broadsheet.workers.limits.RedisHostLimiter)."""

    def acquire(self, key: str) -> contextlib.AbstractContextManager[None]:
        """Block until a request to `key` may start; hold a slot while it runs."""
        ...


class HostLimiter:
    """Per-host concurrency cap and minimum gap between request starts, for one process."""

    def __init__(
        self, *, max_concurrent: int = 2, min_delay: float = 1.0, clock: Clock = MONOTONIC
    ) -> None:
        self.max_concurrent = max(1, max_concurrent)
        self.min_delay = max(0.0, min_delay)
        self._clock = clock
        self._cond = threading.Condition()
        self._active: dict[str, int] = {}
        self._waiting: dict[str, int] = {}
        self._next_start: dict[str, float] = {}

    @contextlib.contextmanager
    def acquire(self, key: str) -> Iterator[None]:
        """Block until a request to `key` may start, and hold a slot while it runs."""
        with self._cond:
            self._waiting[key] = self._waiting.get(key, 0) + 1
            while True:
                now = self._clock.now()
                busy = self._active.get(key, 0) >= self.max_concurrent
                wait = self._next_start.get(key, 0.0) - now
                if not busy and wait <= 0:
                    break
                self._clock.wait(self._cond, None if busy else wait)
            self._waiting[key] -= 1
            if not self._waiting[key]:
                del self._waiting[key]
            self._active[key] = self._active.get(key, 0) + 1
            self._next_start[key] = now + self.min_delay
            if len(self._next_start) > 10_000:
                self._forget_idle_hosts(now)
        try:
            yield
        finally:
            with self._cond:
                self._active[key] -= 1
                if not self._active[key]:
                    del self._active[key]
                self._cond.notify_all()

    def waiting(self, key: str) -> int:
        """How many requests to `key` are waiting for their turn right now."""
        with self._cond:
            return self._waiting.get(key, 0)

    def _forget_idle_hosts(self, now: float) -> None:
        for key, start in list(self._next_start.items()):
            if start <= now and key not in self._active:
                del self._next_start[key]


class Fetcher:
    """Sends GET requests under a FetchPolicy; thread-safe, one per process is plenty."""

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        *,
        resolver: Resolver | None = None,
        limiter: HostSlots | None = None,
        clock: Clock = MONOTONIC,
    ) -> None:
        self.policy = policy or FetchPolicy()
        self._clock = clock
        self._limiter: HostSlots = limiter or HostLimiter(
            max_concurrent=self.policy.per_host_connections,
            min_delay=self.policy.per_host_delay,
            clock=clock,
        )
        transport = guarded_transport(
            resolver=resolver, allowed_networks=self.policy.allowed_networks
        )
        self._client = httpx.Client(
            transport=transport,
            follow_redirects=False,
            trust_env=False,
            # Cookies live for one redirect chain only (see _follow), never across fetches.
            cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),
            headers={"User-Agent": self.policy.user_agent, "Accept-Encoding": "gzip, deflate, br"},
        )
        self._robots = RobotsCache()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close pooled connections."""
        self._client.close()

    def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str | None = None,
    ) -> FetchResult:
        """GET url (conditionally, when validators are given) or raise a FetchError."""
        headers = {"Accept": accept or "*/*"}
        # Validators are echoed verbatim; only line breaks, which would split the header, are
        # refused.
        if etag and not re.search(r"[\r\n]", etag):
            headers["If-None-Match"] = etag
        if last_modified and not re.search(r"[\r\n]", last_modified):
            headers["If-Modified-Since"] = last_modified
        with within_deadline(self.policy.total_timeout, clock=self._clock):
            result = self._follow(
                url,
                headers=headers,
                check_robots=self.policy.respect_robots,
                max_bytes=self.policy.max_bytes,
                truncate=False,
            )
        if result.not_modified:
            # A 304 may omit validators; the caller's still hold, so hand them back for storage.
            return dataclasses.replace(
                result,
                etag=result.etag or etag,
                last_modified=result.last_modified or last_modified,
            )
        return result

    def post_form(self, url: str, form: dict[str, str]) -> int:
        """POST a form through the same guard and limits (a WebSub subscription request to a
        hub); the 2xx status, or a FetchError. Redirects are not followed: a POST is not
        re-sent elsewhere, and hubs answer in place (202 Accepted)."""
        with within_deadline(self.policy.total_timeout, clock=self._clock):
            target = parse_url(url, allowed_networks=self.policy.allowed_networks)
            response, _body = self._send(
                target,
                headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "*/*"},
                cookies=httpx.Cookies(),
                max_bytes=64 * 1024,
                truncate=True,
                method="POST",
                content=urlencode(form).encode(),
            )
        if not 200 <= response.status_code < 300:
            raise HTTPStatusError(response.status_code, url=str(target))
        return response.status_code

    def _follow(
        self,
        url: str,
        *,
        headers: dict[str, str],
        check_robots: bool,
        max_bytes: int,
        truncate: bool,
    ) -> FetchResult:
        cookies = httpx.Cookies()
        current = url
        for _hop in range(self.policy.max_redirects + 1):
            target = parse_url(current, allowed_networks=self.policy.allowed_networks)
            if check_robots and not self._robots.allows(target, load=self._load_robots_txt):
                raise RobotsDisallowed("disallowed by the site's robots.txt", url=str(target))
            response, body = self._send(
                target, headers=headers, cookies=cookies, max_bytes=max_bytes, truncate=truncate
            )
            status = response.status_code
            location = response.headers.get("location")
            if status in _REDIRECTS and location:
                try:
                    current = str(target.join(location.strip()))
                except httpx.InvalidURL:
                    raise FetchError("invalid redirect location", url=str(target))
                continue
            response_headers = {k.lower(): v for k, v in response.headers.items()}
            if 200 <= status < 300 or status == 304:
                media_type = response_headers.get("content-type", "").split(";")[0]
                return FetchResult(
                    url=str(target),
                    status=status,
                    headers=response_headers,
                    content=body,
                    etag=response_headers.get("etag"),
                    last_modified=response_headers.get("last-modified"),
                    not_modified=status == 304,
                    content_type=media_type.strip().lower(),
                )
            if status in (429, 503):
                retry_after = _parse_retry_after(response_headers.get("retry-after"))
                raise RetryLater(status, url=str(target), retry_after=retry_after)
            raise HTTPStatusError(status, url=str(target))
        raise TooManyRedirects(f"more than {self.policy.max_redirects} redirects", url=str(current))

    def _send(
        self,
        target: httpx.URL,
        *,
        headers: dict[str, str],
        cookies: httpx.Cookies,
        max_bytes: int,
        truncate: bool,
        method: str = "GET",
        content: bytes | None = None,
    ) -> tuple[httpx.Response, bytes]:
        deadline = current_deadline()
        assert deadline is not None
        queued = self._clock.now()
        try:
            with self._limiter.acquire(_host_key(target)):
                # Waiting our turn for a busy host is politeness, not the server being slow.
                deadline.extend(self._clock.now() - queued)
                remaining = clamp_to_deadline(None, httpcore.PoolTimeout) or 0.0
                timeout = httpx.Timeout(
                    remaining, connect=min(self.policy.connect_timeout, remaining)
                )
                request = self._client.build_request(
                    method, target, headers=headers, content=content, timeout=timeout
                )
                cookies.set_cookie_header(request)
                response = self._client.send(request, stream=True)
                try:
                    cookies.extract_cookies(response)
                    body = b""
                    if 200 <= response.status_code < 300:
                        body = self._read_body(response, max_bytes=max_bytes, truncate=truncate)
                finally:
                    response.close()
                return response, body
        except FetchError as exc:
            if not exc.url:
                exc.url = str(target)
            raise
        except httpcore.ConnectTimeout:
            raise TimedOut("timed out connecting", url=str(target)) from None
        except httpcore.TimeoutException:
            limit = f"{self.policy.total_timeout:g}"
            raise TimedOut(f"timed out (limit {limit} s)", url=str(target)) from None
        except httpcore.NetworkError as exc:
            raise FetchError(str(exc) or "network error", url=str(target)) from None
        except (httpcore.ProtocolError, httpx.HTTPError) as exc:
            raise FetchError(f"protocol error: {exc}", url=str(target)) from None

    def _read_body(self, response: httpx.Response, *, max_bytes: int, truncate: bool) -> bytes:
        content_encoding = response.headers.get("content-encoding", "")
        declared = response.headers.get("content-length", "")
        too_large = TooLarge(f"response larger than {_format_size(max_bytes)}")
        is_plain = not content_encoding and declared.isdigit()
        if is_plain and int(declared) > max_bytes and not truncate:
            raise too_large
        decoder = BodyDecoder(content_encoding)
        body = bytearray()

        def keep(pieces: Iterator[bytes]) -> bool:
            """Append decoded pieces; False once the cap is reached and reading should stop."""
            for piece in pieces:
                if len(body) + len(piece) > max_bytes:
                    if not truncate:
                        raise too_large
                    body.extend(piece[: max_bytes - len(body)])
                    return False
                body.extend(piece)
            return True

        try:
            for raw in response.iter_raw():
                clamp_to_deadline(None, httpcore.ReadTimeout)
                if not keep(decoder.feed(raw)):
                    return bytes(body)
            keep(decoder.flush())
        except (zlib.error, brotli.error):
            raise FetchError(f"could not decode {content_encoding} response body")
        return bytes(body)

    def _load_robots_txt(self, url: str) -> bytes:
        # Shares the deadline of the fetch that needed the rules; a huge file is cut, not refused.
        result = self._follow(
            url,
            headers={"Accept": "text/plain, */*;q=0.5"},
            check_robots=False,
            max_bytes=ROBOTS_MAX_BYTES,
            truncate=True,
        )
        return result.content


def _host_key(target: httpx.URL) -> str:
    port = target.port or (443 if target.scheme == "https" else 80)
    return f"{target.raw_host.decode('ascii')}:{port}".lower()


def _parse_retry_after(value: str | None) -> datetime.timedelta | None:
    """Retry-After as delta-seconds or an HTTP date, clamped to [0, 24 h]; None if unusable."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        seconds = int(value) if len(value) < 9 else int(_MAX_RETRY_AFTER.total_seconds())
        return min(datetime.timedelta(seconds=seconds), _MAX_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    delta = when - datetime.datetime.now(datetime.UTC)
    return max(datetime.timedelta(0), min(delta, _MAX_RETRY_AFTER))


def _format_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):g} MiB"
    return f"{size / 1024:g} KiB"
