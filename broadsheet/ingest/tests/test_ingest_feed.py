"""From a loopback publisher's feed to stored, extracted articles: once, and only once."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest
from django.db import connection
from django.test import Client

from broadsheet.articles.models import Article, FeedEntry
from broadsheet.ingest.jobs import poll_feed
from broadsheet.lib.testing.publisher import Page, article_page, rss_feed
from broadsheet.lib.testing.safety import executable_parts
from broadsheet.sources.models import Feed, Source

PARAGRAPHS = [
    "The harbour ferry resumed service on Monday after a week of storms kept it in port.",
    "Officials said the crossing would run on a reduced timetable until the end of the month.",
    "Passengers queued from early morning, and the first boat left twenty minutes late.",
    "The operator said repairs to the northern pier had cost more than expected, and that a"
    " second vessel would return from the shipyard in the spring if inspections went well.",
    "Local businesses on the island, which depend on day visitors, welcomed the news but asked"
    " for a longer season next year to make up for the lost week.",
]


def serve_items(publisher, items, *, etag: str | None = None):
    feed_body = rss_feed(publisher.base, items)

    def feed(handler):
        if etag and handler.headers.get("If-None-Match") == etag:
            return Page(b"", status=304, headers={"ETag": etag})
        headers = {"ETag": etag} if etag else {}
        return Page(feed_body, "application/rss+xml", headers=headers)

    publisher.pages["/feed.xml"] = feed
    for item in items:
        publisher.pages[item["path"]] = Page(article_page(item["title"], PARAGRAPHS))


def items(n: int) -> list[dict[str, str]]:
    return [
        {
            "title": f"Ferry story {i}",
            "path": f"/news/{i}",
            "guid": f"urn:story:{i}",
            "summary": "Short.",
            # A fixed date: an entry whose date moves between polls is an update, not a repeat.
            "date": "Mon, 30 Nov 2026 09:00:00 GMT",
        }
        for i in range(n)
    ]


@pytest.fixture
def gazette(db, publisher) -> Feed:
    source = Source.objects.create(
        name="Test Gazette", slug="test-gazette", home_url=publisher.base
    )
    return Feed.objects.create(source=source, url=publisher.base + "/feed.xml")


def test_poll_stores_every_entry_with_its_extracted_body(gazette, publisher, context):
    serve_items(publisher, items(3))
    outcome = poll_feed(gazette.pk, context=context)
    assert outcome.status == "ok" and outcome.new_articles == 3
    article = Article.objects.get(title="Ferry story 1")
    assert article.status == "ok"
    assert article.body.split("\n\n") == PARAGRAPHS
    assert "cookies" not in article.body and "Follow us" not in article.body
    gazette.refresh_from_db()
    assert gazette.health == "ok" and gazette.last_success_at is not None


def test_second_poll_is_conditional_gets_304_and_creates_nothing(gazette, publisher, context):
    serve_items(publisher, items(2), etag='"v1"')
    poll_feed(gazette.pk, context=context)
    gazette.refresh_from_db()
    assert gazette.etag == '"v1"'
    before = len(publisher.requests)
    outcome = poll_feed(gazette.pk, context=context)
    assert outcome.status == "not-modified"
    assert publisher.requests[before][1].get("If-None-Match") == '"v1"'
    assert len(publisher.requests) == before + 1
    assert Article.objects.count() == 2


def test_poll_skips_entries_already_seen(gazette, publisher, context):
    serve_items(publisher, items(2))
    poll_feed(gazette.pk, context=context)
    serve_items(publisher, items(3))
    before = set(publisher.paths_requested())
    outcome = poll_feed(gazette.pk, context=context)
    assert outcome.new_articles == 1
    new_paths = [p for p in publisher.paths_requested()[len(before) :] if p.startswith("/news/")]
    assert new_paths == ["/news/2"]
    assert Article.objects.count() == 3


def test_guid_that_changes_while_the_link_stays_does_not_duplicate(gazette, publisher, context):
    serve_items(publisher, items(2))
    poll_feed(gazette.pk, context=context)
    changed = [dict(item, guid=item["guid"] + "-v2") for item in items(2)]
    serve_items(publisher, changed)
    poll_feed(gazette.pk, context=context)
    assert Article.objects.count() == 2
    assert FeedEntry.objects.count() == 4


def test_tracking_parameters_are_dropped_from_article_urls(gazette, publisher, context):
    tracked = [{"title": "Tracked", "path": "/news/t?utm_source=rss&utm_medium=feed", "guid": "t"}]
    serve_items(publisher, tracked)
    publisher.pages["/news/t"] = Page(article_page("Tracked", PARAGRAPHS))
    poll_feed(gazette.pk, context=context)
    assert Article.objects.get().url == publisher.base + "/news/t"


def test_unreachable_page_falls_back_to_the_feed_content(gazette, publisher, context):
    serve_items(
        publisher,
        [{"title": "Gone", "path": "/news/gone", "guid": "g", "summary": "The feed's summary."}],
    )
    publisher.pages["/news/gone"] = Page(b"gone", status=410)
    poll_feed(gazette.pk, context=context)
    article = Article.objects.get()
    assert article.status == "feed" and article.body == "The feed's summary."


def test_failing_feed_records_the_error_and_backs_off(gazette, publisher, context):
    publisher.pages["/feed.xml"] = Page(b"oops", "text/plain", status=500)
    outcome = poll_feed(gazette.pk, context=context)
    gazette.refresh_from_db()
    assert outcome.status == "error"
    assert gazette.health == "failing" and gazette.consecutive_errors == 1 and gazette.last_error
    assert gazette.next_fetch_at > gazette.last_error_at


def test_html_page_instead_of_a_feed_is_a_clear_error(gazette, publisher, context):
    publisher.pages["/feed.xml"] = Page(b"<html><body>Hello</body></html>")
    poll_feed(gazette.pk, context=context)
    gazette.refresh_from_db()
    assert "not a valid feed" in gazette.last_error


@pytest.mark.django_db(transaction=True)
def test_two_polls_of_one_feed_at_once_leave_one_row_per_article(publisher, context):
    source = Source.objects.create(
        name="Test Gazette", slug="test-gazette", home_url=publisher.base
    )
    feed = Feed.objects.create(source=source, url=publisher.base + "/feed.xml")
    serve_items(publisher, items(8))
    errors = []

    def poll():
        try:
            poll_feed(feed.pk, context=context)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=poll) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Article.objects.count() == 8
    assert sorted(Article.objects.values_list("title", flat=True)) == sorted(
        i["title"] for i in items(8)
    )


def test_hostile_feed_renders_with_nothing_executable(gazette, publisher, context):
    evil = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>{evil.replace("<", "&lt;")}</title>
<item><title>Hello &lt;script&gt;alert(3)&lt;/script&gt;</title><link>javascript:alert(4)</link>
<guid>x1</guid><author>&lt;img src=x onerror=alert(5)&gt;</author>
<description>&lt;p onclick="alert(6)"&gt;Body&lt;/p&gt;&lt;svg onload="alert(7)"/&gt;&lt;a href="javascript:alert(8)"&gt;x&lt;/a&gt;</description></item>
<item><title>Second</title><link>{publisher.base}/news/evil</link><guid>x2</guid>
<description>s</description></item></channel></rss>""".encode()
    publisher.pages["/feed.xml"] = Page(feed, "application/rss+xml")
    publisher.pages["/news/evil"] = Page(
        f"<html><head><title>{evil}</title></head><body><article><h1>Evil page</h1>"
        f"<p>Text one is long enough to be an article paragraph here.</p><p onmouseover='alert(9)'>{evil}"
        f"<svg><script>alert(10)</script></svg> more words in this paragraph.</p></article></body></html>".encode()
    )
    poll_feed(gazette.pk, context=context)
    assert Article.objects.count() == 2
    client = Client()
    pages = ["/en/", "/en/source/test-gazette"] + [
        f"/en/article/{a.public_id}" for a in Article.objects.all()
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert executable_parts(html) == [], url


def test_a_feeds_pages_are_fetched_two_at_a_time_and_stored_in_feed_order(
    gazette, publisher, context
):
    serve_items(publisher, items(4))
    both_in_flight = threading.Barrier(2, timeout=5)  # breaks unless two requests overlap

    def page(handler):
        index = int(handler.path.rsplit("/", 1)[1])
        both_in_flight.wait()
        return Page(article_page(f"Ferry story {index}", PARAGRAPHS))

    for i in range(4):
        publisher.pages[f"/news/{i}"] = page
    context = replace(context, page_concurrency=2)
    assert poll_feed(gazette.pk, context=context).new_articles == 4
    stored = list(Article.objects.order_by("pk").values_list("title", "status"))
    assert stored == [(f"Ferry story {i}", "ok") for i in range(4)]
