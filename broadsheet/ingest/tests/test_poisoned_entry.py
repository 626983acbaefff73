"""One bad entry never blocks its feed: the others are stored, the failure is shown and retried."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from broadsheet.articles.models import Article, EntryFailure
from broadsheet.ingest import jobs
from broadsheet.ingest.jobs import poll_feed
from broadsheet.ingest.services import ENTRY_ATTEMPTS
from broadsheet.lib.testing.publisher import Page
from broadsheet.sources.models import Feed, Source

# The hostile-input run's minimal poison: a control character right after a <script>.
POISON_HTML = "<p>Hello</p><script>a</script>&#11;"


def rss_with_cdata(base: str, contents: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Item {i}</title><link>{base}/item/{i}</link>"
        f'<guid isPermaLink="false">urn:item:{i}</guid>'
        f"<pubDate>Mon, 30 Nov 2026 09:00:00 GMT</pubDate>"
        f"<description><![CDATA[{content}]]></description></item>"
        for i, content in enumerate(contents)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Poisoned</title>'
        f"<link>{base}/</link>{items}</channel></rss>"
    ).encode()


def json_feed(base: str, contents: list[str]) -> bytes:
    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Poisoned",
            "items": [
                {
                    "id": f"urn:item:{i}",
                    "url": f"{base}/item/{i}",
                    "title": f"Item {i}",
                    "content_html": content,
                    "date_published": "2026-11-30T09:00:00Z",
                }
                for i, content in enumerate(contents)
            ],
        }
    ).encode()


@pytest.fixture
def feed(db, publisher) -> Feed:
    source = Source.objects.create(name="Poisoned", slug="poisoned", home_url=publisher.base)
    return Feed.objects.create(source=source, url=publisher.base + "/feed")


@pytest.fixture
def feed_only(context):
    context.fetch_pages = False
    return context


CLEAN = ["<p>First clean story about the harbour.</p>", "<p>Second clean story.</p>"]


@pytest.mark.parametrize(
    ("render", "content_type"),
    [(rss_with_cdata, "application/rss+xml"), (json_feed, "application/feed+json")],
)
def test_the_reported_poison_no_longer_blocks_the_feed(
    feed, publisher, feed_only, render, content_type
):
    publisher.pages["/feed"] = Page(render(publisher.base, [*CLEAN, POISON_HTML]), content_type)
    outcome = poll_feed(feed.pk, context=feed_only)
    assert outcome.status == "ok"
    assert Article.objects.count() == 3
    assert Article.objects.get(title="Item 2").body == "Hello"
    feed.refresh_from_db()
    assert feed.health == "ok"


@pytest.fixture
def poison_item_one(monkeypatch):
    """Any exception while turning entry 1 into an article (here, a bug in building it)."""
    real = jobs.build_draft

    def build(entry, **kwargs):
        if entry.title == "Item 1":
            raise ValueError("All strings must be XML compatible")
        return real(entry, **kwargs)

    monkeypatch.setattr(jobs, "build_draft", build)


def serve(publisher, n: int = 3) -> None:
    body = rss_with_cdata(publisher.base, [f"<p>Story {i}.</p>" for i in range(n)])
    publisher.pages["/feed"] = Page(body, "application/rss+xml", headers={"ETag": '"v1"'})


def test_a_failing_entry_is_recorded_and_every_other_entry_is_stored(
    feed, publisher, feed_only, poison_item_one
):
    serve(publisher)
    outcome = poll_feed(feed.pk, context=feed_only)
    assert outcome.status == "ok"
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Item 0", "Item 2"]
    failure = EntryFailure.objects.get(feed=feed)
    assert failure.key.endswith("urn:item:1") and failure.attempts == 1
    assert failure.reason == "ValueError: All strings must be XML compatible"
    feed.refresh_from_db()
    assert feed.health == "ok"
    assert feed.entry_failures_summary() == (
        "1 entry failed: ValueError: All strings must be XML compatible"
    )


def test_the_next_polls_retry_only_the_failed_entry_a_bounded_number_of_times(
    feed, publisher, feed_only, poison_item_one, monkeypatch
):
    serve(publisher)
    tried: list[str] = []
    real = jobs.build_draft

    def counting(entry, **kwargs):
        tried.append(entry.title)
        return real(entry, **kwargs)

    monkeypatch.setattr(jobs, "build_draft", counting)
    for _ in range(ENTRY_ATTEMPTS + 2):
        poll_feed(feed.pk, context=feed_only)
    assert tried.count("Item 0") == 1 and tried.count("Item 2") == 1
    assert tried.count("Item 1") == ENTRY_ATTEMPTS
    assert EntryFailure.objects.get(feed=feed).attempts == ENTRY_ATTEMPTS
    # While a retry is pending the feed is fetched in full (its ETag is not kept); once the
    # entry is given up, conditional GETs resume.
    conditional = [h.get("If-None-Match") for path, h in publisher.requests if path == "/feed"]
    assert conditional[:ENTRY_ATTEMPTS] == [None] * ENTRY_ATTEMPTS
    assert conditional[-1] == '"v1"'


def test_a_fixed_entry_is_stored_and_its_failure_cleared(feed, publisher, feed_only, monkeypatch):
    serve(publisher)
    real = jobs.build_draft

    def broken(entry, **kwargs):
        if entry.title == "Item 1":
            raise RuntimeError("temporary")
        return real(entry, **kwargs)

    monkeypatch.setattr(jobs, "build_draft", broken)
    poll_feed(feed.pk, context=feed_only)
    assert EntryFailure.objects.filter(feed=feed).count() == 1
    monkeypatch.setattr(jobs, "build_draft", real)
    poll_feed(feed.pk, context=feed_only)
    assert Article.objects.count() == 3
    assert not EntryFailure.objects.filter(feed=feed).exists()


def test_an_entry_that_fails_to_store_does_not_take_its_batch_down(
    feed, publisher, feed_only, monkeypatch
):
    from broadsheet.ingest import services

    serve(publisher)
    real = services.upsert_articles

    def upsert(drafts, **kwargs):
        if any(d.title == "Item 1" for d in drafts):
            raise TypeError("cannot store this one")
        return real(drafts, **kwargs)

    monkeypatch.setattr(services, "upsert_articles", upsert)
    assert poll_feed(feed.pk, context=feed_only).status == "ok"
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Item 0", "Item 2"]
    assert EntryFailure.objects.get(feed=feed).reason == "TypeError: cannot store this one"


def test_a_poll_that_raises_marks_the_feed_failing_with_the_error(
    feed, publisher, feed_only, monkeypatch
):
    serve(publisher)

    def explode(*args, **kwargs):
        raise KeyError("surprise")

    monkeypatch.setattr(jobs, "parse_feed", explode)
    outcome = poll_feed(feed.pk, context=feed_only)
    assert outcome.status == "error"
    feed.refresh_from_db()
    assert feed.health == "failing"
    assert feed.last_error == "KeyError: 'surprise'"
    assert feed.next_fetch_at > feed.last_error_at


def test_healthz_counts_failing_feeds_and_failed_entries(
    feed, publisher, feed_only, poison_item_one
):
    serve(publisher)
    poll_feed(feed.pk, context=feed_only)
    other = Feed.objects.create(source=feed.source, url=publisher.base + "/missing")
    poll_feed(other.pk, context=feed_only)
    body = Client().get("/healthz").json()
    assert body["feeds"]["failing"] == 1
    assert body["entries_failed"] == 1


def test_the_admin_and_the_source_page_show_the_failed_entries(
    feed, publisher, feed_only, poison_item_one, admin_client
):
    serve(publisher)
    poll_feed(feed.pk, context=feed_only)
    listing = admin_client.get("/admin/sources/feed/").content.decode()
    assert "1 entry failed" in listing
    failures = admin_client.get("/admin/articles/entryfailure/").content.decode()
    assert "urn:item:1" in failures and "All strings must be XML compatible" in failures
    page = Client().get("/en/source/poisoned").content.decode()
    assert "1 entry failed" in page


def test_the_admin_retry_action_gives_a_given_up_entry_new_tries(
    feed, publisher, feed_only, poison_item_one, admin_client
):
    serve(publisher)
    for _ in range(ENTRY_ATTEMPTS):
        poll_feed(feed.pk, context=feed_only)
    failure = EntryFailure.objects.get(feed=feed)
    assert failure.attempts == ENTRY_ATTEMPTS
    feed.refresh_from_db()
    assert feed.etag  # given up: conditional GETs resumed
    admin_client.post(
        "/admin/articles/entryfailure/",
        {"action": "retry_now", "_selected_action": [failure.pk]},
    )
    failure.refresh_from_db()
    feed.refresh_from_db()
    assert failure.attempts == 0 and feed.etag == ""
    poll_feed(feed.pk, context=feed_only)
    assert EntryFailure.objects.get(feed=feed).attempts == 1  # tried again (and failed again)
