"""ETags on every successful GET, and 304 Not Modified when the client already has it."""

from __future__ import annotations

import hashlib

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags


def with_etag(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Tag a 200 GET/HEAD response with a hash of its body; answer 304 on a match."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming:
        return response
    # A strong tag from the exact bytes: simple, and right whatever built the body
    # (the row's updated time would miss changes to related rows).
    tag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    response["ETag"] = tag
    # The same URL answers differently per reader (/me, comments); caches must not mix them.
    patch_vary_headers(response, ("Authorization", "Cookie"))
    response.setdefault("Cache-Control", "private, no-cache")
    wanted = [t.removeprefix("W/") for t in parse_etags(request.headers.get("If-None-Match", ""))]
    if tag in wanted or "*" in wanted:
        not_modified = HttpResponseNotModified()
        for header in ("ETag", "Vary", "Cache-Control"):
            not_modified[header] = response[header]
        return not_modified
    return response
