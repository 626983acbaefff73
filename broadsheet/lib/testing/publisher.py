"""A tiny publisher served over loopback HTTP for ingestion tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape


@dataclass
class Page:
    """A canned response."""

    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


class LoopbackPublisher:
    """Serves `pages` (path -> Page) on 127.0.0.1 and records every request path."""

    def __init__(self) -> None:
        self.pages: dict[str, Page | Callable[[BaseHTTPRequestHandler], Page]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        publisher = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                publisher.requests.append((self.path, dict(self.headers.items())))
                page = publisher.pages.get(self.path) or publisher.pages.get(
                    self.path.split("?")[0]
                )
                if callable(page):
                    page = page(self)
                if page is None:
                    page = Page(b"not found", "text/plain", 404)
                if page.delay:
                    time.sleep(page.delay)
                self.send_response(page.status)
                self.send_header("Content-Type", page.content_type)
                self.send_header("Content-Length", str(len(page.body)))
                for name, value in page.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(page.body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> LoopbackPublisher:
        self.pages.setdefault("/robots.txt", Page(b"User-agent: *\nAllow: /\n", "text/plain"))
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def paths_requested(self) -> list[str]:
        return [path for path, _ in self.requests]


def article_page(title: str, paragraphs: list[str]) -> bytes:
    """A publisher page with boilerplate around the article."""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{escape(title)} - Test Gazette</title><meta property="og:title" content="{escape(title)}">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<div class="cookie">We use cookies. Accept all cookies?</div>
<article><h1>{escape(title)}</h1><p class="byline">By Jane Doe</p>{body}</article>
<aside><h2>Related articles</h2><ul><li><a href="/x">Something else happened</a></li></ul></aside>
<footer>Copyright Test Gazette. Follow us on Twitter.</footer></body></html>""".encode()


def rss_feed(base: str, items: list[dict[str, str]], *, title: str = "Test Gazette") -> bytes:
    """An RSS 2.0 document for `items` (keys: title, path, guid, summary, date, author)."""
    entries = []
    for item in items:
        guid = (
            f'<guid isPermaLink="false">{escape(item["guid"])}</guid>' if item.get("guid") else ""
        )
        entries.append(
            f"<item><title>{escape(item['title'])}</title>"
            f"<link>{escape(base + item['path'])}</link>{guid}"
            f"<author>{escape(item.get('author', 'desk@example.org (Jane Doe)'))}</author>"
            f"<description>{escape(item.get('summary', ''))}</description>"
            f"<pubDate>{item.get('date') or format_datetime(time_now())}</pubDate></item>"
        )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>{base}/</link>{''.join(entries)}</channel></rss>"
    ).encode()


def time_now():  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    return datetime.now(UTC)
