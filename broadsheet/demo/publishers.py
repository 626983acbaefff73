"""Demo publishers served on loopback: one HTTP server per fictional publisher, releasing over time.

Each publisher listens on its own port, base_port + N (or any free port when base_port is 0):
politeness in the product is per host:port, so separate ports let the demo fill in parallel.
The newest `initial` articles per publisher are out at start, then one more every `interval`
seconds from the oldest on (chronology.py). With `redate` the shown dates are those of
chronology.py: long quiet gaps closed, then shifted by whole weeks so the newest corpus
article is recent (every distance under three weeks and every weekday kept); URLs and GUIDs
never depend on the shown date.
Pure standard library; no Django.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import logging
import socket
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote, urlsplit

from broadsheet.demo.catalog import PUBLISHERS, DemoArticle, PublisherSpec, build_catalog
from broadsheet.demo.catalog import load_corpus as load_corpus
from broadsheet.demo.chronology import release_order, shown_times
from broadsheet.demo.feeds import FEED_CONTENT_TYPES, Entry, Site, render_feed, render_opml
from broadsheet.demo.templates import (
    SECTIONS,
    render_about_page,
    render_article_page,
    render_home_page,
)

logger = logging.getLogger(__name__)

DEFAULT_PORT = 8701
INITIAL_PER_PUBLISHER = 40  # articles each publisher has out at start
HOME_SIZE = 30
RELATED_SIZE = 4
# Redated articles: the newest of the corpus is at least this old at start.
REDATE_LAG = timedelta(minutes=3)
_WILDCARD_HOSTS = {"", "0.0.0.0"}  # noqa: S104 - only compared against, never bound here


@dataclass(frozen=True)
class DemoPublisher:
    """A running demo publisher and where to find it."""

    slug: str
    name: str
    feed_format: str
    home_url: str
    feed_url: str
    language: str
    country: str
    has_full_content: bool = True


@dataclass(frozen=True)
class _Response:
    status: int
    content_type: str
    body: bytes
    last_modified: datetime | None = None


class DemoPublishers:
    """The demo publishers: start() serves them, articles come out one every `interval` seconds."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        base_port: int = 0,
        initial: int = INITIAL_PER_PUBLISHER,
        interval: float = 20.0,
        redate: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._host = host
        self._url_host = "127.0.0.1" if host in _WILDCARD_HOSTS else host
        self._base_port = base_port
        self._interval = interval
        self._redate = redate
        self._clock = clock
        self._specs: tuple[PublisherSpec, ...] = PUBLISHERS
        self._articles = build_catalog(load_corpus(), publishers=self._specs)  # date order
        self._initial = min(len(self._articles), max(0, initial) * len(self._specs))
        self._order = [
            self._articles[i] for i in release_order(len(self._articles), initial=self._initial)
        ]
        self._rank = {article.number: rank for rank, article in enumerate(self._order)}
        self._shown: dict[int, datetime] = {}
        self._by_publisher: dict[str, list[DemoArticle]] = {spec.slug: [] for spec in self._specs}
        for article in self._articles:
            self._by_publisher[article.publisher].append(article)
        self._by_path = {(article.publisher, article.path): article for article in self._articles}
        self._lock = threading.Lock()
        self._anchor: tuple[float, datetime] | None = None  # (clock, wall time) at start
        self._forced: tuple[int, datetime] | None = None  # (count released before, wall time)
        self._servers: list[_PublisherServer] = []
        self._threads: list[threading.Thread] = []
        self._sites: list[Site] = []

    # --- lifecycle -----------------------------------------------------------------------------

    def start(self) -> list[DemoPublisher]:
        """Serve every publisher from its own daemon thread; return them with their real URLs."""
        if self._servers:
            raise RuntimeError("demo publishers already started")
        self._anchor_schedule()
        try:
            for offset, spec in enumerate(self._specs):
                port = self._base_port + offset if self._base_port else 0
                server = _PublisherServer((self._host, port), _Handler)
                self._servers.append(server)
                site = Site(spec=spec, base_url=f"http://{self._url_host}:{server.server_port}")
                server.demo = self
                server.site = site
                self._sites.append(site)
        except OSError:
            self.stop()
            raise
        for server, site in zip(self._servers, self._sites, strict=True):
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.1},
                name=f"demo-{site.spec.slug}",
                daemon=True,
            )
            thread.start()
            self._threads.append(thread)
        return self.publishers

    def stop(self) -> None:
        """Stop every server and wait for its thread."""
        for server, thread in zip(self._servers, self._threads, strict=False):
            server.shutdown()
            thread.join(timeout=5)
        for server in self._servers:
            server.server_close()
        self._servers, self._threads, self._sites = [], [], []

    def __enter__(self) -> DemoPublishers:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def publishers(self) -> list[DemoPublisher]:
        """The running publishers (empty before start())."""
        return [
            DemoPublisher(
                slug=site.spec.slug,
                name=site.spec.name,
                feed_format=site.spec.feed_format,
                home_url=site.home_url,
                feed_url=site.feed_url,
                language="en",
                country=site.spec.country,
                has_full_content=site.spec.has_full_content,
            )
            for site in self._sites
        ]

    # --- release schedule ----------------------------------------------------------------------

    def _anchor_schedule(self) -> tuple[float, datetime]:
        with self._lock:
            if self._anchor is None:
                self._anchor = (self._clock(), datetime.now(UTC))
            return self._anchor

    def _now(self) -> datetime:
        """Wall time as the injected clock sees it, so a fake clock moves dates too."""
        started_at, started_wall = self._anchor_schedule()
        return started_wall + timedelta(seconds=self._clock() - started_at)

    @property
    def released_count(self) -> int:
        """How many articles, over all publishers, are visible now."""
        if self._forced is not None:
            return len(self._articles)
        if self._anchor is None or self._interval <= 0:
            return self._initial
        ticks = int((self._clock() - self._anchor[0]) // self._interval)
        return min(len(self._articles), self._initial + max(0, ticks))

    def release_all(self) -> None:
        """Make every article visible now (for tests)."""
        released = self.released_count
        now = self._now()
        with self._lock:
            if self._forced is None:
                self._forced = (released, now)

    @property
    def articles(self) -> list[DemoArticle]:
        """Every demo article, released or not, in release order (the newest `initial` per
        publisher first, then the rest from the oldest on)."""
        return list(self._order)

    def released_articles(self) -> list[DemoArticle]:
        """The visible articles in release order."""
        return self._order[: self.released_count]

    def is_released(self, article: DemoArticle, *, released: int | None = None) -> bool:
        """Whether `article` is visible (now, or once `released` articles are out)."""
        count = self.released_count if released is None else released
        return self._rank[article.number] < count

    def released_at(self, article: DemoArticle) -> datetime:
        """The wall time `article` comes out (or came out): at start for the first batch."""
        rank = self._rank[article.number]
        _, started_wall = self._anchor_schedule()
        if rank < self._initial:
            return started_wall
        if self._forced is not None and rank >= self._forced[0]:
            return self._forced[1]
        return started_wall + timedelta(seconds=(rank - self._initial + 1) * self._interval)

    def url_for(self, article: DemoArticle) -> str:
        """The canonical URL of an article (after start())."""
        return self._site(article.publisher).url(article)

    def _site(self, slug: str) -> Site:
        for site in self._sites:
            if site.spec.slug == slug:
                return site
        raise LookupError(f"publisher {slug!r} is not running")

    def published_at(self, article: DemoArticle) -> datetime:
        """The publication time shown for an article: the corpus date, or the date
        chronology.py gives it (the newest article between REDATE_LAG and a week old at start).

        Whole weeks keep every article's weekday and time of day, so "on Monday" in a lead
        still means the Monday it meant (eventtime.py reads weekday phrases) and the demo's
        stories are the same whatever the day and hour it starts. Articles under three weeks
        apart keep their true distance; those further apart stay three weeks apart or more,
        so no story can join them (an earlier scheme squeezed 2005-2023 into three days and
        stories joined the 2005 and 2011 events of one topic).
        """
        if not self._redate:
            return article.original_published
        if not self._shown:
            _, started_wall = self._anchor_schedule()
            times = [item.original_published for item in self._articles]
            shown = shown_times(times, newest_at=started_wall - REDATE_LAG)
            with self._lock:
                self._shown = {a.number: t for a, t in zip(self._articles, shown, strict=True)}
        return self._shown[article.number]

    def _entries(self, slug: str, *, released: int) -> list[Entry]:
        """The publisher's released articles, newest first."""
        articles = [a for a in self._by_publisher[slug] if self.is_released(a, released=released)]
        return [Entry(article, self.published_at(article)) for article in articles][::-1]

    def _related(self, article: DemoArticle) -> list[Entry]:
        # Only articles of the same publisher out before it (older ones first if released):
        # always visible when it is, so the page is stable.
        own = self._by_publisher[article.publisher]
        rank = self._rank[article.number]
        before = [item for item in own if self._rank[item.number] < rank]
        older = [item for item in before if item.number < article.number][::-1]
        older += [item for item in before if item.number > article.number]
        same_topic = [item for item in older if article.topic and item.topic == article.topic]
        chosen = (same_topic + [item for item in older if item not in same_topic])[:RELATED_SIZE]
        return [Entry(item, self.published_at(item)) for item in chosen]

    # --- pages ---------------------------------------------------------------------------------

    def respond(self, site: Site, path: str) -> _Response:
        """The response to GET `path` on a publisher's server."""
        released = self.released_count
        now = self._now()
        if path == "/robots.txt":
            return _Response(200, "text/plain; charset=utf-8", b"User-agent: *\nAllow: /\n")
        if path == "/opml.xml":
            opml = render_opml(self._sites, now=now)
            return _Response(200, "text/x-opml; charset=utf-8", opml.encode())
        if path == site.spec.feed_path:
            entries = self._entries(site.spec.slug, released=released)
            feed = render_feed(site, entries, now=now)
            # Older articles come out after newer ones: the feed changed when the last came out.
            modified = max((self.released_at(e.article) for e in entries), default=None)
            content_type = FEED_CONTENT_TYPES[site.spec.feed_format]
            return _Response(200, content_type, feed.encode(), modified)
        if path == "/":
            entries = self._entries(site.spec.slug, released=released)[:HOME_SIZE]
            return _html(render_home_page(site, entries, now=now))
        if path == "/about":
            return _html(render_about_page(site))
        if path.startswith("/section/"):
            section = next((s for s in SECTIONS if path == f"/section/{s.lower()}"), None)
            if section is not None:
                entries = self._entries(site.spec.slug, released=released)
                chosen = [entry for entry in entries if entry.article.section == section]
                return _html(render_home_page(site, chosen[:HOME_SIZE], now=now, section=section))
        article = self._by_path.get((site.spec.slug, path))
        if article is not None and self.is_released(article, released=released):
            entry = Entry(article, self.published_at(article))
            page = render_article_page(site, entry, related=self._related(article))
            return _html(page, last_modified=entry.published)
        return _Response(404, "text/html; charset=utf-8", b"<!DOCTYPE html><h1>Not found</h1>\n")


def _html(page: str, *, last_modified: datetime | None = None) -> _Response:
    return _Response(200, "text/html; charset=utf-8", page.encode(), last_modified)


class _PublisherServer(ThreadingHTTPServer):
    daemon_threads = True
    demo: DemoPublishers
    site: Site

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(address, handler)
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def server_close(self) -> None:
        # Keep-alive connections would otherwise outlive the server until their idle timeout.
        super().server_close()
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "BroadsheetDemo/1.0"
    timeout = 30
    # Headers and body go out as two writes; with Nagle on, the body's last segment waited
    # for the client's delayed ACK on kept-alive connections: 40 ms a page. Real servers
    # (nginx: tcp_nodelay on) send at once, so the demo does too.
    disable_nagle_algorithm = True
    server: _PublisherServer

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._serve(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802 - http.server's naming
        self._serve(send_body=False)

    def _serve(self, *, send_body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        try:
            response = self.server.demo.respond(self.server.site, path)
        except Exception:
            logger.exception("demo publisher failed on %s", self.path)
            response = _Response(500, "text/plain; charset=utf-8", b"internal error\n")
        body = response.body
        etag = '"' + hashlib.sha1(body, usedforsecurity=False).hexdigest()[:20]
        compress = "gzip" in self.headers.get("Accept-Encoding", "") and len(body) > 1024
        etag += '-gz"' if compress else '"'
        if response.status == 200 and self._is_fresh(etag, response.last_modified):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if compress:
            body = gzip.compress(body, mtime=0)
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        if compress:
            self.send_header("Content-Encoding", "gzip")
        if response.status == 200:
            self.send_header("ETag", etag)
        if response.last_modified is not None:
            self.send_header("Last-Modified", _http_date(response.last_modified))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _is_fresh(self, etag: str, last_modified: datetime | None) -> bool:
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            return etag in [tag.strip() for tag in if_none_match.split(",")]
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_modified_since and last_modified is not None:
            try:
                since = parsedate_to_datetime(if_modified_since)
            except (TypeError, ValueError):
                return False
            return last_modified.replace(microsecond=0) <= since
        return False

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature of base
        logger.debug("%s %s", self.address_string(), format % args)


def _http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m broadsheet.demo",
        description="Serve the bundled Wikinews demo publishers on loopback, one port each.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"first port; publisher N listens on PORT+N (default {DEFAULT_PORT}; 0 = any free)",
    )
    parser.add_argument(
        "--initial", type=int, default=40, help="articles per publisher visible at start"
    )
    parser.add_argument(
        "--interval", type=float, default=20.0, help="seconds between releases (0 = never)"
    )
    parser.add_argument(
        "--no-redate", action="store_true", help="show the corpus's original dates (2005-2023)"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the demo publishers until interrupted."""
    args = _parse_args(argv)
    demo = DemoPublishers(
        host=args.host,
        base_port=args.port,
        initial=args.initial,
        interval=args.interval,
        redate=not args.no_redate,
    )
    publishers = demo.start()
    total = len(demo.articles)
    print(f"Broadsheet demo publishers: {demo.released_count} of {total} articles out.")
    for publisher in publishers:
        print(f"  {publisher.name:<20} {publisher.feed_format:<9} {publisher.feed_url}")
    print(f"  OPML of all feeds: {publishers[0].home_url}opml.xml")
    print("Text from Wikinews contributors, CC BY 2.5. Press Ctrl-C to stop.", flush=True)
    shown = demo.released_count
    try:
        while True:
            time.sleep(1)
            released = demo.released_count
            for article in demo.released_articles()[shown:released]:
                print(f"released {article.number}/{total}: [{article.publisher}] {article.title}")
            shown = released
    except KeyboardInterrupt:
        print("Stopping.")
    finally:
        demo.stop()
    return 0
