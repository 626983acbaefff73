"""index_articles and remove_articles keep the index in step with the articles table."""

import io

from django.core.management import call_command

from broadsheet.articles.models import Article
from broadsheet.search import get_backend
from broadsheet.search.tests.conftest import found_ids


def test_reindexing_an_updated_article_replaces_its_old_text(publish, search, backend):
    article = publish("Ferry resumes", "Boats are running.")
    Article.objects.filter(pk=article.pk).update(title="Bus replaces service", body="No boats.")
    backend.index_articles([article.pk])
    assert search("ferry").hits == []
    assert found_ids(search("bus")) == [article.pk]


def test_indexing_twice_leaves_one_entry(publish, search, backend):
    article = publish("Ferry resumes", "Boats are running.")
    backend.index_articles([article.pk, article.pk])
    backend.index_articles([article.pk])
    results = search("ferry")
    assert found_ids(results) == [article.pk] and results.total == 1


def test_removed_articles_are_no_longer_found(publish, search, backend):
    article = publish("Ferry resumes", "Boats are running.")
    kept = publish("Ferry timetable", "Winter times.")
    backend.remove_articles([article.pk, 999_999])
    assert found_ids(search("ferry")) == [kept.pk]


def test_indexing_a_deleted_article_removes_it(publish, search, backend):
    article = publish("Ferry resumes", "Boats are running.")
    article_id = article.pk
    article.delete()
    backend.index_articles([article_id])
    assert search("ferry").hits == []


def test_moving_an_article_in_time_keeps_one_entry(publish, search, backend):
    article = publish("Ferry resumes", "Boats are running.")
    Article.objects.filter(pk=article.pk).update(
        published_at=article.published_at.replace(year=2001)
    )
    backend.index_articles([article.pk])
    assert search("ferry").total == 1
    assert search("ferry", until=article.published_at.replace(year=2002)).total == 1


def test_rebuild_indexes_every_article_and_drops_stale_entries(publish, search, backend):
    article = publish("Ferry resumes", "Boats are running.")
    unindexed = publish("Ferry timetable", "Winter times.")
    backend.remove_articles([unindexed.pk])
    Article.objects.filter(pk=article.pk).update(title="Bus replaces service")
    get_backend().rebuild()
    assert found_ids(search("ferry")) == [unindexed.pk]


def test_rebuild_command_indexes_stored_articles(publish, search, backend):
    article = publish("Ferry resumes", "Boats are running.")
    backend.remove_articles([article.pk])
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert found_ids(search("ferry")) == [article.pk]
