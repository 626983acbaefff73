"""The SSRF guard: outbound connections reach public addresses only, within a fetch's deadline.

Every TCP connection is checked at connect time against the exact address being dialled, so
neither redirects nor DNS rebinding can reach a private network. Every socket operation,
including DNS and the TLS handshake, stops at the deadline of the fetch using the connection.
"""

from __future__ import annotations

import contextlib
import contextvars
import ipaddress
import re
import select
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

from broadsheet.lib.clock import MONOTONIC, Clock
from broadsheet.lib.fetch_errors import BlockedAddress, FetchError

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], list[str]]

_CGNAT = ipaddress.IPv4Network("100.64.0.0/10")
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")


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


def parse_url(url: str, *, allowed_networks: tuple[Network, ...]) -> httpx.URL:
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


class Deadline:
    """The wall-clock budget of one fetch, shared by every hop, read and nested robots fetch."""

    def __init__(self, seconds: float, *, clock: Clock = MONOTONIC) -> None:
        self._clock = clock
        self.at = clock.now() + seconds

    def remaining(self) -> float:
        """Seconds left; zero or less once the deadline has passed."""
        return self.at - self._clock.now()

    def extend(self, seconds: float) -> None:
        """Move the deadline later, for time that should not count against the fetch."""
        self.at += seconds


# Connections are pooled across fetches, so streams read the budget of whichever fetch is
# using them right now rather than capturing one when they are opened.
_current_deadline: contextvars.ContextVar[Deadline | None] = contextvars.ContextVar(
    "broadsheet_fetch_deadline", default=None
)


@contextlib.contextmanager
def within_deadline(seconds: float, *, clock: Clock = MONOTONIC) -> Iterator[Deadline]:
    """Run the block under one deadline that every guarded socket operation in it obeys."""
    deadline = Deadline(seconds, clock=clock)
    token = _current_deadline.set(deadline)
    try:
        yield deadline
    finally:
        _current_deadline.reset(token)


def current_deadline() -> Deadline | None:
    """The deadline of the fetch running in this context, if any."""
    return _current_deadline.get()


def clamp_to_deadline(timeout: float | None, exc_type: type[Exception]) -> float | None:
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
            self._sock.settimeout(clamp_to_deadline(timeout, httpcore.ReadTimeout))
            return self._sock.recv(max_bytes)
        except TimeoutError as exc:
            raise httpcore.ReadTimeout("read timed out") from exc
        except OSError as exc:
            raise httpcore.ReadError(_describe_os_error(exc, doing="read")) from exc

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        try:
            while buffer:
                self._sock.settimeout(clamp_to_deadline(timeout, httpcore.WriteTimeout))
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
            self._sock.settimeout(clamp_to_deadline(timeout, httpcore.ConnectTimeout))
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
                sock.settimeout(clamp_to_deadline(timeout, httpcore.ConnectTimeout))
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
        worker.join(clamp_to_deadline(timeout, httpcore.ConnectTimeout))
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


def guarded_transport(
    *, resolver: Resolver | None = None, allowed_networks: tuple[Network, ...] = ()
) -> httpx.BaseTransport:
    """An httpx transport that resolves, checks and dials every connection through the guard."""
    backend = _GuardedBackend(
        resolver=resolver or _resolve_with_getaddrinfo, allowed_networks=allowed_networks
    )
    return _GuardedTransport(backend=backend)
