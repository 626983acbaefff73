"""Limits: slow, endless, lying and exploding responses end at the configured caps, and the
runner keeps polling healthy feeds meanwhile.

The caps come from the settings (FETCH_TIMEOUT, FETCH_MAX_BYTES), lowered here so the suite
stays fast, and the extraction pool's timeout; each test asserts that it was the cap that
stopped the work, never how long the work took: the fetch deadline runs on a ManualClock
that the dripping servers move on by the time each byte stands for (or that the test moves
past the deadline once the healthy feeds are in), so a loaded machine changes nothing.
"""

from __future__ import annotations

import gzip
import threading
import time
import zlib
from collections.abc import Callable, Iterator

import brotli
import pytest
from django.test import override_settings

from broadsheet.articles.models import Article
from broadsheet.ingest.extract_pool import ExtractionAbandoned, ExtractionPool
from broadsheet.ingest.jobs import IngestContext, enrich_and_index, poll_feed
from broadsheet.ingest.runner import IngestRunner
from broadsheet.ingest.schedule import SchedulePolicy
from broadsheet.lib.fetch import Fetcher, FetchPolicy, parse_networks
from broadsheet.lib.testing.clock import ManualClock
from broadsheet.sources.fetching import fetch_policy_from_settings
from broadsheet.sources.models import Feed, Source
from tests.security.conftest import PUBLIC_IP
from tests.security.servers import Reply

TIMEOUT = 2.0
MAX_BYTES = 256 * 1024
DRIP = 0.5  # seconds of the fetch's clock that each dripped byte stands for (exact in binary)
RSS_HEAD = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'


def _headers(handler, extra: dict[str, str] | None = None) -> None:  # type: ignore[no-untyped-def]
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml")
    for name, value in (extra or {}).items():
        handler.send_header(name, value)
    handler.end_headers()


Handler = Callable[..., None]


def drip(clock: ManualClock) -> Handler:
    """One byte at a time, each DRIP seconds later on the fetch's clock: never idle long
    enough for a read timeout; only the total deadline can end it."""

    def route(handler) -> None:  # type: ignore[no-untyped-def]
        _headers(handler)
        for _ in range(600):
            handler.wfile.write(b" ")
            handler.wfile.flush()
            clock.advance(DRIP)
            time.sleep(0.01)

    return route


def drip_headers(clock: ManualClock) -> Handler:
    def route(handler) -> None:  # type: ignore[no-untyped-def]
        handler.wfile.write(b"HTTP/1.0 200 OK\r\n")
        for i in range(600):
            handler.wfile.write(b"X-Slow-%d: 1\r\n" % i)
            handler.wfile.flush()
            clock.advance(DRIP)
            time.sleep(0.01)

    return route


def silent(clock: ManualClock) -> Handler:
    """Says nothing: the read waits out what is left of the deadline (really, on the socket)."""
    return lambda handler: time.sleep(30)


def endless(handler) -> None:  # type: ignore[no-untyped-def]
    _headers(handler)
    handler.wfile.write(RSS_HEAD)
    chunk = b"<item><title>x</title></item>" * 2000
    for _ in range(10_000):
        handler.wfile.write(chunk)


def short_body(clock: ManualClock) -> Handler:
    """Promises 1,000 bytes, sends 10, then holds the connection open."""

    def route(handler) -> None:  # type: ignore[no-untyped-def]
        _headers(handler, {"Content-Length": "1000"})
        handler.wfile.write(RSS_HEAD[:10])
        handler.wfile.flush()
        time.sleep(30)

    return route


def huge_declared(handler) -> None:  # type: ignore[no-untyped-def]
    _headers(handler, {"Content-Length": str(50 * 1024 * 1024 * 1024)})
    for _ in range(10_000):
        handler.wfile.write(b" " * 65536)


def fifty_megabytes(handler) -> None:  # type: ignore[no-untyped-def]
    """A 50 MB, million-node page with no Content-Length: only the byte cap can stop it."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    row = b"<div><span>cell</span></div>" * 1000
    for _ in range(50 * 1024 * 1024 // len(row)):
        handler.wfile.write(row)


def _zeros(megabytes: int) -> Iterator[bytes]:
    for _ in range(megabytes):
        yield b"\0" * (1024 * 1024)


def gzip_bomb(megabytes: int = 64) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return b"".join(packer.compress(z) for z in _zeros(megabytes)) + packer.flush()


def brotli_bomb(megabytes: int = 64) -> bytes:
    packer = brotli.Compressor(quality=5)
    return b"".join(packer.process(z) for z in _zeros(megabytes)) + packer.finish()


def bomb(body: bytes, encoding: str) -> Reply:
    return Reply(body, "application/rss+xml", headers={"Content-Encoding": encoding})


@pytest.fixture(scope="module")
def bombs() -> dict[str, Reply]:
    once = gzip_bomb()
    return {
        "gzip": bomb(once, "gzip"),
        "gzip-in-gzip": bomb(gzip.compress(once, 9), "gzip, gzip"),
        "deflate": bomb(zlib.compress(b"\0" * (64 * 1024 * 1024), 9), "deflate"),
        "br": bomb(brotli_bomb(), "br"),
    }


class ReadClock(ManualClock):
    """A ManualClock that keeps every reading the code took (the deadline checks among them)."""

    def __init__(self) -> None:
        super().__init__()
        self.readings: list[float] = []

    def now(self) -> float:
        value = super().now()
        self.readings.append(value)
        return value


@pytest.fixture
def clock() -> ReadClock:
    """The fetches' clock: it moves only when a server or the test moves it."""
    return ReadClock()


@pytest.fixture
def capped(resolver, clock):  # type: ignore[no-untyped-def]
    caps = override_settings(
        FETCH_TIMEOUT=TIMEOUT, FETCH_MAX_BYTES=MAX_BYTES, FETCH_HOST_DELAY=0,
        FETCH_ALLOWED_NETWORKS=f"{PUBLIC_IP}/32",
    )  # fmt: skip
    with caps, Fetcher(fetch_policy_from_settings(), resolver=resolver, clock=clock) as fetcher:
        yield IngestContext(fetcher=fetcher, schedule=SchedulePolicy(min_interval=60))


def hostile_feed(site, path: str, route) -> Feed:  # type: ignore[no-untyped-def]
    site.routes[path] = route
    source, _ = Source.objects.get_or_create(slug="hostile", defaults={"name": "Hostile"})
    return Feed.objects.create(source=source, url=f"http://news.example:{site.port}{path}")


SLOW = {"drip": drip, "drip-headers": drip_headers, "silent": silent, "short-body": short_body}
BIG = {"endless": endless, "huge-declared": huge_declared, "fifty-mb": fifty_megabytes}


@pytest.mark.parametrize("name", SLOW)
def test_slow_responses_end_at_the_total_timeout(name, db, capped, clock, public_site):
    feed = hostile_feed(public_site, f"/{name}", SLOW[name](clock))
    outcome = poll_feed(feed.pk, context=capped)
    assert outcome.status == "error" and f"timed out (limit {TIMEOUT:g} s)" in outcome.error
    if name.startswith("drip"):
        # Never idle, so only the total deadline could end it: the fetch saw it pass.
        started = clock.readings[0]
        assert max(clock.readings) - started >= TIMEOUT


@pytest.mark.parametrize("name", BIG)
def test_endless_and_oversized_responses_end_at_the_byte_cap(name, db, capped, public_site):
    feed = hostile_feed(public_site, f"/{name}", BIG[name])
    outcome = poll_feed(feed.pk, context=capped)
    assert outcome.status == "error" and "larger than 256 KiB" in outcome.error


@pytest.mark.parametrize("encoding", ["gzip", "gzip-in-gzip", "deflate", "br"])
def test_decompression_bombs_stop_at_the_byte_cap(encoding, db, capped, public_site, bombs):
    feed = hostile_feed(public_site, f"/bomb-{encoding}", bombs[encoding])
    outcome = poll_feed(feed.pk, context=capped)
    assert outcome.status == "error" and "larger than 256 KiB" in outcome.error


def rss_with_entry(base: str, path: str) -> bytes:
    return (
        RSS_HEAD
        + (
            f"<item><title>Pathological page</title><link>{base}{path}</link><guid>p1</guid>"
            "<description>The feed's own summary survives.</description></item></channel></rss>"
        ).encode()
    )


@pytest.mark.slow
def test_million_node_page_extraction_is_abandoned_at_its_timeout(db, resolver, public_site):
    """Under the byte cap but pathological: the extraction worker is killed at its timeout and
    the entry is stored from the feed's text."""
    page = b"<html><body>" + b"<div><b>x</b></div>" * 500_000 + b"</body></html>"
    assert len(page) < 10 * 1024 * 1024  # the default cap lets it through
    public_site.routes["/million"] = Reply(page)
    base = f"http://news.example:{public_site.port}"
    public_site.routes["/feed"] = Reply(rss_with_entry(base, "/million"), "application/rss+xml")
    source = Source.objects.create(name="P", slug="p")
    feed = Feed.objects.create(source=source, url=f"{base}/feed")
    pool = ExtractionPool(workers=1, timeout=60.0)
    pool.extract("<p>warm-up</p>", "http://news.example/")  # process start-up is not the page
    pool.timeout = 1.0
    policy = FetchPolicy(
        total_timeout=10, per_host_delay=0, allowed_networks=parse_networks(f"{PUBLIC_IP}/32")
    )
    abandoned: list[str] = []
    extract = pool.extract

    def watched(*args, **kwargs):  # type: ignore[no-untyped-def]
        try:
            return extract(*args, **kwargs)
        except ExtractionAbandoned as error:
            abandoned.append(str(error))
            raise

    pool.extract = watched  # type: ignore[method-assign]
    with Fetcher(policy, resolver=resolver) as fetcher:
        context = IngestContext(fetcher=fetcher, extractor=pool)
        outcome = poll_feed(feed.pk, context=context)
    pool.close()
    assert outcome.status == "ok" and outcome.new_articles == 1
    # The pool's time limit ended the extraction (the page is not merely hard to read).
    assert abandoned == ["extraction took longer than 1 s"]
    assert Article.objects.get().summary.startswith("The feed's own summary")


class Hang:
    """A feed that drips a byte every 50 ms (real time) until the fetch cuts it, and counts
    the drips that ended; the fetch's clock moves only when `cut_after` says so."""

    def __init__(self) -> None:
        self.ended = 0
        self._lock = threading.Lock()

    def __call__(self, handler) -> None:  # type: ignore[no-untyped-def]
        try:
            _headers(handler)
            for _ in range(1200):  # a minute at most, should the cut never come
                handler.wfile.write(b" ")
                handler.wfile.flush()
                time.sleep(0.05)
        except OSError:
            pass  # the fetch hung up: cut at its deadline
        finally:
            with self._lock:
                self.ended += 1


def cut_after(done: threading.Event, clock: ManualClock, seconds: float) -> list[bool]:
    """Once `done` is set (at most a minute), move the fetches' clock on by `seconds`: past
    the deadline of every fetch still running. Returns [whether `done` was set in time]."""
    in_time: list[bool] = []

    def watch() -> None:
        in_time.append(done.wait(60))
        clock.advance(seconds)

    threading.Thread(target=watch, daemon=True).start()
    return in_time


def counting_store(wanted: int, done: threading.Event, then=None):  # type: ignore[no-untyped-def]
    """An after_store that sets `done` once `wanted` feeds stored their entries."""
    stored: list[list[int]] = []

    def after_store(ids: list[int]) -> None:
        if then is not None:
            then(ids)
        stored.append(ids)
        if len(stored) >= wanted:
            done.set()

    return after_store


@pytest.mark.django_db(transaction=True)
def test_runner_keeps_polling_healthy_feeds_while_hostile_ones_hang(resolver, public_site):
    """Two feeds drip until their deadline; five healthy feeds on another host are all polled
    on the free workers while the hostile ones still hang, and the hostile ones end at the
    cap. The deadline passes (on the fetches' clock) only once the healthy feeds are in."""
    hang, clock, done = 6.0, ManualClock(), threading.Event()
    base = f"http://other.example:{public_site.port}"
    hostile = Hang()
    for i in range(2):
        hostile_feed(public_site, f"/hang/{i}", hostile)
    ended_at_arrival: list[int] = []

    def healthy(i: int) -> Reply:
        body = RSS_HEAD + b"<item><title>ok</title><guid>ok%d</guid></item></channel></rss>" % i
        reply = Reply(body, "application/rss+xml")

        def route(handler):  # type: ignore[no-untyped-def]
            ended_at_arrival.append(hostile.ended)
            reply(handler)

        return route  # type: ignore[return-value]

    for i in range(5):
        public_site.routes[f"/ok/{i}"] = healthy(i)
        Feed.objects.create(source=Source.objects.get(), url=f"{base}/ok/{i}")
    caps = override_settings(
        FETCH_TIMEOUT=hang, FETCH_HOST_DELAY=0, FETCH_ALLOWED_NETWORKS=f"{PUBLIC_IP}/32"
    )
    with caps, Fetcher(fetch_policy_from_settings(), resolver=resolver, clock=clock) as fetcher:
        context = IngestContext(
            fetcher=fetcher, after_store=counting_store(5, done, enrich_and_index)
        )
        runner = IngestRunner(context, workers=3)
        in_time = cut_after(done, clock, hang)
        try:
            outcomes = runner.run_once()
        finally:
            runner.close()
    assert sorted(o.status for o in outcomes) == ["error"] * 2 + ["ok"] * 5
    # Every healthy feed was stored while the hostile ones still hung, and the hostile ones
    # were cut by the deadline.
    assert in_time == [True] and ended_at_arrival == [0] * 5
    hostile_feeds = Feed.objects.filter(url__contains="/hang/")
    assert all("timed out (limit 6 s)" in f.last_error for f in hostile_feeds)


@pytest.mark.django_db(transaction=True)
def test_a_hanging_feed_holds_one_worker_not_the_whole_round(resolver, public_site):
    """More due feeds than one claim takes: the healthy feeds claimed after a hanging one are
    polled on the free workers while it hangs, not after the fetch timeout cuts it."""
    hang, clock, done = 4.0, ManualClock(), threading.Event()
    hostile = Hang()
    hostile_feed(public_site, "/hang", hostile)  # created first, so claimed first
    base = f"http://other.example:{public_site.port}"
    ended_at_arrival: list[int] = []

    def healthy(i: int) -> Reply:
        reply = Reply(rss_with_entry(base, f"/page/{i}"), "application/rss+xml")

        def route(handler):  # type: ignore[no-untyped-def]
            ended_at_arrival.append(hostile.ended)
            reply(handler)

        return route  # type: ignore[return-value]

    for i in range(30):
        public_site.routes[f"/ok/{i}"] = healthy(i)
        Feed.objects.create(source=Source.objects.get(), url=f"{base}/ok/{i}")
    caps = override_settings(
        FETCH_TIMEOUT=hang, FETCH_HOST_DELAY=0, FETCH_ALLOWED_NETWORKS=f"{PUBLIC_IP}/32"
    )
    with caps, Fetcher(fetch_policy_from_settings(), resolver=resolver, clock=clock) as fetcher:
        context = IngestContext(
            fetcher=fetcher, fetch_pages=False, after_store=counting_store(30, done)
        )
        runner = IngestRunner(context, workers=2)
        in_time = cut_after(done, clock, hang)
        try:
            outcomes = runner.run_once()
        finally:
            runner.close()
    assert sorted(o.status for o in outcomes) == ["error"] + ["ok"] * 30
    assert in_time == [True] and ended_at_arrival == [0] * 30
