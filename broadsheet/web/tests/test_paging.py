"""Home and source pages page without counting the archive, and the home query stays on an index."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from broadsheet.articles.models import Article
from broadsheet.web.paging import MAX_PAGE, page_number, uncounted_page


def make_articles(feed, count: int) -> list[Article]:
    """`count` originals of the feed's source, one minute apart, article-0 the newest."""
    now = timezone.now()
    rows = [
        Article(
            public_id=f"p{i:05d}",
            source=feed.source,
            feed=feed,
            url=f"https://harbour.example/p/{i}",
            title=f"article-{i}",
            published_at=now - timedelta(minutes=i),
        )
        for i in range(count)
    ]
    return Article.objects.bulk_create(rows)


def titles(html: str) -> list[int]:
    """The numbers of the article cards on a page, in page order."""
    return [int(n) for n in re.findall(r">article-(\d+)<", html)]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(None, 1), ("", 1), ("2", 2), ("0", 1), ("-4", 1), ("two", 1), ("9" * 40, MAX_PAGE)],
)
def test_page_number_is_read_leniently_and_capped(raw, expected):
    assert page_number(raw) == expected


def test_home_pages_newest_first_with_newer_and_older_links(client, feed):
    make_articles(feed, 45)
    first = client.get("/en/").content.decode()
    assert titles(first) == list(range(20))
    assert 'rel="next" href="?page=2"' in first and 'rel="prev"' not in first
    last = client.get("/en/?page=3").content.decode()
    assert titles(last) == list(range(40, 45))
    assert 'rel="prev" href="?page=2"' in last and 'rel="next"' not in last
    assert "Page 3" in last and "Page 3 of" not in last


def test_a_page_exactly_full_offers_no_older_page(client, feed):
    make_articles(feed, 40)
    html = client.get("/en/?page=2").content.decode()
    assert titles(html) == list(range(20, 40)) and 'rel="next"' not in html


def test_a_page_past_the_end_says_so_and_links_back(client, feed):
    make_articles(feed, 5)
    response = client.get("/en/?page=7")
    html = response.content.decode()
    assert response.status_code == 200 and titles(html) == []
    assert "There are no older articles." in html and 'href="?page=1"' in html
    assert "No articles yet" not in html


def test_home_and_source_pages_never_count_the_articles(client, feed):
    make_articles(feed, 25)
    for url in ("/en/", "/en/?page=2", f"/en/source/{feed.source.slug}?page=2"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts = [
            q["sql"] for q in queries if "COUNT(" in q["sql"] and "articles_article" in q["sql"]
        ]
        assert counts == [], url


def test_source_page_pages_its_own_articles(client, feed):
    make_articles(feed, 23)
    html = client.get(f"/en/source/{feed.source.slug}?page=2").content.decode()
    assert titles(html) == [20, 21, 22] and "Page 2" in html


def test_uncounted_page_caps_the_page_number_and_offers_nothing_past_it(feed):
    make_articles(feed, 3)
    page = uncounted_page(Article.objects.published(), str(MAX_PAGE + 10), 1)
    assert page.number == MAX_PAGE and not page.has_next and list(page) == []
    page = uncounted_page(Article.objects.published(), "2", 1)
    assert [a.title for a in page] == ["article-1"] and page.has_next and page.has_previous


def test_only_copies_are_indexed_on_copy_of(db):
    constraints = connection.introspection.get_constraints(
        connection.cursor(), Article._meta.db_table
    )
    on_copy_of = [
        name for name, c in constraints.items() if c["index"] and c["columns"] == ["copy_of_id"]
    ]
    assert on_copy_of == ["article_copy_of_copies"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query planner only")
def test_sqlite_plans_the_latest_originals_on_the_date_index_without_sorting(feed):
    make_articles(feed, 30)
    query = Article.objects.originals().published()[:21].query
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " | ".join(str(row[-1]) for row in cursor.fetchall())
    assert "published_at" in plan and "TEMP B-TREE" not in plan, plan
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM articles_article WHERE copy_of_id = %s", [1]
        )
        plan = " | ".join(str(row[-1]) for row in cursor.fetchall())
    assert "article_copy_of_copies" in plan, plan
