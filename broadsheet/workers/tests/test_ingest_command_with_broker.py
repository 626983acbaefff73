"""`broadsheet ingest` beside Celery workers shares their story lock and Redis host limits."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from broadsheet.articles.models import Article
from broadsheet.lib.testing.publisher import LoopbackPublisher, Page, article_page, rss_feed
from broadsheet.sources.models import Feed, Source
from broadsheet.stories.desk import is_shared
from broadsheet.workers.limits import RedisHostLimiter
from broadsheet.workers.tests.test_poll_task_redelivery import PARAGRAPHS

pytestmark = pytest.mark.django_db(transaction=True)  # the runner polls on its own threads


def test_ingest_once_with_a_broker_takes_the_workers_locks(
    redis_url, redis_conn, settings, monkeypatch
):
    settings.FETCH_HOST_DELAY = 4.0  # the gap is kept in Redis
    # Every try at a host slot, as Redis answered it. (The gap's key expires with the gap:
    # looking for it after the run failed whenever a loaded machine took longer than that.)
    tries: list[tuple[str, int]] = []
    take = RedisHostLimiter.try_take

    def recorded(self, key, token):  # type: ignore[no-untyped-def]
        tries.append((key, answer := take(self, key, token)))
        return answer

    monkeypatch.setattr(RedisHostLimiter, "try_take", recorded)
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
    host = pub.base.split("//", 1)[1]
    assert [answer for key, answer in tries if key == host].count(0) == 2  # feed and page
