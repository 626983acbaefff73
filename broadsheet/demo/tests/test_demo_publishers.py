"""The demo publishers serve well-formed feeds and realistic pages over loopback HTTP."""

from __future__ import annotations

import html
import json
import random
import re
import socket
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from broadsheet.demo import publishers as publishers_module
from broadsheet.demo.catalog import PUBLISHERS, DemoArticle, article_paragraphs, load_corpus
from broadsheet.demo.feeds import Entry, Site, render_feed
from broadsheet.demo.publishers import DemoPublisher, DemoPublishers, main
from broadsheet.demo.templates import render_article_page

ATOM = "{http://www.w3.org/2005/Atom}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
RSS1 = "{http://purl.org/rss/1.0/}"
DC = "{http://purl.org/dc/elements/1.1/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with _OPENER.open(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def fetch_text(url: str) -> str:
    status, _, body = fetch(url)
    assert status == 200, url
    return body.decode("utf-8")


def feed_items(publisher: DemoPublisher) -> list[dict[str, str]]:
    """(id, title, link, published, author, summary, content) of every item, format-aware."""
    status, _, body = fetch(publisher.feed_url)
    assert status == 200
    if publisher.feed_format == "jsonfeed":
        document = json.loads(body)
        assert document["version"] == "https://jsonfeed.org/version/1.1"
        return [
            {
                "id": item["id"],
                "title": item["title"],
                "link": item["url"],
                "published": item["date_published"],
                "author": item["authors"][0]["name"],
                "summary": item["summary"],
                "content": item.get("content_html", ""),
            }
            for item in document["items"]
        ]
    root = ET.fromstring(body)
    if publisher.feed_format == "rss2":
        assert root.tag == "rss" and root.get("version") == "2.0"
        return [
            {
                "id": item.findtext("guid", ""),
                "title": item.findtext("title", ""),
                "link": item.findtext("link", ""),
                "published": item.findtext("pubDate", ""),
                "author": item.findtext(f"{DC}creator", ""),
                "summary": item.findtext("description", ""),
                "content": item.findtext(f"{CONTENT}encoded", ""),
            }
            for item in root.iter("item")
        ]
    if publisher.feed_format == "atom":
        assert root.tag == f"{ATOM}feed"
        return [
            {
                "id": entry.findtext(f"{ATOM}id", ""),
                "title": entry.findtext(f"{ATOM}title", ""),
                "link": entry.find(f"{ATOM}link").get("href", ""),  # type: ignore[union-attr]
                "published": entry.findtext(f"{ATOM}published", ""),
                "author": entry.findtext(f"{ATOM}author/{ATOM}name", ""),
                "summary": entry.findtext(f"{ATOM}summary", ""),
                "content": entry.findtext(f"{ATOM}content", ""),
            }
            for entry in root.iter(f"{ATOM}entry")
        ]
    assert publisher.feed_format == "rdf" and root.tag == f"{RDF}RDF"
    return [
        {
            "id": item.get(f"{RDF}about", ""),
            "title": item.findtext(f"{RSS1}title", ""),
            "link": item.findtext(f"{RSS1}link", ""),
            "published": item.findtext(f"{DC}date", ""),
            "author": item.findtext(f"{DC}creator", ""),
            "summary": item.findtext(f"{RSS1}description", ""),
            "content": item.findtext(f"{CONTENT}encoded", ""),
        }
        for item in root.iter(f"{RSS1}item")
    ]


class LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "link":
            self.links.append(dict(attrs))


def free_port_block(size: int) -> int:
    """A base port with `size` consecutive free ports after it."""
    for _ in range(50):
        base = random.randint(20000, 60000)
        sockets = []
        try:
            for offset in range(size):
                sock = socket.socket()
                sockets.append(sock)
                sock.bind(("127.0.0.1", base + offset))
            return base
        except OSError:
            continue
        finally:
            for sock in sockets:
                sock.close()
    raise RuntimeError("no free port block")


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoPublishers]:
    with DemoPublishers(clock=FakeClock()) as running:
        yield running


def test_each_publisher_is_served_on_its_own_free_port(demo: DemoPublishers) -> None:
    publishers = demo.publishers
    assert len(publishers) >= 5
    ports = {urlsplit(p.home_url).port for p in publishers}
    assert len(ports) == len(publishers) and 0 not in ports
    assert {"rss2", "atom", "jsonfeed", "rdf"} <= {p.feed_format for p in publishers}
    assert any(not p.has_full_content for p in publishers)
    assert all(p.language == "en" and p.country for p in publishers)
    assert len({p.slug for p in publishers}) == len(publishers)


def test_each_feed_is_well_formed_and_complete(demo: DemoPublishers) -> None:
    for publisher in demo.publishers:
        items = feed_items(publisher)
        assert 0 < len(items) <= 50
        for item in items:
            assert all(item[key] for key in ("id", "title", "link", "published", "author"))
            assert item["summary"]
            assert urlsplit(item["link"]).netloc == urlsplit(publisher.home_url).netloc
        if publisher.has_full_content:
            assert all(item["content"].startswith("<p>") for item in items)
        else:
            assert all(len(item["summary"]) <= 161 for item in items)


def test_at_least_150_articles_are_visible_at_start(demo: DemoPublishers) -> None:
    assert demo.released_count >= 150
    assert sum(len(feed_items(p)) for p in demo.publishers) >= 150


def test_release_advances_one_article_per_interval() -> None:
    clock = FakeClock()
    with DemoPublishers(clock=clock, initial=2, interval=20.0) as running:
        assert running.released_count == 10
        upcoming = running.articles[10]
        assert fetch(running.url_for(upcoming))[0] == 404
        clock.now += 19.0
        assert running.released_count == 10
        clock.now += 1.0
        assert running.released_count == 11
        assert fetch(running.url_for(upcoming))[0] == 200
        publisher = next(p for p in running.publishers if p.slug == upcoming.publisher)
        items = feed_items(publisher)
        assert upcoming.title in [item["title"] for item in items]
        # An archive article comes out after the newest ones and takes its place by date.
        assert items[-1]["title"] == upcoming.title
        clock.now += 20.0 * 5
        assert running.released_count == 16
        published = [running.published_at(a) for a in running.released_articles()]
        first, later = published[:10], published[10:]
        assert first == sorted(first) and later == sorted(later)
        assert max(later) < min(first) and max(first) < datetime.now(UTC)


def test_release_all_makes_every_article_visible_with_dates_in_corpus_order() -> None:
    with DemoPublishers(clock=FakeClock()) as running:
        running.release_all()
        assert running.released_count == len(running.articles) == 453
        by_corpus_order = sorted(running.articles, key=lambda article: article.number)
        published = [running.published_at(a) for a in by_corpus_order]
        assert published == sorted(published)
        last = running.articles[-1]
        assert fetch(running.url_for(last))[0] == 200


def test_article_pages_carry_the_body_verbatim_and_the_boilerplate(demo: DemoPublishers) -> None:
    for publisher in demo.publishers:
        article = [a for a in demo.released_articles() if a.publisher == publisher.slug][-1]
        page = fetch_text(demo.url_for(article))
        for paragraph in article.paragraphs:
            assert f"<p>{html.escape(paragraph)}</p>" in page
        for boilerplate in (
            "Share on Facebook",
            "Follow us on Twitter",
            "Related articles",
            "cookies",
            "newsletter",
            "&copy;",
            "<nav" if publisher.slug in {"morning-ledger", "open-press-review"} else "/about",
        ):
            assert boilerplate in page, (publisher.slug, boilerplate)
        assert f"<title>{html.escape(article.title)} - {publisher.name}</title>" in page
        assert "<article" in page and "<h1" in page
        assert re.search(r'<time[^>]* datetime="\d{4}-\d\d-\d\dT[^"]+Z"', page)
        assert f'<link rel="canonical" href="{demo.url_for(article)}">' in page
        assert '<meta property="og:title"' in page and "og:image" not in page
        json_ld = page.split('<script type="application/ld+json">')[1].split("</script>")[0]
        data = json.loads(json_ld)
        assert data["@type"] == "NewsArticle" and data["headline"] == article.title


def test_sentence_texts_are_regrouped_without_losing_a_word() -> None:
    records = [r for r in load_corpus() if r.get("text_format") == "sentences"]
    assert len(records) == 119
    for record in records:
        paragraphs = article_paragraphs(record)
        assert " ".join(paragraphs) == record["text"].strip()
        if len(record["text"]) > 1500:
            assert len(paragraphs) > 2


def test_urls_and_guids_are_the_same_after_a_restart() -> None:
    base = free_port_block(len(PUBLISHERS))
    seen = []
    for _ in range(2):
        with DemoPublishers(base_port=base, clock=FakeClock()) as running:
            seen.append(
                {p.slug: [(i["id"], i["link"]) for i in feed_items(p)] for p in running.publishers}
            )
            assert urlsplit(running.publishers[0].feed_url).port == base
    assert seen[0] == seen[1]
    with DemoPublishers(clock=FakeClock()) as other:
        paths = {
            p.slug: [(i["id"], urlsplit(i["link"]).path) for i in feed_items(p)]
            for p in other.publishers
        }
    assert paths == {
        slug: [(guid, urlsplit(link).path) for guid, link in items]
        for slug, items in seen[0].items()
    }


def test_titles_with_quotes_and_ampersands_are_escaped() -> None:
    title = "Q&A: \"Rock & roll\" <live> at O'Brien's"
    paragraph = "Fish & chips cost <£5> & \"more\"; AT&T said 'no'."
    article = DemoArticle(
        number=1, publisher="x", guid="urn:x:article:1", path="/a?b=1&c=2", title=title,
        paragraphs=(paragraph, "Second."), original_published=datetime(2020, 1, 1, tzinfo=UTC),
        source_url="https://en.wikinews.org/wiki/A&B", author="Wikinews contributors",
        genre="news", topic=None, corpus_id="A&B",
    )  # fmt: skip
    entry = Entry(article, article.original_published)
    for spec in PUBLISHERS:
        site = Site(spec=spec, base_url="http://127.0.0.1:9")
        feed = render_feed(site, [entry], now=entry.published)
        publisher = DemoPublisher(
            spec.slug, spec.name, spec.feed_format, "", "", "en", "", spec.has_full_content
        )
        if spec.feed_format == "jsonfeed":
            item = json.loads(feed)["items"][0]
            assert item["title"] == title and item["url"].endswith("/a?b=1&c=2")
        else:
            root = ET.fromstring(feed)
            titles = [el.text for el in root.iter() if el.tag.endswith("title")]
            assert title in titles, publisher.slug
        page = render_article_page(site, entry, related=[])
        assert "<h1" in page and f">{html.escape(title)}</h1>" in page
        assert f"<p>{html.escape(paragraph)}</p>" in page
        assert title not in page  # never unescaped
        json_ld = page.split('<script type="application/ld+json">')[1].split("</script>")[0]
        assert json.loads(json_ld)["headline"] == title


def test_real_titles_with_quotes_survive_feeds_and_pages() -> None:
    with DemoPublishers(clock=FakeClock(), initial=91) as running:
        quoted = [a for a in running.articles if '"' in a.title]
        assert quoted
        for article in quoted:
            publisher = next(p for p in running.publishers if p.slug == article.publisher)
            page = fetch_text(running.url_for(article))
            assert html.escape(article.title) in page and "&quot;" in page
            items = {item["id"]: item for item in feed_items(publisher)}
            if article.guid in items:
                assert items[article.guid]["title"] == article.title


def test_robots_txt_allows_everything(demo: DemoPublishers) -> None:
    for publisher in demo.publishers:
        status, headers, body = fetch(publisher.home_url + "robots.txt")
        assert status == 200 and headers["Content-Type"].startswith("text/plain")
        assert body.decode().splitlines() == ["User-agent: *", "Allow: /"]


def test_homepage_announces_its_feed(demo: DemoPublishers) -> None:
    for publisher in demo.publishers:
        collector = LinkCollector()
        collector.feed(fetch_text(publisher.home_url))
        alternates = [link for link in collector.links if link.get("rel") == "alternate"]
        assert [link["href"] for link in alternates] == [publisher.feed_url]
        assert alternates[0]["type"] in {
            "application/rss+xml",
            "application/atom+xml",
            "application/feed+json",
        }


def test_feed_links_carry_tracking_parameters_that_the_canonical_drops(
    demo: DemoPublishers,
) -> None:
    gazette = next(p for p in demo.publishers if p.slug == "northern-gazette")
    link = feed_items(gazette)[0]["link"]
    assert "utm_source=rss" in link
    page = fetch_text(link)
    assert f'<link rel="canonical" href="{link.split("?")[0]}">' in page


def test_unchanged_feed_answers_304_to_a_conditional_get(demo: DemoPublishers) -> None:
    url = demo.publishers[0].feed_url
    status, headers, _ = fetch(url)
    assert status == 200 and headers["ETag"]
    assert fetch(url, {"If-None-Match": headers["ETag"]})[0] == 304
    assert fetch(url, {"If-Modified-Since": headers["Last-Modified"]})[0] == 304


def test_opml_lists_every_demo_feed(demo: DemoPublishers) -> None:
    root = ET.fromstring(fetch(demo.publishers[0].home_url + "opml.xml")[2])
    assert {o.get("xmlUrl") for o in root.iter("outline")} == {p.feed_url for p in demo.publishers}


def test_unknown_paths_are_404(demo: DemoPublishers) -> None:
    assert fetch(demo.publishers[0].home_url + "no/such/page")[0] == 404


def test_stop_closes_every_port() -> None:
    running = DemoPublishers(clock=FakeClock())
    home = running.start()[0].home_url
    assert fetch(home)[0] == 200
    running.stop()
    with pytest.raises(urllib.error.URLError):
        _OPENER.open(home, timeout=2)


def test_main_prints_every_feed_and_stops_on_ctrl_c(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupt(seconds: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(publishers_module.time, "sleep", interrupt)
    assert main(["--port", "0", "--initial", "30", "--interval", "5"]) == 0
    output = capsys.readouterr().out
    for spec in PUBLISHERS:
        assert spec.name in output
    assert output.count("http://127.0.0.1:") >= len(PUBLISHERS)
