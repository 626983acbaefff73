"""Read marks kept per process under the reader's reads version (readers/read_marks.py): a
list asked again costs no query, and every change of the reader's marks shows at once."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from broadsheet.readers import services
from broadsheet.readers.models import ReadState
from broadsheet.readers.read_marks import KEPT_LIST_LENGTH


def _marks_queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum("readers_readstate" in q["sql"] for q in queries)


def test_the_home_page_asks_for_read_marks_once_per_change(reader, sources, make_story):
    first, second = make_story("Ferry resumes", sources[:2]).articles.order_by("pk")
    client = Client()
    client.force_login(reader)
    assert _marks_queries(client, "/en/") == 1
    assert _marks_queries(client, "/en/") == 0
    services.mark_read(reader, first)
    assert _marks_queries(client, "/en/") == 1
    assert services.read_article_ids(reader, [first.pk, second.pk]) == {first.pk}


def test_every_service_that_writes_marks_shows_on_the_next_read(reader, other_reader, sources,
                                                                make_story):  # fmt: skip
    first, second = make_story("Ferry resumes", sources[:2]).articles.order_by("pk")
    ids = [first.pk, second.pk]
    assert services.read_article_ids(reader, ids) == set()
    services.mark_many_read(reader, ids)
    assert services.read_article_ids(reader, ids) == {first.pk, second.pk}
    assert services.read_article_ids(other_reader, ids) == set()  # kept per reader
    services.mark_unread(reader, first)
    assert services.read_article_ids(reader, ids) == {second.pk}
    services.unread_recently_read(reader, seconds=3600)
    assert services.read_article_ids(reader, ids) == set()


def test_a_mark_saved_outside_the_services_is_seen(reader, sources, make_story):
    article = make_story("Ferry resumes", sources[:1]).articles.get()
    assert services.read_article_ids(reader, [article.pk]) == set()
    ReadState.objects.create(user=reader, article=article)  # the admin, a shell
    assert services.read_article_ids(reader, [article.pk]) == {article.pk}


def test_a_kept_answer_is_a_copy(reader, sources, make_story):
    article = make_story("Ferry resumes", sources[:1]).articles.get()
    services.mark_read(reader, article)
    services.read_article_ids(reader, [article.pk]).clear()
    assert services.read_article_ids(reader, [article.pk]) == {article.pk}


def test_a_long_list_is_asked_of_the_database_every_time(reader, sources, make_story):
    article = make_story("Ferry resumes", sources[:1]).articles.get()
    services.mark_read(reader, article)
    ids = [article.pk, *range(10_000, 10_000 + KEPT_LIST_LENGTH)]
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert services.read_article_ids(reader, ids) == {article.pk}
        assert sum("readers_readstate" in q["sql"] for q in queries) == 1
