"""A web process renders its main pages once before it takes a connection.

A fresh process paid about 0.7 s of CPU on its first home page (imports done lazily, URL
patterns, translation catalogues, every template of the page compiled) and more on the first
article and story page. Under load its eight threads all took that first request at once, so
the readers a new process accepted first waited one to two seconds (bench/serve.py's p99 of
1.6 s on the home page: every configuration started fresh processes inside its load window).
`warm_up(app)` asks the process's own WSGI app, in process, for the home page in every
language, the newest article, the widest story and the search page, so that cost is paid
before `broadsheet run` serves; a failure here is logged and never stops the server.

`freeze_heap()`, called right after, takes what the process holds from then on (modules, URL
patterns, compiled templates, catalogues: about 150,000 objects) out of the garbage
collector's sight (gc.freeze). Each full collection had walked all of them, 85-130 ms of CPU
with the GIL held, a stall for every thread of the process; under load there were four in
16 s of uncached pages. Frozen objects are still freed by reference counting; only cycles among them
are never collected, and they were made to live as long as the process.
"""

from __future__ import annotations

import gc
import io
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings

log = logging.getLogger(__name__)

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def warm_up(app: WSGIApp) -> int:
    """GET the main pages through `app`; returns how many answered 200."""
    answered = 0
    for path in warm_paths():
        try:
            answered += _get(app, path) == "200"
        except Exception:  # noqa: BLE001 - a warm-up must never keep the server from starting
            log.warning("warm-up of %s failed", path, exc_info=True)
    return answered


def freeze_heap() -> int:
    """Collect once, then move every object alive out of the collector's reach (see the
    module's docstring); returns how many objects were frozen."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def warm_paths() -> list[str]:
    """The home page in every language, then the newest article, the widest story and the
    search page in the default language (what a fresh process is asked for first)."""
    from broadsheet.articles.models import Article
    from broadsheet.stories.models import Story

    language = settings.LANGUAGE_CODE
    paths = [f"/{code}/" for code, _ in settings.LANGUAGES]
    try:
        article = Article.objects.order_by("-published_at").values_list("public_id", flat=True)
        story = Story.objects.live().order_by("-last_seen_at", "-source_count")
        paths += [f"/{language}/article/{key}" for key in article[:1]]
        paths += [
            f"/{language}/story/{key}" for key in story.values_list("public_id", flat=True)[:1]
        ]
    except Exception:  # noqa: BLE001 - no tables yet: the pages alone still warm the templates
        log.warning("warm-up could not read the newest article or story", exc_info=True)
    return [*paths, f"/{language}/search"]


def _get(app: WSGIApp, path: str) -> str:
    seen: dict[str, str] = {}

    def start_response(status: str, headers: list, exc_info: Any = None) -> None:
        seen["status"] = status.split(" ", 1)[0]

    result = app(_environ(path), start_response)
    try:
        for _ in result:
            pass
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()  # Django's request_finished: the connection goes back
    return seen.get("status", "")


def _environ(path: str) -> dict[str, Any]:
    host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in ("*", "")), "localhost")
    https = bool(getattr(settings, "SECURE_SSL_REDIRECT", False))
    return {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SCRIPT_NAME": "",
        "SERVER_NAME": host, "SERVER_PORT": "443" if https else "80", "HTTP_HOST": host,
        "REMOTE_ADDR": "127.0.0.1", "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.version": (1, 0), "wsgi.url_scheme": "https" if https else "http",
        "wsgi.input": io.BytesIO(), "wsgi.errors": io.StringIO(),
        "wsgi.multithread": True, "wsgi.multiprocess": True, "wsgi.run_once": False,
    }  # fmt: skip
