"""Whole pages for anonymous readers, from a short-lived cache.

Most readers are not signed in, and for them a page is the same for everyone until the news
changes. This middleware, first in the chain, answers such a request from the cache before
sessions, CSRF, authentication or a single query run; it stores a page only when nothing in
it can be personal:

- the request is a GET to a language-prefixed site page (/en/…, /fr/…) and carries no
  session, message or Authorization (a signed-in reader, or one with a pending notice,
  always gets a fresh page);
- the response is a 200 HTML page that sets no cookie and showed no CSRF token (a form's
  token belongs to one browser: web/csrf.py) and is not marked private or no-store.

PAGE_CACHE_SECONDS (default 30; 0 turns it off) bounds how stale a page can be: a new
article, comment or story change reaches anonymous readers within that time. A change that
must show on the next request (a comment hidden, removed, edited or deleted) retires every
copy at once (lib/page_versions.py): each copy is stored with the page version of its day.
The cache is Django's default cache (CACHE_URL: Redis when several processes serve the
site). In front of Django, web/page_front.py keeps a hot copy of what this middleware
stored, per process.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Container, Iterable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language_from_path

from broadsheet.lib.page_versions import SHARED_VERSION_READ_SECONDS, is_local, page_version
from broadsheet.web.csrf import token_shown

HIT_HEADER = "X-Page-Cache"
# The page version a copy was stored under; the hot copy in front of Django keeps it with
# the page so a retirement (lib/page_versions.py) reaches it too, and strips it.
VERSION_HEADER = "X-Page-Version"
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "Content-Security-Policy",
                 "Permissions-Policy", "X-Frame-Options", "X-Content-Type-Options",
                 "Referrer-Policy", "Cross-Origin-Opener-Policy", "Link",
                 "Strict-Transport-Security")  # fmt: skip


class AnonymousPageCache:
    """Serves and stores pages that are the same for every anonymous reader."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = int(getattr(settings, "PAGE_CACHE_SECONDS", 0))
        if seconds <= 0 or not cacheable_request(request):
            return self.get_response(request)
        key = cache_key(request)
        version = page_version(fresh_within=0.0 if is_local() else SHARED_VERSION_READ_SECONDS)
        stored = cache.get(key)
        if stored is not None and _version_of(stored) == version:
            return _rebuild(stored)
        response = self.get_response(request)
        if cacheable_response(request, response):
            cache.set(key, _snapshot(response, version=version), seconds)
            response[HIT_HEADER] = "miss"
            response[VERSION_HEADER] = version
        return response


def cacheable_request(request: HttpRequest) -> bool:
    """A GET of a site page from a browser that has nothing personal to show."""
    return anonymous_page_request(
        request.method or "",
        authorization="HTTP_AUTHORIZATION" in request.META,
        cookies=request.COOKIES,
        path=request.path_info,
    )


def anonymous_page_request(
    method: str, *, authorization: bool, cookies: Container[str], path: str
) -> bool:
    """The request test itself, on plain values (the WSGI front in page_front.py uses it too)."""
    if method != "GET" or authorization:
        return False
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return bool(get_language_from_path(path))


def cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    """A finished 200 HTML page with no cookie, no CSRF token and no private marking."""
    # A page with a form shows the browser's own CSRF token, and sets the cookie only when
    # the browser had none (web/csrf.py): it is asked, not the cookie.
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if token_shown(request):
        return False
    control = response.get("Cache-Control", "")
    if "private" in control or "no-store" in control:
        return False
    return str(response.get("Content-Type", "")).startswith("text/html")


def cache_key(request: HttpRequest, *, prefix: str = "page") -> str:
    """One key per scheme, host and full path with its query."""
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"{prefix}:" + hashlib.sha256(address.encode()).hexdigest()


def shared_headers(headers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The headers a shared copy of a page keeps (both cache layers use this list)."""
    kept = {name.lower() for name in _KEPT_HEADERS}
    return [(name, value) for name, value in headers if name.lower() in kept]


Snapshot = tuple[bytes, list[tuple[str, str]], float, str]


def _snapshot(response: HttpResponse, *, version: str) -> Snapshot:
    headers = shared_headers((name, str(value)) for name, value in response.items())
    return response.content, headers, time.time(), version


def _version_of(stored: Snapshot | tuple) -> str | None:
    # A copy stored before versions were kept has none, and is never served.
    return stored[3] if len(stored) > 3 else None


def _rebuild(stored: Snapshot) -> HttpResponse:
    content, headers, stored_at, version = stored
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    patch_cache_control(response, max_age=0)
    response[HIT_HEADER] = "hit"
    response[VERSION_HEADER] = version
    # How old the copy is (RFC 9111 Age): the WSGI front keeps it only for what is left.
    response["Age"] = str(max(0, int(time.time() - stored_at)))
    return response
