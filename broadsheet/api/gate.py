"""What every API request passes through: rate limits, the body size cap, JSON 405s, the
anonymous read cache (api/cache.py), ETags.

Applied by wrapping each URL's view (see `guard_patterns`), so the JSON API and the
Google Reader API share it and no view can forget it.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver

from broadsheet.api import cache as api_cache
from broadsheet.api.errors import error_response
from broadsheet.api.etag import with_etag
from broadsheet.lib.ratelimit import client_ip, hit

WINDOW = 60


def _credential(request: HttpRequest) -> str | None:
    """A stable key for the token a request carries (a hash: secrets stay out of the cache)."""
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "googlelogin":
        value = value.strip().removeprefix("auth=")
    elif scheme.lower() != "bearer":
        return None
    value = value.strip()
    return hashlib.sha256(value.encode()).hexdigest()[:24] if value else None


def _retry_after() -> str:
    return str(WINDOW - int(time.time()) % WINDOW or WINDOW)


def rate_limited(request: HttpRequest) -> HttpResponse | None:
    """A 429 once the address or the token has used up its requests for this minute."""
    # Every request counts against its address, so inventing tokens buys nothing.
    limited = not hit(
        f"api:ip:{client_ip(request)}", limit=settings.API_RATE_LIMIT_IP, window=WINDOW
    )
    credential = _credential(request)
    if credential and not limited:
        limited = not hit(
            f"api:token:{credential}", limit=settings.API_RATE_LIMIT_TOKEN, window=WINDOW
        )
    if not limited:
        return None
    response = error_response(429, "too many requests: wait and try again")
    response["Retry-After"] = _retry_after()
    return response


def too_large(request: HttpRequest) -> HttpResponse | None:
    """A 413 when the declared body is bigger than the API accepts."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return error_response(400, "Content-Length is not a number")
    if length > settings.API_MAX_BODY_BYTES:
        return error_response(413, f"the body is limited to {settings.API_MAX_BODY_BYTES} bytes")
    return None


def has_nul(request: HttpRequest) -> HttpResponse | None:
    """A 400 for NUL characters anywhere in the request: PostgreSQL rejects them in any text."""
    values = [request.path, *(v for vs in request.GET.lists() for v in vs[1])]
    body = request.body if request.method in ("POST", "PUT", "PATCH", "DELETE") else b""
    if any("\x00" in v for v in values) or b"\x00" in body or b"\\u0000" in body.lower():
        return error_response(400, "NUL characters are not accepted")
    return None


def _as_json(response: HttpResponse) -> HttpResponse:
    """Django's plain-text 405 in the API's error format, keeping its Allow header."""
    if response.status_code != 405 or response.get("Content-Type", "").startswith(
        "application/json"
    ):
        return response
    converted = error_response(405, "method not allowed")
    converted["Allow"] = response.get("Allow", "")
    return converted


def guard(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap a view with the gate's checks before and the ETag after."""

    @functools.wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refusal = rate_limited(request) or too_large(request) or has_nul(request)
        if refusal is not None:
            return refusal
        response = api_cache.lookup(request)
        if response is None:
            response = _as_json(view(request, *args, **kwargs))
            api_cache.store(request, response)
        return with_etag(request, response)

    return guarded


def guard_patterns(
    patterns: Sequence[URLPattern | URLResolver],
) -> list[URLPattern | URLResolver]:
    """The same URL patterns with every view wrapped by `guard`."""
    guarded: list[URLPattern | URLResolver] = []
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern = URLPattern(
                pattern.pattern, guard(pattern.callback), pattern.default_args, pattern.name
            )
        guarded.append(pattern)
    return guarded
