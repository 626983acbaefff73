"""Calling a WSGI app the way a server does, for tests of the layers in front of Django."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def call_wsgi(app: WSGIApp, path: str = "/en/", **environ: Any) -> tuple[str, dict, bytes]:
    """GET `path` from `app` as the host news.example; returns status, headers and body."""
    seen: dict[str, Any] = {}

    def start_response(status: str, headers: list, exc_info: Any = None) -> None:
        seen.update(status=status, headers=dict(headers))

    env = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "",
           "HTTP_HOST": "news.example", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(),
           "SERVER_NAME": "news.example", "SERVER_PORT": "80", **environ}  # fmt: skip
    body = b"".join(app(env, start_response))
    return seen["status"], seen["headers"], body
