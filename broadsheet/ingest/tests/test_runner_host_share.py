"""A publisher whose feeds hang cannot take every runner thread: polls are shared per host."""

from __future__ import annotations

import pytest

from broadsheet.ingest.runner import IngestRunner, feed_host
from broadsheet.lib.testing.publisher import LoopbackPublisher, Page, rss_feed
from broadsheet.sources.models import Feed, Source


@pytest.fixture
def second_publisher():
    pub = LoopbackPublisher().start()
    yield pub
    pub.stop()


def test_a_slow_host_holds_at_most_its_share_of_the_threads(
    transactional_db, publisher, second_publisher, context
):
    slow, quick = publisher, second_publisher
    context.fetch_pages = False
    body = rss_feed(slow.base, [{"title": "One", "path": "/1", "guid": "1"}])
    source = Source.objects.create(name="Slow", slug="slow")
    # The slow host's feeds are the most overdue: without shares they fill every thread.
    for i in range(8):
        slow.pages[f"/feed/{i}"] = Page(body, "application/rss+xml", delay=2.0)
        Feed.objects.create(source=source, url=f"{slow.base}/feed/{i}")
    for i in range(2):
        quick.pages[f"/feed/{i}"] = Page(body, "application/rss+xml")
        Feed.objects.create(source=source, url=f"{quick.base}/feed/{i}")
    runner = IngestRunner(context, workers=4, host_share=2)
    try:
        outcomes = runner.run_once()
    finally:
        runner._pool.shutdown(wait=True)
    assert len(outcomes) == 10 and all(o.status == "ok" for o in outcomes)
    hosts = dict(Feed.objects.values_list("pk", "url"))
    first_done = [feed_host(hosts[o.feed_id]) for o in outcomes[:2]]
    assert first_done == [feed_host(quick.base)] * 2


def test_feed_host_counts_the_port_as_the_fetcher_does():
    assert feed_host("https://Example.org/rss") == "example.org:443"
    assert feed_host("http://127.0.0.1:8001/feed") == "127.0.0.1:8001"
