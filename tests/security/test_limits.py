"""Limits: slow, endless, lying and exploding responses end at the configured caps, and the
runner keeps polling healthy feeds meanwhile.

The caps come from the settings (FETCH_TIMEOUT, FETCH_MAX_BYTES), lowered here so the suite
stays fast, and the extraction pool's timeout; each test asserts that it was the cap that
stopped the work.
"""

from __future__ import annotations

import gzip
import time
import zlib
from collections.abc import Iterator

import brotli
import pytest
from django.test import override_settings

from broadsheet.articles.models import Article
from broadsheet.ingest.extract_pool import ExtractionPool
from broadsheet.ingest.jobs import IngestContext, poll_feed
from broadsheet.ingest.runner import IngestRunner
from broadsheet.ingest.schedule import SchedulePolicy
from broadsheet.lib.fetch import Fetcher, FetchPolicy, parse_networks
from broadsheet.sources.fetching import fetch_policy_from_settings
from broadsheet.sources.models import Feed, Source
from tests.security.conftest import PUBLIC_IP
from tests.security.servers import Reply

TIMEOUT = 2.0
MAX_BYTES = 256 * 1024
SLACK = 3.0  # scheduling on a shared, loaded two-core machine
RSS_HEAD = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'


def _headers(handler, extra: dict[str, str] | None = None) -> None:  # type: ignore[no-untyped-def]
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml")
    for name, value in (extra or {}).items():
        handler.send_header(name, value)
    handler.end_headers()


def drip(handler) -> None:  # type: ignore[no-untyped-def]
    """One byte every tenth of a second: never idle long enough for a read timeout."""
    _headers(handler)
    for _ in range(600):
        handler.wfile.write(b" ")
        handler.wfile.flush()
        time.sleep(0.1)


def drip_headers(handler) -> None:  # type: ignore[no-untyped-def]
    handler.wfile.write(b"HTTP/1.0 200 OK\r\n")
    for i in range(600):
        handler.wfile.write(b"X-Slow-%d: 1\r\n" % i)
        handler.wfile.flush()
        time.sleep(0.1)


def silent(handler) -> None:  # type: ignore[no-untyped-def]
    time.sleep(30)


def endless(handler) -> None:  # type: ignore[no-untyped-def]
    _headers(handler)
    handler.wfile.write(RSS_HEAD)
    chunk = b"<item><title>x</title></item>" * 2000
    for _ in range(10_000):
        handler.wfile.write(chunk)


def short_body(handler) -> None:  # type: ignore[no-untyped-def]
    """Promises 1,000 bytes, sends 10, then holds the connection open."""
    _headers(handler, {"Content-Length": "1000"})
    handler.wfile.write(RSS_HEAD[:10])
    handler.wfile.flush()
    time.sleep(30)


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


@pytest.fixture
def capped(resolver):  # type: ignore[no-untyped-def]
    caps = override_settings(
        FETCH_TIMEOUT=TIMEOUT, FETCH_MAX_BYTES=MAX_BYTES, FETCH_HOST_DELAY=0,
        FETCH_ALLOWED_NETWORKS=f"{PUBLIC_IP}/32",
    )  # fmt: skip
    with caps, Fetcher(fetch_policy_from_settings(), resolver=resolver) as fetcher:
        yield IngestContext(fetcher=fetcher, schedule=SchedulePolicy(min_interval=60))


def hostile_feed(site, path: str, route) -> Feed:  # type: ignore[no-untyped-def]
    site.routes[path] = route
    source, _ = Source.objects.get_or_create(slug="hostile", defaults={"name": "Hostile"})
    return Feed.objects.create(source=source, url=f"http://news.example:{site.port}{path}")


SLOW = {"drip": drip, "drip-headers": drip_headers, "silent": silent, "short-body": short_body}
BIG = {"endless": endless, "huge-declared": huge_declared, "fifty-mb": fifty_megabytes}


@pytest.mark.parametrize("name", SLOW)
def test_slow_responses_end_at_the_total_timeout(name, db, capped, public_site):
    feed = hostile_feed(public_site, f"/{name}", SLOW[name])
    started = time.monotonic()
    outcome = poll_feed(feed.pk, context=capped)
    elapsed = time.monotonic() - started
    assert outcome.status == "error" and "timed out" in outcome.error
    assert TIMEOUT - 0.2 < elapsed < TIMEOUT + SLACK


@pytest.mark.parametrize("name", BIG)
def test_endless_and_oversized_responses_end_at_the_byte_cap(name, db, capped, public_site):
    feed = hostile_feed(public_site, f"/{name}", BIG[name])
    started = time.monotonic()
    outcome = poll_feed(feed.pk, context=capped)
    assert outcome.status == "error" and "larger than 256 KiB" in outcome.error
    assert time.monotonic() - started < TIMEOUT + SLACK


@pytest.mark.parametrize("encoding", ["gzip", "gzip-in-gzip", "deflate", "br"])
def test_decompression_bombs_stop_at_the_byte_cap(encoding, db, capped, public_site, bombs):
    feed = hostile_feed(public_site, f"/bomb-{encoding}", bombs[encoding])
    started = time.monotonic()
    outcome = poll_feed(feed.pk, context=capped)
    assert outcome.status == "error" and "larger than 256 KiB" in outcome.error
    assert time.monotonic() - started < TIMEOUT + SLACK


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
    with Fetcher(policy, resolver=resolver) as fetcher:
        context = IngestContext(fetcher=fetcher, extractor=pool)
        started = time.monotonic()
        outcome = poll_feed(feed.pk, context=context)
        elapsed = time.monotonic() - started
    pool.close()
    assert outcome.status == "ok" and outcome.new_articles == 1
    assert Article.objects.get().summary.startswith("The feed's own summary")
    assert elapsed < 1.0 + 5.0  # the extraction cap plus fetching 9 MiB and enrichment


@pytest.mark.django_db(transaction=True)
def test_runner_keeps_polling_healthy_feeds_while_hostile_ones_hang(resolver, public_site):
    """Two feeds drip for the whole (longer) cap; five healthy feeds on another host are all
    polled on the free workers before the hostile ones are cut."""
    hang = 6.0
    base = f"http://other.example:{public_site.port}"
    for i in range(2):
        hostile_feed(public_site, f"/hang/{i}", drip)
    arrivals: list[float] = []

    def healthy(i: int) -> Reply:
        body = RSS_HEAD + b"<item><title>ok</title><guid>ok%d</guid></item></channel></rss>" % i
        reply = Reply(body, "application/rss+xml")

        def route(handler):  # type: ignore[no-untyped-def]
            arrivals.append(time.monotonic())
            reply(handler)

        return route  # type: ignore[return-value]

    for i in range(5):
        public_site.routes[f"/ok/{i}"] = healthy(i)
        Feed.objects.create(source=Source.objects.get(), url=f"{base}/ok/{i}")
    caps = override_settings(
        FETCH_TIMEOUT=hang, FETCH_HOST_DELAY=0, FETCH_ALLOWED_NETWORKS=f"{PUBLIC_IP}/32"
    )
    with caps, Fetcher(fetch_policy_from_settings(), resolver=resolver) as fetcher:
        runner = IngestRunner(IngestContext(fetcher=fetcher), workers=3)
        started = time.monotonic()
        try:
            outcomes = runner.run_once()
        finally:
            runner.close()
    elapsed = time.monotonic() - started
    assert sorted(o.status for o in outcomes) == ["error"] * 2 + ["ok"] * 5
    # Every healthy feed was fetched while the hostile ones were still dripping, and the
    # hostile ones were cut at the cap, not before and not long after.
    assert len(arrivals) == 5 and max(arrivals) < started + hang - 0.5
    hostile = Feed.objects.filter(url__contains="/hang/")
    assert all("timed out (limit 6 s)" in f.last_error for f in hostile)
    assert hang - 0.2 < elapsed < hang + 2 * SLACK


@pytest.mark.django_db(transaction=True)
def test_a_hanging_feed_holds_one_worker_not_the_whole_round(resolver, public_site):
    """More due feeds than one claim takes: the healthy feeds claimed after a hanging one are
    polled on the free workers while it hangs, not after the fetch timeout cuts it."""
    hang = 4.0
    hostile_feed(public_site, "/hang", drip)  # created first, so claimed first
    base = f"http://other.example:{public_site.port}"
    arrivals: list[float] = []

    def healthy(i: int) -> Reply:
        reply = Reply(rss_with_entry(base, f"/page/{i}"), "application/rss+xml")

        def route(handler):  # type: ignore[no-untyped-def]
            arrivals.append(time.monotonic())
            reply(handler)

        return route  # type: ignore[return-value]

    for i in range(30):
        public_site.routes[f"/ok/{i}"] = healthy(i)
        Feed.objects.create(source=Source.objects.get(), url=f"{base}/ok/{i}")
    caps = override_settings(
        FETCH_TIMEOUT=hang, FETCH_HOST_DELAY=0, FETCH_ALLOWED_NETWORKS=f"{PUBLIC_IP}/32"
    )
    with caps, Fetcher(fetch_policy_from_settings(), resolver=resolver) as fetcher:
        context = IngestContext(fetcher=fetcher, fetch_pages=False, after_store=lambda ids: None)
        runner = IngestRunner(context, workers=2)
        started = time.monotonic()
        try:
            outcomes = runner.run_once()
        finally:
            runner.close()
    assert sorted(o.status for o in outcomes) == ["error"] + ["ok"] * 30
    assert len(arrivals) == 30 and max(arrivals) < started + hang - 0.5
