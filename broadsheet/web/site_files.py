"""The files every site is asked for at its root: /robots.txt and /favicon.ico."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

ICON = Path(__file__).resolve().parent / "static" / "web" / "icons" / "icon-48.png"
# Pages that are a reader's own, the admin and the API: nothing for a search engine.
PRIVATE_PREFIXES = ("/admin/", "/api/", "/reader/", "/fever/", "/*/accounts/", "/*/comments/",
                    "/*/saved", "/*/following", "/*/for-you", "/*/article/*/ask",
                    "/*/story/*/ask")  # fmt: skip


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read the news and are pointed at the sitemaps; private pages are off."""
    base = f"{request.scheme}://{request.get_host()}"
    lines = ["User-agent: *", *(f"Disallow: {prefix}" for prefix in PRIVATE_PREFIXES), ""]
    lines += [f"Sitemap: {base}{reverse(name)}" for name in ("sitemap-index", "sitemap-news")]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(max_age=604800, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    """The app icon, for browsers and tools that ask /favicon.ico without reading the page."""
    return HttpResponse(_icon_bytes(), content_type="image/png")


@cache
def _icon_bytes() -> bytes:
    return ICON.read_bytes()
