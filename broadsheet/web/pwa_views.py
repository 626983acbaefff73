"""The installable app: web manifest, service worker (served from the root scope), offline page."""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from broadsheet.web.pwa_icons import BACKGROUND_COLOR, ICONS, THEME_COLOR

START_URL = "/en/"
WEB_STATIC = Path(__file__).parent / "static"
WORKER_SOURCE = Path(__file__).parent / "service_worker.js"
# Pages kept for offline reading once opened: home, articles, stories, tags, sources, and
# the reader's own lists. Accounts, search and the AI endpoints always need the network.
PAGE_PATHS = r"(article/[^/]+|story/[^/]+|topic/[^/]+|entity/[^/]+|source/[^/]+|saved|for-you)?"


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: name, icons, colours, start page, standalone display."""
    icons = [
        {
            "src": static(f"web/icons/{icon.filename}"),
            "sizes": f"{icon.size}x{icon.size}",
            "type": "image/png",
            "purpose": "maskable" if icon.maskable else "any",
        }
        for icon in ICONS
    ]
    data = {
        "id": START_URL,
        "name": settings.SITE_NAME,
        "short_name": settings.SITE_NAME[:12],
        "description": "The news from many sources, folded into stories.",
        "start_url": START_URL,
        "scope": "/",
        "display": "standalone",
        "background_color": BACKGROUND_COLOR,
        "theme_color": THEME_COLOR,
        "icons": icons,
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=3600"
    return response


def _static_files() -> list[str]:
    """Every file of the web app's static folder, as URLs: the shell the worker precaches."""
    return sorted(
        static(path.relative_to(WEB_STATIC).as_posix())
        for path in WEB_STATIC.rglob("*")
        if path.is_file()
    )


@lru_cache(maxsize=1)
def _worker_config() -> dict[str, object]:
    """What the worker needs, with a version that changes whenever a precached file does."""
    with translation.override("en"):
        offline_url = reverse("offline")
    precache = [offline_url, *_static_files()]
    digest = hashlib.sha256(WORKER_SOURCE.read_bytes())
    for path in sorted(WEB_STATIC.rglob("*")):
        if path.is_file():
            digest.update(path.as_posix().encode() + path.read_bytes())
    languages = "|".join(re.escape(code) for code, _ in settings.LANGUAGES)
    return {
        "version": digest.hexdigest()[:16],
        "precache": precache,
        "offlineUrl": offline_url,
        "startUrl": START_URL,
        "staticUrl": settings.STATIC_URL,
        "pagePattern": rf"^/({languages})/{PAGE_PATHS}$",
        # Save and unsave forms: sent later, in order, when posted offline.
        "savePattern": rf"^/({languages})/saved/[^/]+$",
    }


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker script, allowed to control the whole site from /sw.js."""
    config = _worker_config() if not settings.DEBUG else _worker_config.__wrapped__()
    body = f"const CONFIG = {json.dumps(config)};\n" + WORKER_SOURCE.read_text()
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    # Browsers check for a new worker on navigation; never let a proxy hold an old one.
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """Shown by the service worker for a page that was never opened while online."""
    return render(request, "web/offline.html")
