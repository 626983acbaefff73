"""The sitemap index lists every section, and the news sitemap the last 48 hours."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone
from lxml import etree

from broadsheet.articles.services import upsert_article
from broadsheet.stories.models import Story, Topic

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def test_sitemap_index_lists_articles_stories_sources_and_topics(client, feed, make_draft):
    article = upsert_article(make_draft(), source=feed.source, feed=feed)
    Story.objects.create(public_id="st1", title="Ferries")
    Topic.objects.create(slug="transport", name="Transport")
    index = etree.fromstring(client.get("/sitemap.xml").content)
    assert index.tag == f"{SM}sitemapindex"
    sections = [loc.text for loc in index.iter(f"{SM}loc")]
    assert sections == [
        f"http://testserver/sitemap-{name}.xml"
        for name in ("articles", "stories", "sources", "topics")
    ]
    expected = {
        "articles": f"http://testserver/en/article/{article.public_id}",
        "stories": "http://testserver/en/story/st1",
        "sources": "http://testserver/en/source/harbour-wire",
        "topics": "http://testserver/en/topic/transport",
    }
    for name, url in expected.items():
        response = client.get(f"/sitemap-{name}.xml")
        assert response.status_code == 200
        urlset = etree.fromstring(response.content)
        assert [loc.text for loc in urlset.iter(f"{SM}loc")] == [url]


def test_article_sitemap_leaves_out_copies(client, feed, make_draft):
    original = upsert_article(make_draft(), source=feed.source, feed=feed)
    copy = upsert_article(
        make_draft(url="https://harbour.example/a/2"), source=feed.source, feed=feed
    )
    copy.copy_of = original
    copy.save()
    urlset = etree.fromstring(client.get("/sitemap-articles.xml").content)
    assert len(list(urlset.iter(f"{SM}url"))) == 1


def test_news_sitemap_has_the_last_48_hours_with_publication_date_and_title(
    client, feed, make_draft
):
    now = timezone.now()
    fresh = upsert_article(
        make_draft(title="Ferry <b>back</b> & running", language="en-GB"),
        source=feed.source,
        feed=feed,
    )
    upsert_article(
        make_draft(url="https://harbour.example/old", published_at=now - timedelta(hours=49)),
        source=feed.source,
        feed=feed,
    )
    response = client.get("/sitemap-news.xml")
    assert response.status_code == 200 and "xml" in response["Content-Type"]
    urlset = etree.fromstring(response.content)
    assert urlset.tag == f"{SM}urlset"
    (url,) = urlset.findall(f"{SM}url")
    assert url.findtext(f"{SM}loc") == f"http://testserver/en/article/{fresh.public_id}"
    news = url.find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "Broadsheet"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "en"
    published = datetime.fromisoformat(news.findtext(f"{NEWS}publication_date"))
    assert published == fresh.published_at
    assert news.findtext(f"{NEWS}title") == "Ferry <b>back</b> & running"
    assert b"<b>" not in response.content


def test_sitemap_index_pages_originals_without_reading_every_article(client, feed, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from broadsheet.articles.models import Article
    from broadsheet.web.sitemaps import ArticleSitemap

    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    now = timezone.now()
    rows = Article.objects.bulk_create(
        Article(
            public_id=f"p{i}", source=feed.source, url=f"https://harbour.example/p/{i}",
            title=f"t{i}", published_at=now - timedelta(hours=i),
        )
        for i in range(6)
    )  # fmt: skip
    Article.objects.filter(pk__in=[rows[4].pk, rows[5].pk]).update(copy_of=rows[0])
    rows[3].updated_at = now + timedelta(minutes=5)  # an edit to an older article
    rows[3].save()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/sitemap.xml")
    index = etree.fromstring(response.content)
    articles = [
        s.findtext(f"{SM}loc")
        for s in index.iter(f"{SM}sitemap")
        if "articles" in s.findtext(f"{SM}loc")
    ]
    # Pages are ranges of 2 primary keys: 6 rows make 3 pages (the last holds only copies).
    assert articles == [
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-articles.xml?p=2",
        "http://testserver/sitemap-articles.xml?p=3",
    ]
    lastmod = next(index.iter(f"{SM}lastmod")).text
    assert datetime.fromisoformat(lastmod) >= rows[3].updated_at.replace(microsecond=0)
    unbounded = [
        q["sql"] for q in queries
        if 'FROM "articles_article"' in q["sql"]
        and not any(bounded in q["sql"] for bounded in ("LIMIT", "COUNT"))
    ]  # fmt: skip
    assert unbounded == []
    listed = []
    for page in (1, 2, 3):
        urls = etree.fromstring(client.get(f"/sitemap-articles.xml?p={page}").content)
        listed += [u.findtext(f"{SM}loc").rsplit("/", 1)[-1] for u in urls.iter(f"{SM}url")]
    assert listed == ["p0", "p1", "p2", "p3"]  # every original once, in order; no copy
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404


def test_a_late_article_sitemap_page_reads_one_key_range(client, feed, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from broadsheet.articles.models import Article
    from broadsheet.web.sitemaps import ArticleSitemap

    monkeypatch.setattr(ArticleSitemap, "limit", 3)
    Article.objects.bulk_create(
        Article(public_id=f"q{i}", source=feed.source, url=f"https://harbour.example/q/{i}",
                title=f"t{i}", published_at=timezone.now())
        for i in range(9)
    )  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/sitemap-articles.xml?p=3")
    assert response.status_code == 200
    reads = [
        q["sql"] for q in queries if 'FROM "articles_article"' in q["sql"] and "MAX" not in q["sql"]
    ]
    # No OFFSET (which reads every earlier row): the page is a range of primary keys.
    assert reads and all("OFFSET" not in sql for sql in reads), reads
