"""With the default settings, feeds that hang cannot starve the healthy ones (issue 22).

The fault bench found 31 % of the healthy feeds polled on time with the old default of 4
runner threads when 10 % of the feeds hang on their own hosts. Here the hanging feeds are
the most overdue, each on its own publisher (so the per-host share does not hold them back);
they answer only once every healthy feed has been fetched, or after a long safety wait.
With enough threads by default, the healthy feeds are all fetched while the hanging ones
still hang; with too few, every thread waits on a hanging feed and the safety wait ends it.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.utils import timezone

from broadsheet.ingest.runner import build_runner
from broadsheet.lib.testing.publisher import LoopbackPublisher, Page, rss_feed
from broadsheet.sources.models import Feed, Source

HANGING = 8  # twice the old default thread count
HEALTHY_HOSTS = 6
HEALTHY_PER_HOST = 4
SAFETY_SECONDS = 60.0  # only ends a hang the runner never got past (the old default)


@pytest.fixture
def publishers():
    started: list[LoopbackPublisher] = []

    def start() -> LoopbackPublisher:
        started.append(LoopbackPublisher().start())
        return started[-1]

    yield start
    for pub in started:
        pub.stop()


@pytest.fixture
def default_runner(settings):
    # Not what is tested: loopback allowed, no politeness pause, no page fetches, and a fetch
    # timeout beyond the safety wait so that only the test decides when a hang ends.
    settings.FETCH_HOST_DELAY = 0
    settings.FETCH_TIMEOUT = SAFETY_SECONDS * 2
    settings.EXTRACTION_WORKERS = 0
    runner = build_runner(allow_loopback=True)
    runner.context.fetch_pages = False
    yield runner
    runner.close()


def test_hanging_feeds_on_many_hosts_do_not_starve_the_healthy_ones_with_defaults(
    transactional_db, publishers, default_runner
):
    healthy_fetched: set[str] = set()
    all_healthy_fetched = threading.Event()
    released_by_progress: list[bool] = []
    lock = threading.Lock()
    source = Source.objects.create(name="Mixed", slug="mixed")
    long_ago = timezone.now() - timedelta(days=1)
    healthy_urls: list[str] = []

    for h in range(HEALTHY_HOSTS):
        pub = publishers()
        body = rss_feed(pub.base, [{"title": f"Host {h}", "path": "/1", "guid": f"h{h}"}])
        for i in range(HEALTHY_PER_HOST):
            path = f"/feed/{i}"

            def healthy(handler, body=body, url=pub.base + path):
                with lock:
                    healthy_fetched.add(url)
                    if len(healthy_fetched) == HEALTHY_HOSTS * HEALTHY_PER_HOST:
                        all_healthy_fetched.set()
                return Page(body, "application/rss+xml")

            pub.pages[path] = healthy
            healthy_urls.append(pub.base + path)
            Feed.objects.create(source=source, url=pub.base + path, next_fetch_at=long_ago)

    for h in range(HANGING):
        pub = publishers()
        body = rss_feed(pub.base, [{"title": f"Hung {h}", "path": "/1", "guid": f"x{h}"}])

        def hanging(handler, body=body):
            released_by_progress.append(all_healthy_fetched.wait(SAFETY_SECONDS))
            return Page(body, "application/rss+xml")

        pub.pages["/feed"] = hanging
        # The most overdue: the runner claims them first.
        Feed.objects.create(
            source=source, url=pub.base + "/feed", next_fetch_at=long_ago - timedelta(hours=1)
        )

    outcomes = default_runner.run_once()

    assert len(outcomes) == HANGING + len(healthy_urls)
    assert sorted(healthy_fetched) == sorted(healthy_urls)
    # Every hanging feed was still hanging when the last healthy feed was fetched.
    assert released_by_progress == [True] * HANGING
