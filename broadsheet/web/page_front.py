"""A hot copy of the anonymous page cache, in front of Django: hits never enter Django.

AnonymousPageCache (page_cache.py) decides what may be shared and keeps it in Django's cache;
it marks every response it stored or served with X-Page-Cache. This WSGI wrapper keeps those
marked responses in process memory for what is left of PAGE_CACHE_SECONDS (the Age header
says how old a copy already is) and answers the same anonymous request from them without
building a Django request, resolving a URL or running a middleware: the difference between
about 2,000 and several thousand pages a second on this machine (bench/serve.py).

The request test and the kept headers are the middleware's own (anonymous_page_request,
shared_headers); a response without the mark, or one that sets a cookie, is never kept.
Memory is bounded by a page count and a byte budget, oldest copy out first. A copy kept under
a retired page version (lib/page_versions.py: a comment hidden, edited or deleted) is a miss.

One request renders a page at a time in each process. When a copy expires, one request
refills it through Django while the others keep getting the expired copy, for STALE_SECONDS
at most; when there is no copy yet, the others wait for that render (FILL_WAIT_SECONDS at
most) and are served its copy. Before, every request in flight for a page the process had
not kept rendered it at once: under load a process's eight threads all computed the same
story summary (bench/serve's cached story page, the one page whose first render in a
process fell inside its load window: p99 549 ms against 16 ms for the others). So a page is
at most PAGE_CACHE_SECONDS old plus the time one refill takes; a retired copy is never
served; a page whose render was not kept (it set a cookie) is rendered by every request.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.http.cookie import parse_cookie

from broadsheet.lib.page_versions import SHARED_VERSION_READ_SECONDS, is_local, page_version
from broadsheet.web.page_cache import (
    HIT_HEADER,
    VERSION_HEADER,
    anonymous_page_request,
    shared_headers,
)

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
# What a kept copy holds: expiry (monotonic), status line, headers, body, page version.
Page = tuple[float, str, list[tuple[str, str]], bytes, str]
# How long past its expiry a copy may still be served while one request refills it.
STALE_SECONDS = 10.0
# How long a request waits for another's render of the same page before rendering it itself.
FILL_WAIT_SECONDS = 5.0
# How long a page whose render was not kept is rendered by every request without waiting.
UNKEPT_SECONDS = 30.0


class PageCacheFront:
    """Wraps a WSGI app; serves kept copies of pages the page cache marked as shareable."""

    def __init__(
        self,
        app: WSGIApp,
        *,
        max_pages: int = 2_000,
        max_bytes: int = 64 * 1024 * 1024,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        self.max_pages = max_pages
        self.max_bytes = max_bytes
        self.clock = clock
        self._pages: OrderedDict[str, Page] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._filling: dict[str, threading.Event] = {}  # pages one request is rendering
        self._unkept: dict[str, float] = {}  # pages whose last render was not kept, until
        self._version_age = 0.0 if is_local() else SHARED_VERSION_READ_SECONDS

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        seconds = int(getattr(settings, "PAGE_CACHE_SECONDS", 0))
        if seconds <= 0 or not _anonymous(environ):
            return self.app(environ, start_response)
        key = _key(environ)
        page = self._current(key)
        if page is not None and page[0] > self.clock():
            return _serve(page, start_response)
        filling = self._claim(key)
        if filling is None:  # this request renders the page (or refills its expired copy)
            try:
                return self._fill(key, seconds, environ, start_response)
            finally:
                self._release(key)
        if page is None:  # nothing to give meanwhile: wait for that render and take its copy
            filling.wait(FILL_WAIT_SECONDS)
            page = self._current(key)
        if page is not None:
            return _serve(page, start_response)
        return self._fill(key, seconds, environ, start_response)  # that one was not kept

    def _current(self, key: str) -> Page | None:
        """The kept copy, expired or not, unless past its stale time or retired (a comment
        hidden, edited or deleted since)."""
        page = self._get(key)
        if page is not None and page[4] != page_version(fresh_within=self._version_age):
            return None
        return page

    def _claim(self, key: str) -> threading.Event | None:
        """None when this request takes the render of the page; else the other render's
        event. A page whose last render was not kept (it set a cookie, it failed) is
        rendered by every request, as before: waiting for another would only add its time."""
        with self._lock:
            if self._unkept.get(key, 0.0) > self.clock():
                return None
            filling = self._filling.get(key)
            if filling is None:
                self._filling[key] = threading.Event()
            return filling

    def _release(self, key: str) -> None:
        with self._lock:
            filling = self._filling.pop(key, None)
            kept = self._pages.get(key)
            if kept is None or kept[0] <= self.clock():
                self._unkept[key] = self.clock() + UNKEPT_SECONDS
                while len(self._unkept) > self.max_pages:
                    self._unkept.pop(next(iter(self._unkept)))
            else:
                self._unkept.pop(key, None)
        if filling is not None:
            filling.set()

    def clear(self) -> None:
        """Forget every kept copy."""
        with self._lock:
            self._pages.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._pages)

    def _fill(
        self, key: str, seconds: int, environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        seen: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            seen.update(status=status, headers=headers)
            sent = [(k, v) for k, v in headers if k.lower() != VERSION_HEADER.lower()]
            return start_response(status, sent, exc_info)

        result = self.app(environ, capture)
        headers = seen.get("headers") or []
        names = {name.lower(): value for name, value in headers}
        if HIT_HEADER.lower() not in names or "set-cookie" in names:
            return result
        version = names.get(VERSION_HEADER.lower())
        if not version:
            return result
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()  # Django's request_finished: connections go back
        left = seconds - _age(names.get("age"))
        if left > 0:
            kept = [*shared_headers(headers), ("Cache-Control", "max-age=0")]
            self._put(key, (self.clock() + left, seen["status"], kept, body, version))
        return [body]

    def _get(self, key: str) -> Page | None:
        """The kept copy, expired or not, unless it is past its stale time."""
        with self._lock:
            page = self._pages.get(key)
            if page is not None and page[0] + STALE_SECONDS <= self.clock():
                self._drop(key)
                page = None
            return page

    def _put(self, key: str, page: Page) -> None:
        if len(page[3]) > self.max_bytes // 4:
            return  # one huge page must not push out everything else
        with self._lock:
            if key in self._pages:
                self._drop(key)
            self._pages[key] = page
            self._bytes += len(page[3])
            while len(self._pages) > self.max_pages or self._bytes > self.max_bytes:
                self._drop(next(iter(self._pages)))

    def _drop(self, key: str) -> None:
        page = self._pages.pop(key)
        self._bytes -= len(page[3])


def _serve(page: Page, start_response: StartResponse) -> list[bytes]:
    _, status, headers, body, _ = page
    start_response(status, [*headers, (HIT_HEADER, "hit"), _length(body)])
    return [body]


def _anonymous(environ: dict[str, Any]) -> bool:
    return anonymous_page_request(
        environ.get("REQUEST_METHOD", ""),
        authorization="HTTP_AUTHORIZATION" in environ,
        cookies=parse_cookie(environ.get("HTTP_COOKIE", "")),
        path=environ.get("PATH_INFO", ""),
    )


def _key(environ: dict[str, Any]) -> str:
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
    path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    query = environ.get("QUERY_STRING", "")
    return f"{environ.get('wsgi.url_scheme', 'http')}://{host}{path}?{query}"


def _age(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


def _length(body: bytes) -> tuple[str, str]:
    return ("Content-Length", str(len(body)))
