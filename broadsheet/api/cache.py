"""Anonymous API reads from a short-lived cache: the API's side of web/page_cache.py.

A public GET (no Authorization header, no session cookie) gets the same JSON for every
client until the news changes, and building it costs the ORM and ninja about 3 ms at 1M
articles (bench/serve.py), which capped the API near 300 requests a second per process.
The gate (api/gate.py) answers such a request from Django's cache after its rate limits
and before the view, so every request still counts against its address and still gets its
ETag and 304; it stores only 200 JSON responses that set no cookie.

PAGE_CACHE_SECONDS (the pages' setting; 0 turns this off too) bounds how stale a read can be.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from broadsheet.web.page_cache import HIT_HEADER, cache_key

PREFIX = "/api/v1/"
_KEPT = ("Content-Type", "Content-Language")


def _seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0))


def shareable_request(request: HttpRequest) -> bool:
    """A GET under /api/v1/ that carries no credential: its answer is everyone's."""
    return (
        _seconds() > 0
        and request.method == "GET"
        and request.path_info.startswith(PREFIX)
        and "HTTP_AUTHORIZATION" not in request.META
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def lookup(request: HttpRequest) -> HttpResponse | None:
    """The stored answer to a shareable request, or None."""
    if not shareable_request(request):
        return None
    stored = cache.get(cache_key(request, prefix="api"))
    if stored is None:
        return None
    content, headers = stored
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    response[HIT_HEADER] = "hit"
    return response


def store(request: HttpRequest, response: HttpResponse) -> None:
    """Keep a 200 JSON answer to a shareable request for PAGE_CACHE_SECONDS."""
    if (
        not shareable_request(request)
        or response.status_code != 200
        or response.streaming
        or response.cookies
        or not str(response.get("Content-Type", "")).startswith("application/json")
        or "no-store" in response.get("Cache-Control", "")
    ):
        return
    headers = [(name, str(response[name])) for name in _KEPT if response.has_header(name)]
    cache.set(cache_key(request, prefix="api"), (response.content, headers), _seconds())
    response[HIT_HEADER] = "miss"
