"""SSRF: no server-side fetch ever connects to a non-public address, however it is spelled.

Every spelling below points at loopback (where listeners on the public site's port count
accepted connections), a private or link-local network, a cloud metadata service, CGNAT,
or a translation prefix wrapping one of those. Each goes through every path that fetches:
a direct fetch, a redirect from a public name, a feed poll, an article page, robots.txt,
adding a source (and its discovery), an OPML import and the `sources add` command. A
process-wide audit hook records every socket.connect, so a guard that skipped one path
fails here even where no listener could answer.
"""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from broadsheet.articles.models import Article
from broadsheet.ingest.jobs import poll_feed
from broadsheet.lib.fetch import BlockedAddress, FetchError
from broadsheet.sources.models import Feed, Source
from broadsheet.sources.services import SourceError, add_source, import_opml
from tests.security.servers import Reply, redirect

LOOPBACK = [
    "127.0.0.1", "127.1", "127.0.1", "2130706433", "0x7f000001", "0x7f.0x0.0x0.0x1",
    "0177.0.0.1", "0177.0000.0000.0001", "017700000001", "0x7f.1", "127.255.255.254",
    "0.0.0.0", "0", "[::1]", "[0:0:0:0:0:0:0:1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]",
    "[0:0:0:0:0:ffff:127.0.0.1]", "[::127.0.0.1]", "[64:ff9b::127.0.0.1]",
    "[64:ff9b::7f00:1]", "[2002:7f00:1::]", "[::]", "localhost", "LocalHost",
    "localhost.example", "mapped.example",
]  # fmt: skip
PRIVATE = [
    "10.0.0.1", "0xa.0.0.1", "167772161", "172.16.0.1", "192.168.0.1", "0300.0250.0.1",
    "[fc00::1]", "[fd12:3456::1]", "[::ffff:10.0.0.1]", "[::ffff:192.168.1.1]",
    "internal.example", "v6private.example", "mixed.example",
]  # fmt: skip
LINK_LOCAL_AND_METADATA = [
    "169.254.169.254", "2852039166", "0xa9fea9fe", "0251.0376.0251.0376",
    "0xa9.0xfe.0xa9.0xfe", "169.254.43518", "[fd00:ec2::254]", "[fe80::1]",
    "[::ffff:169.254.169.254]", "[::ffff:a9fe:a9fe]", "[64:ff9b::a9fe:a9fe]",
    "[64:ff9b::169.254.169.254]", "[2002:a9fe:a9fe::1]", "metadata.example",
    "v6metadata.example",
]  # fmt: skip
OTHER_NON_PUBLIC = [
    "100.64.0.1", "100.127.255.254", "[64:ff9b::6440:1]", "[2002:6440:1::]", "224.0.0.1",
    "255.255.255.255", "240.0.0.1", "198.18.0.1", "[ff02::1]", "[2001:db8::1]",
]  # fmt: skip
SPELLINGS = LOOPBACK + PRIVATE + LINK_LOCAL_AND_METADATA + OTHER_NON_PUBLIC


def target(host: str, port: int, path: str = "/feed.xml") -> str:
    return f"http://{host}:{port}{path}"


def assert_nothing_reached(trap) -> None:  # type: ignore[no-untyped-def]
    assert trap.accepted() == 0
    assert trap.private_connects() == []


def test_there_are_at_least_sixty_spellings():
    assert len(set(SPELLINGS)) == len(SPELLINGS) >= 60


@pytest.mark.parametrize("host", SPELLINGS)
def test_direct_fetch_is_blocked(host, fetcher, trap):
    with pytest.raises(FetchError):
        fetcher.fetch(target(host, trap.port))
    assert_nothing_reached(trap)


@pytest.mark.parametrize("host", SPELLINGS)
def test_redirect_from_a_public_name_is_blocked(host, fetcher, public_site, trap):
    # Every redirect status, each pointing at the same target under a different path.
    for status in (301, 302, 303, 307, 308):
        public_site.routes[f"/go/{status}"] = redirect(target(host, trap.port), status)
        with pytest.raises(FetchError):
            fetcher.fetch(f"http://news.example:{trap.port}/go/{status}")
        assert public_site.requests[-1] == f"/go/{status}"
    assert_nothing_reached(trap)


def test_protocol_relative_and_chained_redirects_are_blocked(fetcher, public_site, trap):
    port = trap.port
    public_site.routes["/a"] = redirect(f"http://other.example:{port}/b")
    public_site.routes["/b"] = redirect(f"//127.0.0.1:{port}/c")
    with pytest.raises(BlockedAddress):
        fetcher.fetch(f"http://news.example:{port}/a")
    assert [r for r in public_site.requests if r != "/robots.txt"] == ["/a", "/b"]
    assert_nothing_reached(trap)


def test_dns_rebinding_is_caught_at_connect_time(resolver, public_site, trap):
    from broadsheet.lib.fetch import Fetcher
    from tests.security.conftest import guarded_policy

    public_site.routes["/page"] = Reply(b"<p>hello</p>")
    for name in ("rebind.example", "rebind6.example"):
        with Fetcher(guarded_policy(respect_robots=False), resolver=resolver) as fetcher:
            assert fetcher.fetch(f"http://{name}:{trap.port}/page").content == b"<p>hello</p>"
            # HTTP/1.0 closed the first connection: the next fetch resolves again, and loses.
            with pytest.raises(BlockedAddress):
                fetcher.fetch(f"http://{name}:{trap.port}/page")
    assert resolver.calls.count("rebind.example") == 2
    assert_nothing_reached(trap)


def test_robots_txt_redirected_inside_blocks_the_fetch(fetcher, public_site, trap):
    public_site.routes["/robots.txt"] = redirect(f"http://169.254.169.254:{trap.port}/latest")
    public_site.routes["/feed.xml"] = Reply(b"<rss/>", "application/rss+xml")
    with pytest.raises(BlockedAddress):
        fetcher.fetch(f"http://news.example:{trap.port}/feed.xml")
    assert "/feed.xml" not in public_site.requests
    assert_nothing_reached(trap)


@pytest.fixture
def hostile_source(db) -> Source:
    return Source.objects.create(name="Hostile", slug="hostile", home_url="https://x.example/")


@pytest.mark.parametrize("host", SPELLINGS)
def test_feed_poll_of_a_private_feed_url_fails_without_connecting(
    host, hostile_source, ingest_context, trap
):
    feed = Feed.objects.create(source=hostile_source, url=target(host, trap.port))
    outcome = poll_feed(feed.pk, context=ingest_context)
    assert outcome.status == "error"
    feed.refresh_from_db()
    assert feed.consecutive_errors == 1
    assert_nothing_reached(trap)


def rss(items: list[tuple[str, str]]) -> bytes:
    body = "".join(
        f"<item><title>{title}</title><link>{link}</link><guid>{title}</guid>"
        f"<description>Feed text for {title}.</description></item>"
        for title, link in items
    )
    return (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>Hostile</title>"
        f"<link>http://news.example/</link>{body}</channel></rss>"
    ).encode()


def test_article_pages_at_private_addresses_are_never_fetched(
    hostile_source, ingest_context, public_site, trap
):
    port = trap.port
    links = [(f"item-{i}", target(host, port, f"/a/{i}")) for i, host in enumerate(SPELLINGS)]
    # The same again, reached through a redirect from the publisher's own public name.
    for i, host in enumerate(SPELLINGS):
        public_site.routes[f"/r/{i}"] = redirect(target(host, port, f"/a/{i}"))
        links.append((f"redirected-{i}", f"http://news.example:{port}/r/{i}"))
    public_site.routes["/feed.xml"] = Reply(rss(links), "application/rss+xml")
    feed = Feed.objects.create(source=hostile_source, url=f"http://news.example:{port}/feed.xml")
    outcome = poll_feed(feed.pk, context=ingest_context)
    assert outcome.status == "ok"
    # Nothing is lost either: each entry is stored from the feed's own text.
    assert Article.objects.count() == outcome.new_articles > len(SPELLINGS)
    assert public_site.requests.count("/r/0") == 1
    assert_nothing_reached(trap)


@pytest.mark.parametrize("host", SPELLINGS)
def test_adding_a_private_source_fails_without_connecting(host, db, fetcher, trap):
    with pytest.raises((FetchError, SourceError)):
        add_source(target(host, trap.port), fetcher=fetcher)
    assert Feed.objects.count() == 0
    assert_nothing_reached(trap)


def test_discovered_and_imported_private_feeds_are_never_fetched(
    db, fetcher, ingest_context, public_site, trap
):
    port = trap.port
    alternates = "".join(
        f'<link rel="alternate" type="application/rss+xml" href="{target(h, port, f"/d/{i}")}">'
        for i, h in enumerate(SPELLINGS)
    )
    public_site.routes["/"] = Reply(
        f"<html><head>{alternates}</head><body>x</body></html>".encode()
    )
    add_source(f"http://news.example:{port}/", fetcher=fetcher)
    outlines = "".join(
        f'<outline type="rss" text="o{i}" xmlUrl="{target(h, port, f"/o/{i}")}"/>'
        for i, h in enumerate(SPELLINGS)
    )
    import_opml(f'<opml version="2.0"><body>{outlines}</body></opml>'.encode())
    feeds = list(Feed.objects.all())
    assert len(feeds) > len(SPELLINGS)
    for feed in feeds:
        assert poll_feed(feed.pk, context=ingest_context).status == "error"
    assert_nothing_reached(trap)


@pytest.mark.parametrize("host", ["127.0.0.1", "0x7f.1", "[::ffff:169.254.169.254]", "10.0.0.1"])
def test_sources_add_command_refuses_private_addresses(host, db, trap):
    with pytest.raises(CommandError, match="blocked"):
        call_command("sources", "add", target(host, trap.port))
    assert_nothing_reached(trap)
