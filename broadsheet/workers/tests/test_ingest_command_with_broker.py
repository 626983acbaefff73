"""`broadsheet ingest` beside Celery workers shares their story lock and Redis host limits."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from broadsheet.articles.models import Article
from broadsheet.ingest.tests.publisher import LoopbackPublisher, Page, article_page, rss_feed
from broadsheet.sources.models import Feed, Source
from broadsheet.stories.desk import is_shared
from broadsheet.workers.tests.test_poll_task_redelivery import PARAGRAPHS

pytestmark = pytest.mark.django_db(transaction=True)  # the runner polls on its own threads


def test_ingest_once_with_a_broker_takes_the_workers_locks(redis_url, redis_conn, settings):
    settings.FETCH_HOST_DELAY = 4.0  # the gap is kept in Redis, where we can see it
    settings.FETCH_RESPECT_ROBOTS = False
    pub = LoopbackPublisher().start()
    try:
        pub.pages["/feed.xml"] = Page(
            rss_feed(pub.base, [{"title": "Pier", "path": "/n/1", "guid": "g1"}]),
            "application/rss+xml",
        )
        pub.pages["/n/1"] = Page(article_page("Pier", PARAGRAPHS))
        source = Source.objects.create(name="Pier News", slug="pier", home_url=pub.base)
        Feed.objects.create(source=source, url=pub.base + "/feed.xml")
        out = io.StringIO()
        call_command("ingest", "--once", "--allow-loopback", stdout=out)
    finally:
        pub.stop()
    assert "1 new articles" in out.getvalue()
    assert is_shared()
    assert not Article.objects.pending_enrichment().exists()
    assert any(key.endswith(b":next") for key in redis_conn.keys("broadsheet:host:*"))
