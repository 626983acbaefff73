"""The one module that sends every outbound HTTP request: safe (SSRF guard, caps) and polite.

Every TCP connection is checked at connect time against the exact address being dialled, so
neither redirects nor DNS rebinding can reach a private network. Each fetch has a total
deadline, a cap on decoded bytes and a redirect limit; hosts get a concurrency cap and a
minimum gap between requests; robots.txt is honoured for pages and feeds alike.
"""

from __future__ import annotations

import codecs
import contextlib
import contextvars
import copyreg
import dataclasses
import datetime
import email.utils
import functools
import http
import ipaddress
import re
import select
import socket
import ssl
import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Any
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import brotli
import charset_normalizer
import httpcore
import httpx

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], list[str]]

ROBOTS_AGENT = "Broadsheet"
_ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 asks crawlers to read at least 500 KiB.
_ROBOTS_TTL = 3600.0
_ROBOTS_RETRY_TTL = 300.0
_ROBOTS_CACHE_SIZE = 4096
_MAX_RETRY_AFTER = datetime.timedelta(hours=24)
_CHUNK = 64 * 1024
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CGNAT = ipaddress.IPv4Network("100.64.0.0/10")
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")


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
        return decode_body(self.content, http_charset=_charset_param(self.headers))


class FetchError(Exception):
    """A fetch that produced no usable response; `reason` is short and shown to operators."""

    def __init__(self, reason: str, *, url: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.url = url

    def __str__(self) -> str:
        return f"{self.reason} ({self.url})" if self.url else self.reason

    def __reduce__(self) -> Any:
        # Task queues pickle exceptions; keyword-only fields would be lost through self.args.
        return copyreg.__newobj__, (type(self),), self.__dict__.copy()  # type: ignore[attr-defined]


class BlockedAddress(FetchError):
    """The URL or an address it resolves to is not allowed (scheme, credentials, private IP)."""


class TooLarge(FetchError):
    """The decoded body exceeded the policy's byte cap."""


class TimedOut(FetchError):
    """The fetch did not complete within the policy's time limits."""


class TooManyRedirects(FetchError):
    """The redirect chain was longer than the policy allows."""


class RobotsDisallowed(FetchError):
    """The site's robots.txt forbids Broadsheet from fetching this URL."""


class HTTPStatusError(FetchError):
    """The server answered with a status that carries no usable content."""

    def __init__(self, status: int, *, url: str = "", reason: str | None = None) -> None:
        super().__init__(reason or _describe_status(status), url=url)
        self.status = status


class RetryLater(HTTPStatusError):
    """The server asked us to slow down (429/503); `retry_after` is its wish, capped at 24 h."""

    def __init__(
        self, status: int, *, url: str = "", retry_after: datetime.timedelta | None = None
    ) -> None:
        super().__init__(status, url=url)
        self.retry_after = retry_after


def is_public_address(ip: str, *, allowed_networks: Iterable[Network] = ()) -> bool:
    """True if `ip` is globally routable or inside one of `allowed_networks`."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    candidates: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = [address]
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        candidates.append(address.ipv4_mapped)
    if any(c in net for c in candidates for net in allowed_networks):
        return True
    if isinstance(address, ipaddress.IPv4Address):
        return _is_public_v4(address)
    return _is_public_v6(address)


def _is_public_v4(address: ipaddress.IPv4Address) -> bool:
    # is_global alone misses multicast, and its exact coverage changed across 3.11 patches.
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or address in _CGNAT
    )


def _is_public_v6(address: ipaddress.IPv6Address) -> bool:
    # Translation prefixes carry an IPv4 address that the network may route to; judge that one.
    if address.ipv4_mapped:
        return _is_public_v4(address.ipv4_mapped)
    if address in _NAT64:
        return _is_public_v4(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    if address.sixtofour:
        return _is_public_v4(address.sixtofour)
    if address in _IPV4_COMPATIBLE or address.teredo:
        return False
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_site_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def parse_networks(spec: str) -> tuple[Network, ...]:
    """Parse "10.0.0.0/8, 192.168.1.5" into networks; raises ValueError on anything else."""
    items = [item for item in re.split(r"[\s,]+", spec.strip()) if item]
    return tuple(ipaddress.ip_network(item, strict=False) for item in items)


def _literal_address(host: str) -> str | None:
    """The canonical IP for a numeric host in any form the OS resolver accepts, else None."""
    host = host.strip("[]")
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    # getaddrinfo parses "2130706433", "0177.0.0.1", "0x7f.1" and "127.1" with inet_aton, so we
    # must too; the character check stops glibc accepting "1.2.3.4 junk".
    if not re.fullmatch(r"[0-9a-fA-FxX.]+", host):
        return None
    try:
        return socket.inet_ntoa(socket.inet_aton(host))
    except OSError:
        return None


def _resolve_with_getaddrinfo(host: str, port: int) -> list[str]:
    """Every address the OS resolver returns for host, in its preferred order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


class HostLimiter:
    """Per-host concurrency cap and minimum gap between request starts, for one process."""

    def __init__(self, *, max_concurrent: int = 2, min_delay: float = 1.0) -> None:
        self.max_concurrent = max(1, max_concurrent)
        self.min_delay = max(0.0, min_delay)
        self._cond = threading.Condition()
        self._active: dict[str, int] = {}
        self._next_start: dict[str, float] = {}

    @contextlib.contextmanager
    def acquire(self, key: str) -> Iterator[None]:
        """Block until a request to `key` may start, and hold a slot while it runs."""
        with self._cond:
            while True:
                now = time.monotonic()
                busy = self._active.get(key, 0) >= self.max_concurrent
                wait = self._next_start.get(key, 0.0) - now
                if not busy and wait <= 0:
                    break
                self._cond.wait(timeout=None if busy else wait)
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

    def _forget_idle_hosts(self, now: float) -> None:
        for key, start in list(self._next_start.items()):
            if start <= now and key not in self._active:
                del self._next_start[key]


class _Deadline:
    """The wall-clock budget of one fetch, shared by every hop, read and nested robots fetch."""

    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def extend(self, seconds: float) -> None:
        self.at += seconds


# Connections are pooled across fetches, so streams read the budget of whichever fetch is
# using them right now rather than capturing one when they are opened.
_current_deadline: contextvars.ContextVar[_Deadline | None] = contextvars.ContextVar(
    "broadsheet_fetch_deadline", default=None
)


def _budget(timeout: float | None, exc_type: type[Exception]) -> float | None:
    """Clamp one socket operation's timeout to what is left of the current fetch's deadline."""
    deadline = _current_deadline.get()
    if deadline is None:
        return timeout
    remaining = deadline.remaining()
    if remaining <= 0:
        raise exc_type("total time limit reached")
    return remaining if timeout is None else min(timeout, remaining)


def _describe_os_error(exc: OSError, *, doing: str) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, ConnectionResetError):
        return "connection reset by server"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"TLS error: certificate verify failed: {exc.verify_message}"
    if isinstance(exc, ssl.SSLError):
        return f"TLS error: {exc.reason or exc}"
    return f"{doing} failed: {exc.strerror or exc}"


class _GuardedStream(httpcore.NetworkStream):
    """A socket whose every operation stops at the fetch deadline, not only per read."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            self._sock.settimeout(_budget(timeout, httpcore.ReadTimeout))
            return self._sock.recv(max_bytes)
        except TimeoutError as exc:
            raise httpcore.ReadTimeout("read timed out") from exc
        except OSError as exc:
            raise httpcore.ReadError(_describe_os_error(exc, doing="read")) from exc

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        try:
            while buffer:
                self._sock.settimeout(_budget(timeout, httpcore.WriteTimeout))
                buffer = buffer[self._sock.send(buffer) :]
        except TimeoutError as exc:
            raise httpcore.WriteTimeout("write timed out") from exc
        except OSError as exc:
            raise httpcore.WriteError(_describe_os_error(exc, doing="write")) from exc

    def close(self) -> None:
        self._sock.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        try:
            # An SSLSocket applies its timeout to the whole handshake, so a drip-fed
            # handshake is cut at the deadline as well.
            self._sock.settimeout(_budget(timeout, httpcore.ConnectTimeout))
            tls = ssl_context.wrap_socket(self._sock, server_hostname=server_hostname)
        except TimeoutError as exc:
            self.close()
            raise httpcore.ConnectTimeout("TLS handshake timed out") from exc
        except OSError as exc:
            self.close()
            raise httpcore.ConnectError(_describe_os_error(exc, doing="TLS handshake")) from exc
        return _GuardedStream(tls)

    def get_extra_info(self, info: str) -> Any:
        if info == "ssl_object" and isinstance(self._sock, ssl.SSLSocket):
            return self._sock
        if info == "client_addr":
            return self._sock.getsockname()
        if info == "server_addr":
            return self._sock.getpeername()
        if info == "socket":
            return self._sock
        if info == "is_readable":
            # The pool asks before reusing a keep-alive connection: readable means closed.
            if self._sock.fileno() == -1:
                return True
            poller = select.poll()
            poller.register(self._sock, select.POLLIN)
            return bool(poller.poll(0))
        return None


class _GuardedBackend(httpcore.NetworkBackend):
    """Resolves, checks and dials in one step, so the address checked is the one connected."""

    def __init__(self, *, resolver: Resolver, allowed_networks: tuple[Network, ...]) -> None:
        self._resolver = resolver
        self._allowed_networks = allowed_networks

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self._resolve(host, port, timeout)
        for address in addresses:
            if not is_public_address(address, allowed_networks=self._allowed_networks):
                shown = address if address == host else f"{host} ({address})"
                raise BlockedAddress(f"blocked: {shown} is not a public address")
        error: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for address in addresses:
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            sock = socket.socket(family, socket.SOCK_STREAM)
            try:
                sock.settimeout(_budget(timeout, httpcore.ConnectTimeout))
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                for option in socket_options or ():
                    sock.setsockopt(*option)
                sock.connect((address, port))
                return _GuardedStream(sock)
            except TimeoutError:
                sock.close()
                error = httpcore.ConnectTimeout("connect timed out")
            except OSError as exc:
                sock.close()
                error = httpcore.ConnectError(_describe_os_error(exc, doing="connect"))
            except BaseException:
                sock.close()
                raise
        assert error is not None
        raise error

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        raise BlockedAddress("blocked: unix sockets are never fetched")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    def _resolve(self, host: str, port: int, timeout: float | None) -> list[str]:
        literal = _literal_address(host)
        if literal is not None:
            return [literal]
        # getaddrinfo has no timeout of its own; a lookup that outlives the deadline is
        # abandoned to its daemon thread rather than stalling the fetch.
        outcome: dict[str, Any] = {}

        def run() -> None:
            try:
                outcome["addresses"] = self._resolver(host, port)
            except Exception as exc:
                outcome["error"] = exc

        worker = threading.Thread(target=run, name="broadsheet-dns", daemon=True)
        worker.start()
        worker.join(_budget(timeout, httpcore.ConnectTimeout))
        if worker.is_alive():
            raise httpcore.ConnectTimeout(f"DNS lookup for {host} timed out")
        if "error" in outcome or not outcome.get("addresses"):
            raise httpcore.ConnectError(f"DNS lookup failed for {host}")
        return list(dict.fromkeys(outcome["addresses"]))


class _CoreStream(httpx.SyncByteStream):
    def __init__(self, stream: Iterable[bytes]) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        yield from self._stream

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()


class _GuardedTransport(httpx.BaseTransport):
    """An httpx transport over an httpcore pool that dials through the guarded backend."""

    def __init__(self, *, backend: httpcore.NetworkBackend) -> None:
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=100,
            max_keepalive_connections=20,
            keepalive_expiry=5.0,
            network_backend=backend,
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.SyncByteStream)
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        core_response = self._pool.handle_request(core_request)
        assert isinstance(core_response.stream, Iterable)
        return httpx.Response(
            status_code=core_response.status,
            headers=core_response.headers,
            stream=_CoreStream(core_response.stream),
            extensions=core_response.extensions,
        )

    def close(self) -> None:
        self._pool.close()


class _Inflate:
    """zlib decompression that never produces more than one chunk per step."""

    def __init__(self, encoding: str) -> None:
        self._encoding = encoding
        wbits = 16 + zlib.MAX_WBITS if encoding in ("gzip", "x-gzip") else zlib.MAX_WBITS
        self._obj = zlib.decompressobj(wbits)
        self._started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        if not self._started and self._encoding == "deflate":
            self._started = True
            # Some servers send raw deflate without the zlib header the RFC asks for.
            try:
                self._obj.copy().decompress(data[:64])
            except zlib.error:
                self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
        while data and not self._obj.eof:
            out = self._obj.decompress(data, _CHUNK)
            if out:
                yield out
            data = self._obj.unconsumed_tail

    def flush(self) -> Iterator[bytes]:
        out = self._obj.flush()
        if out:
            yield out


class _Unbrotli:
    """Brotli decompression that never produces more than about one chunk per step."""

    def __init__(self) -> None:
        self._obj = brotli.Decompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        out = self._obj.process(data, output_buffer_limit=_CHUNK)
        while True:
            if out:
                yield out
            if self._obj.can_accept_more_data() or self._obj.is_finished() or not out:
                return
            out = self._obj.process(b"", output_buffer_limit=_CHUNK)

    def flush(self) -> Iterator[bytes]:
        return iter(())


class _BodyDecoder:
    """Undoes Content-Encoding stepwise, so a compression bomb never inflates past the cap."""

    def __init__(self, content_encoding: str) -> None:
        names = [n.strip().lower() for n in content_encoding.split(",") if n.strip()]
        self._stages: list[_Inflate | _Unbrotli] = []
        for name in reversed(names):  # The last encoding listed was applied last.
            if name in ("gzip", "x-gzip", "deflate"):
                self._stages.append(_Inflate(name))
            elif name == "br":
                self._stages.append(_Unbrotli())

    def feed(self, data: bytes) -> Iterator[bytes]:
        return self._pipe(data, 0)

    def flush(self) -> Iterator[bytes]:
        for index, stage in enumerate(self._stages):
            for out in stage.flush():
                yield from self._pipe(out, index + 1)

    def _pipe(self, data: bytes, index: int) -> Iterator[bytes]:
        if index == len(self._stages):
            yield data
            return
        for out in self._stages[index].feed(data):
            yield from self._pipe(out, index + 1)


class Fetcher:
    """Sends GET requests under a FetchPolicy; thread-safe, one per process is plenty."""

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        *,
        resolver: Resolver | None = None,
        limiter: HostLimiter | None = None,
    ) -> None:
        self.policy = policy or FetchPolicy()
        self._limiter = limiter or HostLimiter(
            max_concurrent=self.policy.per_host_connections, min_delay=self.policy.per_host_delay
        )
        backend = _GuardedBackend(
            resolver=resolver or _resolve_with_getaddrinfo,
            allowed_networks=self.policy.allowed_networks,
        )
        self._client = httpx.Client(
            transport=_GuardedTransport(backend=backend),
            follow_redirects=False,
            trust_env=False,
            # Cookies live for one redirect chain only (see _follow), never across fetches.
            cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),
            headers={"User-Agent": self.policy.user_agent, "Accept-Encoding": "gzip, deflate, br"},
        )
        self._robots: OrderedDict[str, tuple[float, RobotFileParser | None]] = OrderedDict()
        self._robots_lock = threading.Lock()
        self._robots_loading: dict[str, threading.Lock] = {}

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
        token = _current_deadline.set(_Deadline(self.policy.total_timeout))
        try:
            result = self._follow(
                url,
                headers=headers,
                check_robots=self.policy.respect_robots,
                max_bytes=self.policy.max_bytes,
                truncate=False,
            )
        finally:
            _current_deadline.reset(token)
        if result.not_modified:
            # A 304 may omit validators; the caller's still hold, so hand them back for storage.
            return dataclasses.replace(
                result,
                etag=result.etag or etag,
                last_modified=result.last_modified or last_modified,
            )
        return result

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
            target = _parse_url(current, allowed_networks=self.policy.allowed_networks)
            if check_robots and not self._robots_allow(target):
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
    ) -> tuple[httpx.Response, bytes]:
        deadline = _current_deadline.get()
        assert deadline is not None
        queued = time.monotonic()
        try:
            with self._limiter.acquire(_host_key(target)):
                # Waiting our turn for a busy host is politeness, not the server being slow.
                deadline.extend(time.monotonic() - queued)
                remaining = _budget(None, httpcore.PoolTimeout) or 0.0
                timeout = httpx.Timeout(
                    remaining, connect=min(self.policy.connect_timeout, remaining)
                )
                request = self._client.build_request(
                    "GET", target, headers=headers, timeout=timeout
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
        decoder = _BodyDecoder(content_encoding)
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
                _budget(None, httpcore.ReadTimeout)
                if not keep(decoder.feed(raw)):
                    return bytes(body)
            keep(decoder.flush())
        except (zlib.error, brotli.error):
            raise FetchError(f"could not decode {content_encoding} response body")
        return bytes(body)

    def _robots_allow(self, target: httpx.URL) -> bool:
        origin = f"{target.scheme}://{target.netloc.decode('ascii')}"
        parser = self._robots_parser(origin)
        return parser is None or parser.can_fetch(ROBOTS_AGENT, str(target))

    def _robots_parser(self, origin: str) -> RobotFileParser | None:
        with self._robots_lock:
            cached = self._fresh_robots(origin)
            if cached is not None:
                return cached[1]
            loading = self._robots_loading.setdefault(origin, threading.Lock())
        # One fetch per origin even when several feeds of one site are polled at once.
        with loading:
            with self._robots_lock:
                cached = self._fresh_robots(origin)
                if cached is not None:
                    return cached[1]
            try:
                parser, ttl = self._load_robots(origin)
            finally:
                with self._robots_lock:
                    self._robots_loading.pop(origin, None)
            with self._robots_lock:
                self._robots[origin] = (time.monotonic() + ttl, parser)
                self._robots.move_to_end(origin)
                while len(self._robots) > _ROBOTS_CACHE_SIZE:
                    self._robots.popitem(last=False)
            return parser

    def _fresh_robots(self, origin: str) -> tuple[float, RobotFileParser | None] | None:
        cached = self._robots.get(origin)
        if cached is None or cached[0] <= time.monotonic():
            return None
        self._robots.move_to_end(origin)
        return cached

    def _load_robots(self, origin: str) -> tuple[RobotFileParser | None, float]:
        try:
            result = self._follow(
                f"{origin}/robots.txt",
                headers={"Accept": "text/plain, */*;q=0.5"},
                check_robots=False,
                max_bytes=_ROBOTS_MAX_BYTES,
                truncate=True,
            )
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
        parser.parse(result.content.decode("utf-8", errors="replace").splitlines())
        return parser, _ROBOTS_TTL


def _parse_url(url: str, *, allowed_networks: tuple[Network, ...]) -> httpx.URL:
    """Validate a URL for fetching: http(s), no credentials, no literal private host."""
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        raise FetchError("invalid URL", url=url)
    if scheme not in ("http", "https"):
        raise BlockedAddress("blocked: only http and https URLs are fetched", url=url)
    try:
        target = httpx.URL(url)
    except httpx.InvalidURL:
        # httpx rejects some numeric hosts ("0177.0.0.1") that the OS would happily dial.
        target = None
    host = target.host if target is not None else (_split_hostname(url) or "")
    literal = _literal_address(host) if host else None
    if literal is not None and not is_public_address(literal, allowed_networks=allowed_networks):
        raise BlockedAddress(f"blocked: {literal} is not a public address", url=url)
    if target is None:
        raise FetchError("invalid URL", url=url)
    if target.userinfo:
        raise BlockedAddress("blocked: URLs with credentials are not fetched", url=url)
    if not target.host:
        raise FetchError("invalid URL: no host", url=url)
    return target


def _split_hostname(url: str) -> str | None:
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


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


def _describe_status(status: int) -> str:
    if status in (401, 403):
        return f"HTTP {status}: access denied, the site may be blocking bots"
    try:
        phrase = http.HTTPStatus(status).phrase.lower()
    except ValueError:
        phrase = "unexpected status"
    return f"HTTP {status}: {phrase}"


def _format_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):g} MiB"
    return f"{size / 1024:g} KiB"


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # Before UTF-16 LE, whose BOM is its prefix.
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.I)
_CHARSET_PARAM = re.compile(r";\s*charset\s*=\s*[\"']?([^\"';\s]+)", re.I)


def decode_body(content: bytes, *, http_charset: str | None = None) -> str:
    """Decode a body: BOM, then HTTP charset, then in-document declaration, then detection."""
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            return content[len(bom) :].decode(encoding, errors="replace")
    head = content[:4096]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    declared = match.group(1).decode("ascii") if match else None
    for label, in_document in ((http_charset, False), (declared, True)):
        codec = _codec_name(label, in_document=in_document)
        if codec is None:
            continue
        with contextlib.suppress(UnicodeDecodeError, LookupError):
            return content.decode(codec)
    with contextlib.suppress(UnicodeDecodeError):
        return content.decode("utf-8")
    return _detect_text(content)


def _codec_name(label: str | None, *, in_document: bool) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    if name == "iso8859-1":
        # As browsers do: servers say latin-1 but mean windows-1252 (curly quotes, euro sign).
        return "cp1252"
    if in_document and name.startswith(("utf-16", "utf-32")):
        # A declaration we could read as ASCII cannot be in UTF-16; browsers assume UTF-8.
        return "utf-8"
    return name


def _detect_text(content: bytes) -> str:
    matches = charset_normalizer.from_bytes(content)
    best = matches.best()
    if best is None:
        return content.decode("cp1252", errors="replace")
    # Short Western text scores identically as cp1250 and cp1252 and the tie is broken
    # arbitrarily; windows-1252 is by far the likelier encoding of a mislabelled page.
    for candidate in matches:
        tied = (candidate.chaos, candidate.coherence) == (best.chaos, best.coherence)
        if tied and "cp1252" in candidate.could_be_from_charset:
            with contextlib.suppress(UnicodeDecodeError):
                return content.decode("cp1252")
            break
    return str(best)


def _charset_param(headers: dict[str, str]) -> str | None:
    match = _CHARSET_PARAM.search(headers.get("content-type", ""))
    return match.group(1) if match else None
