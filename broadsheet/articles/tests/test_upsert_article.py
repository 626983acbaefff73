"""Articles are unique on their canonical URL: re-ingesting updates, never duplicates."""

import threading

import pytest
from django.db import connection

from broadsheet.articles.models import Article, FeedEntry
from broadsheet.articles.services import upsert_article, upsert_articles
from broadsheet.ingest.services import store_articles
from broadsheet.lib.ids import public_id_for


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


def test_a_batch_of_new_articles_is_stored_in_a_few_queries(
    feed, make_draft, django_assert_max_num_queries
):
    drafts = [make_draft(f"https://harbour.example/a/{i}") for i in range(10)]
    with django_assert_max_num_queries(8):  # one at a time this took 80
        articles = upsert_articles(drafts, source=feed.source, feed=feed)
    assert [a.url for a in articles] == [d.url for d in drafts]
    assert all(a.pk for a in articles)
    assert FeedEntry.objects.filter(article__in=articles).count() == 10


def test_a_batch_mixing_stored_and_new_articles_updates_one_and_adds_the_rest(feed, make_draft):
    stored = upsert_article(
        make_draft("https://harbour.example/a/0"), source=feed.source, feed=feed
    )
    drafts = [
        make_draft("https://harbour.example/a/0", title="Ferry back on schedule"),
        make_draft("https://harbour.example/a/1"),
    ]
    first, second = upsert_articles(drafts, source=feed.source, feed=feed)
    assert first.pk == stored.pk and Article.objects.get(pk=stored.pk).title.endswith("schedule")
    assert second.pk != stored.pk and Article.objects.count() == 2


def test_the_same_url_twice_in_a_batch_is_one_article_with_the_later_text(feed, make_draft):
    drafts = [
        make_draft("https://harbour.example/a/1", entry_key="guid-1"),
        make_draft("https://harbour.example/a/1", entry_key="guid-2", title="Later headline"),
    ]
    first, second = upsert_articles(drafts, source=feed.source, feed=feed)
    assert first.pk == second.pk and Article.objects.get().title == "Later headline"
    assert set(FeedEntry.objects.values_list("key", flat=True)) == {"guid-1", "guid-2"}


def test_an_id_collision_in_a_batch_falls_back_to_the_next_salt(feed, make_draft):
    url = "https://harbour.example/a/1"
    squatter = upsert_article(make_draft("https://harbour.example/other"), source=feed.source,
                              feed=feed)  # fmt: skip
    Article.objects.filter(pk=squatter.pk).update(public_id=public_id_for(url))
    drafts = [make_draft(url), make_draft("https://harbour.example/a/2")]
    collided, other = upsert_articles(drafts, source=feed.source, feed=feed)
    assert collided.public_id == public_id_for(url, salt=1)
    assert other.public_id == public_id_for("https://harbour.example/a/2")
    assert Article.objects.count() == 3 and FeedEntry.objects.count() == 3


def test_a_changed_entry_is_relinked_to_its_new_article(feed, make_draft):
    upsert_article(make_draft("https://harbour.example/a/1", entry_key="g"), source=feed.source,
                   feed=feed)  # fmt: skip
    moved = upsert_article(make_draft("https://harbour.example/a/2", entry_key="g"),
                           source=feed.source, feed=feed)  # fmt: skip
    assert FeedEntry.objects.get(key="g").article_id == moved.pk
