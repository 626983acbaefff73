"""Hostile loopback servers for the security suites: publishers, traps and connection counters.

The stock test publisher (broadsheet/lib/testing/publisher.py) always answers politely and
always on 127.0.0.1; these let a test choose the address it listens on and write raw bytes,
so a response can drip, never end, lie about its length or be a compression bomb.
"""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Route = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Reply:
    """A canned response: status, headers and body, written in one go."""

    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)

    def __call__(self, handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(self.status)
        handler.send_header("Content-Type", self.content_type)
        handler.send_header("Content-Length", str(len(self.body)))
        for name, value in self.headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(self.body)


def redirect(location: str, status: int = 302) -> Reply:
    """A redirect to `location`."""
    return Reply(b"", "text/plain", status, {"Location": location})


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], handler: type, family: int) -> None:
        self.address_family = family
        super().__init__(address, handler)


class Publisher:
    """An HTTP/1.0 server on `host` whose routes write whatever the test wants.

    HTTP/1.0 closes every connection, so each request dials (and resolves) afresh: that is what
    a DNS-rebinding attack relies on.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.routes: dict[str, Route] = {"/robots.txt": Reply(b"User-agent: *\n", "text/plain")}
        self.requests: list[str] = []
        publisher = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                publisher.requests.append(self.path)
                route = publisher.routes.get(self.path) or publisher.routes.get(
                    self.path.split("?")[0], Reply(b"not found", "text/plain", 404)
                )
                # The client giving up mid-response is what a cap is for.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    route(self)

            def log_message(self, *args: object) -> None:
                pass

        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.server = _Server((host, port), Handler, family)
        self.host = host
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self) -> Publisher:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class CountingListener:
    """Accepts on (host, port), counts every connection and answers each with a 200 page.

    It answers, rather than refusing, so that a fetch that did reach it would succeed and a
    test could not pass by accident on a refused connection.
    """

    def __init__(self, host: str, port: int) -> None:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self._sock = socket.socket(family, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            # Dual-stack, so ::ffff:127.0.0.1 on this port lands here too.
            self._sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        self._sock.bind((host, port))
        self._sock.listen(64)
        self._sock.settimeout(0.2)
        self.accepted = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except (TimeoutError, OSError):
                continue
            self.accepted += 1
            body = b"<rss version='2.0'><channel><title>internal</title></channel></rss>"
            head = b"HTTP/1.0 200 OK\r\nContent-Type: application/rss+xml\r\n"
            head += b"Content-Length: %d\r\n\r\n" % len(body)
            with contextlib.suppress(OSError):
                conn.sendall(head + body)
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self._sock.close()


class ConnectRecorder:
    """Records the address of every socket.connect() made by this process while armed.

    A Python audit hook sees every connect, whichever library makes it, so a guard that
    forgot to check one path would show up here even if no listener happened to be there.
    """

    _installed: ConnectRecorder | None = None

    def __init__(self) -> None:
        self.armed = False
        self.addresses: list[tuple[str, int]] = []
        self._lock = threading.Lock()

    @classmethod
    def instance(cls) -> ConnectRecorder:
        """The process's one recorder (audit hooks cannot be removed, so install it once)."""
        if cls._installed is None:
            recorder = cls()
            sys.addaudithook(recorder._hook)
            cls._installed = recorder
        return cls._installed

    def _hook(self, event: str, args: tuple[Any, ...]) -> None:
        if event != "socket.connect" or not self.armed:
            return
        address = args[1]
        if isinstance(address, tuple) and len(address) >= 2:
            with self._lock:
                self.addresses.append((str(address[0]), int(address[1])))
