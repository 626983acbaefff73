"""`broadsheet sources add|list|import-opml|export-opml` against a loopback publisher."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from broadsheet.lib.testing.publisher import LoopbackPublisher, Page, rss_feed
from broadsheet.sources.models import Feed, Source


@pytest.fixture
def publisher():
    pub = LoopbackPublisher().start()
    pub.pages["/feed.xml"] = Page(
        rss_feed(pub.base, [{"title": "One", "path": "/1", "guid": "1"}], title="Loop News"),
        "application/rss+xml",
    )
    pub.pages["/"] = Page(
        b'<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml">'
        b"<title>Loop News</title></head><body>Home</body></html>"
    )
    yield pub
    pub.stop()


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("sources", *args, stdout=out, stderr=out)
    return out.getvalue()


def test_sources_add_stores_a_feed_url_with_the_feed_title_as_name(db, publisher):
    output = run("add", publisher.base + "/feed.xml", "--allow-loopback")
    assert "added" in output
    feed = Feed.objects.get()
    assert feed.url == publisher.base + "/feed.xml" and feed.source.name == "Loop News"


def test_sources_add_discovers_feeds_from_a_homepage(db, publisher):
    run("add", publisher.base + "/", "--allow-loopback")
    assert list(Feed.objects.values_list("url", flat=True)) == [publisher.base + "/feed.xml"]
    # Named as the feed names itself, not after the host (127.0.0.1).
    assert Source.objects.get().name == "Loop News"


def test_a_homepage_whose_feed_cannot_be_read_is_named_after_its_host(db, publisher):
    publisher.pages["/feed.xml"] = Page(b"<rss><channel>", "application/rss+xml")
    run("add", publisher.base + "/", "--allow-loopback")
    assert Source.objects.get().name == "127.0.0.1"


def test_sources_add_twice_keeps_one_feed(db, publisher):
    run("add", publisher.base + "/feed.xml", "--allow-loopback")
    assert "already followed" in run("add", publisher.base + "/feed.xml", "--allow-loopback")
    assert Feed.objects.count() == 1 and Source.objects.count() == 1


def test_sources_add_refuses_loopback_unless_allowed(db, publisher):
    with pytest.raises(CommandError):
        run("add", publisher.base + "/feed.xml")
    assert Feed.objects.count() == 0


def test_sources_add_of_a_page_without_feeds_is_a_clear_error(db, publisher):
    publisher.pages["/plain"] = Page(b"<html><body>No feeds here</body></html>")
    with pytest.raises(CommandError, match="no feed found"):
        run("add", publisher.base + "/plain", "--allow-loopback")


def test_opml_export_then_import_round_trips_and_reports_bad_lines(db, tmp_path, capsys):
    source = Source.objects.create(name="A & B News", slug="a-b")
    Feed.objects.create(source=source, url="https://a.example/feed.xml")
    call_command("sources", "export-opml")
    exported = capsys.readouterr().out
    assert "https://a.example/feed.xml" in exported and "A &amp; B News" in exported
    Feed.objects.all().delete()
    Source.objects.all().delete()
    broken = exported.replace(
        "</body>",
        '<outline text="no url"/><outline text="bad" xmlUrl="javascript:alert(1)"/></body>',
    )
    path = tmp_path / "subs.opml"
    path.write_text(broken)
    output = run("import-opml", str(path))
    assert "1 feeds added" in output and "skipped" in output
    assert list(Feed.objects.values_list("url", flat=True)) == ["https://a.example/feed.xml"]


def test_sources_list_shows_health(db):
    source = Source.objects.create(name="Quiet Times", slug="quiet")
    Feed.objects.create(
        source=source, url="https://q.example/rss", consecutive_errors=3, last_error="timed out"
    )
    assert "failing" in run("list") and "timed out" in run("list")


OPML = b"""<?xml version="1.0"?><opml version="2.0"><head><title>Subs</title></head><body>
<outline text="A News" type="rss" xmlUrl="https://a.example/feed.xml"/>
<outline text="B News" type="rss" xmlUrl="https://b.example/rss"/></body></opml>"""


def test_import_opml_reads_a_url_through_the_guarded_fetcher(db, publisher):
    publisher.pages["/subs.opml"] = Page(OPML, "text/x-opml")
    output = run("import-opml", publisher.base + "/subs.opml", "--allow-loopback")
    assert "2 feeds added" in output
    assert sorted(Feed.objects.values_list("url", flat=True)) == [
        "https://a.example/feed.xml",
        "https://b.example/rss",
    ]


def test_import_opml_from_a_private_address_is_refused_as_a_fetch(db, publisher):
    publisher.pages["/subs.opml"] = Page(OPML, "text/x-opml")
    with pytest.raises(CommandError, match="blocked"):
        run("import-opml", publisher.base + "/subs.opml")
    assert Feed.objects.count() == 0


def test_import_opml_of_a_missing_file_names_it(db, tmp_path):
    with pytest.raises(CommandError, match="nope.opml"):
        run("import-opml", str(tmp_path / "nope.opml"))


def test_sources_list_shows_failed_entries(db):
    from broadsheet.articles.models import EntryFailure

    source = Source.objects.create(name="Quiet Times", slug="quiet")
    feed = Feed.objects.create(source=source, url="https://q.example/rss")
    EntryFailure.objects.create(feed=feed, key="guid:1", reason="ValueError: bad")
    assert "1 entry failed: ValueError: bad" in run("list")
