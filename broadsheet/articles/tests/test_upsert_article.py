"""Articles are unique on their canonical URL: re-ingesting updates, never duplicates."""

import threading

import pytest
from django.db import connection

from broadsheet.articles.models import Article, FeedEntry
from broadsheet.articles.services import upsert_article
from broadsheet.ingest.services import store_articles


def test_upsert_article_creates_one_row_with_a_short_opaque_id(feed, make_draft):
    article = upsert_article(make_draft(), source=feed.source, feed=feed)
    assert Article.objects.count() == 1
    assert len(article.public_id) == 12 and article.public_id.isalnum()
    assert FeedEntry.objects.get().article == article


def test_upsert_article_twice_updates_the_same_row(feed, make_draft):
    first = upsert_article(make_draft(), source=feed.source, feed=feed)
    second = upsert_article(
        make_draft(title="Ferry service resumes after storm"), source=feed.source, feed=feed
    )
    assert first.pk == second.pk and first.public_id == second.public_id
    assert Article.objects.get().title == "Ferry service resumes after storm"


def test_public_id_is_stable_for_the_same_url(feed, make_draft):
    first = upsert_article(make_draft(), source=feed.source, feed=feed)
    Article.objects.all().delete()
    again = upsert_article(make_draft(), source=feed.source, feed=feed)
    assert again.public_id == first.public_id


def test_upsert_article_strips_nul_bytes(feed, make_draft):
    article = upsert_article(
        make_draft(title="Nul\x00title", body="a\x00b"), source=feed.source, feed=feed
    )
    article.refresh_from_db()
    assert article.title == "Nultitle" and article.body == "ab"


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_stores_of_the_same_entries_leave_one_row_each(feed, make_draft):
    drafts = [make_draft(f"https://harbour.example/a/{i}") for i in range(20)]
    errors = []

    def store():
        try:
            store_articles(feed, drafts)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=store) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Article.objects.count() == 20
    assert FeedEntry.objects.count() == 20
