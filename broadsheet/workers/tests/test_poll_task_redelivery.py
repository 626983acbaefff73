"""The poll task runs the in-process job; a redelivered message leaves the same database."""

from __future__ import annotations

import pytest

from broadsheet.articles.models import Article, FeedEntry
from broadsheet.lib.testing.publisher import LoopbackPublisher, Page, article_page, rss_feed
from broadsheet.sources.models import Feed, Source
from broadsheet.stories.models import Story
from broadsheet.workers import tasks
from broadsheet.workers.limits import held_lock

pytestmark = pytest.mark.django_db
PARAGRAPHS = [
    "The harbour authority closed the northern pier on Friday after inspectors found cracks "
    "in the concrete supports beneath the ferry terminal used by thousands of commuters.",
    "Ferries were diverted to the southern quay while engineers assess the damage, and the "
    "authority said repairs could take several weeks and cost more than two million dollars.",
]


@pytest.fixture
def feed_on_loopback(celery_app, settings, monkeypatch):
    settings.FETCH_HOST_DELAY = 0
    monkeypatch.setattr(tasks, "allow_loopback", True)
    monkeypatch.setattr(tasks, "_context", None)
    pub = LoopbackPublisher().start()
    items = [{"title": f"Pier story {i}", "path": f"/n/{i}", "guid": f"g{i}"} for i in range(4)]
    pub.pages["/feed.xml"] = Page(rss_feed(pub.base, items), "application/rss+xml")
    for item in items:
        pub.pages[item["path"]] = Page(article_page(item["title"], PARAGRAPHS))
    source = Source.objects.create(name="Pier News", slug="pier", home_url=pub.base)
    feed = Feed.objects.create(source=source, url=pub.base + "/feed.xml")
    yield feed, pub
    if tasks._context is not None:
        tasks._context.fetcher.close()
        tasks._context.extractor.close()
    pub.stop()


def snapshot() -> tuple:
    return (
        sorted(Article.objects.values_list("url", "story_id", "copy_of_id")),
        FeedEntry.objects.count(),
        Story.objects.count(),
    )


def test_the_poll_task_stores_enriches_and_indexes_through_the_queues(feed_on_loopback):
    feed, _ = feed_on_loopback
    assert tasks.poll_feed_task.apply(args=(feed.pk,)).get() == "ok"
    assert Article.objects.count() == 4
    assert not Article.objects.pending_enrichment().exists()


def test_a_redelivered_poll_changes_nothing(feed_on_loopback):
    feed, _ = feed_on_loopback
    tasks.poll_feed_task.apply(args=(feed.pk,))
    before = snapshot()
    Feed.objects.filter(pk=feed.pk).update(etag="", last_modified="")  # force a full re-poll
    tasks.poll_feed_task.apply(args=(feed.pk,))
    tasks.enrich_articles_task.apply(args=(list(Article.objects.values_list("pk", flat=True)),))
    assert snapshot() == before


def test_a_feed_another_worker_is_polling_is_not_fetched_twice(feed_on_loopback, redis_conn):
    feed, pub = feed_on_loopback
    with held_lock(redis_conn, f"feed:{feed.pk}") as held:
        assert held
        # Eagerly, the retries (meant to wait out the other poll) run at once and give up.
        assert tasks.poll_feed_task.apply(args=(feed.pk,)).get() == "busy"
    assert pub.requests == []
    assert Article.objects.count() == 0
