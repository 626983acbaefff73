"""Long prefixes expand through the term table: the same articles, whatever was re-indexed."""

import pytest
from django.db import connection

from broadsheet.articles.models import Article
from broadsheet.search import get_backend
from broadsheet.search.terms import count_all_terms, prefix_terms
from broadsheet.search.tests.conftest import found_ids

# The term table belongs to the SQLite index; the searches run on both backends.
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 only")


def _term_table() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT term, docs FROM search_term")
        return dict(cursor.fetchall())


def test_a_long_prefix_finds_every_article_with_a_word_it_starts(publish, search):
    wanted = {
        publish("Ferries cancelled", "Wind.").pk,
        publish("A ferryman retires", "After forty years.").pk,
        publish("Harbour news", "The FERRY'S engine failed.").pk,
    }
    publish("Fern festival", "Ferns everywhere.")
    assert set(found_ids(search("ferr*"))) == wanted
    assert set(found_ids(search("Ferry*"))) == wanted - {found_ids(search("ferries"))[0]}


def test_a_prefix_folds_case_and_accents_as_the_index_does(publish, search):
    cafe = publish("Café owners protest", "Prices.")
    cafeteria = publish("Cafeteria closes", "Schools.")
    assert set(found_ids(search("CAFÉ*"))) == {cafe.pk, cafeteria.pk}


def test_a_hyphenated_prefix_is_a_phrase_ending_in_any_of_its_words(publish, search):
    wanted = publish("Harbour ferryman retires", "Forty years.")
    publish("Ferryman of the harbour", "Forty years.")
    assert found_ids(search("harbour-ferr*")) == [wanted.pk]


def test_an_excluded_prefix_removes_every_word_it_starts(publish, search):
    kept = publish("Ferry resumes", "Boats are running.")
    publish("Ferry strikes", "Crews walk out.")
    publish("Ferry striker", "Crews walk out.")
    assert found_ids(search("ferry -strik*")) == [kept.pk]


@sqlite_only
def test_the_most_frequent_words_stand_for_a_prefix_first(publish):
    for n in range(3):
        publish(f"Ferry report {n}", "Ferries run.")
    publish("Ferryman", "Ferries run.")
    with connection.cursor() as cursor:
        assert prefix_terms(cursor, "ferr", limit=2) == ("ferries", "ferry")


@sqlite_only
def test_term_counts_follow_updates_and_removals(publish, backend):
    first = publish("Ferry resumes", "Boats run, boats sail.")
    second = publish("Ferry timetable", "Winter boats.")
    assert _term_table()["ferry"] == 2 and _term_table()["boats"] == 2
    Article.objects.filter(pk=first.pk).update(title="Bus replaces service", body="No boats.")
    backend.index_articles([first.pk])
    backend.remove_articles([second.pk])
    counts = _term_table()
    assert "ferry" not in counts and "timetable" not in counts
    assert counts["bus"] == 1 and counts["boats"] == 1
    with connection.cursor() as cursor:
        count_all_terms(cursor)  # a count from scratch agrees with the kept one
    assert _term_table() == counts


@sqlite_only
def test_a_word_found_in_both_title_and_body_counts_once_per_column(publish):
    publish("Ferry resumes", "The ferry runs.")
    assert _term_table()["ferry"] == 2


@sqlite_only
def test_rebuild_keeps_the_term_table_in_step(publish):
    publish("Ferry resumes", "Boats run.")
    article = publish("Ferry timetable", "Winter boats.")
    Article.objects.filter(pk=article.pk).update(title="Bus timetable")
    get_backend().rebuild()
    assert _term_table()["ferry"] == 1 and _term_table()["bus"] == 1
