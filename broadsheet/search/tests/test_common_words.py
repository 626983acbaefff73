"""FTS5: very common words filter but are left out of bm25, whose IDF would scan them all."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from broadsheet.search import SearchQuery
from broadsheet.search.tests.conftest import found_ids


@pytest.fixture
def fts5_backend(db):
    if connection.vendor != "sqlite":
        pytest.skip("FTS5 only")
    from broadsheet.search.fts5 import Fts5Backend

    # Any word in more than one document counts as common here.
    return Fts5Backend(common_docs=1)


def test_a_query_of_common_words_lists_title_matches_first_then_newest(publish, fts5_backend):
    now = timezone.now()
    in_title = publish("Ferry news", "Ferry boats.", published_at=now - timedelta(days=3))
    older = publish("Update", "The ferry runs.", published_at=now - timedelta(days=2))
    newer = publish("Update", "The ferry sails.", published_at=now - timedelta(days=1))
    results = fts5_backend.search(SearchQuery("ferry"))
    assert found_ids(results) == [in_title.pk, newer.pk, older.pk]
    assert [hit.score for hit in results.hits] == [1.0, 0.0, 0.0]


def test_common_words_still_filter_while_rare_words_rank(publish, fts5_backend):
    publish("Ferry news", "Ferry boats.")
    publish("Ferry harbour", "Ferry boats and lighthouse.")
    wanted = publish("Ferry lighthouse", "Ferry boats.")
    fts5_backend.planner.common_docs = 2  # ferry (3 documents) is common, lighthouse is not
    results = fts5_backend.search(SearchQuery("ferry lighthouse"))
    assert results.total == 2
    assert found_ids(results)[0] == wanted.pk and results.hits[0].score > results.hits[1].score


def test_a_common_word_is_still_highlighted(publish, fts5_backend):
    publish("Ferry news", "Ferry boats.")
    publish("Ferry lighthouse", "Ferry boats.")
    hit = fts5_backend.search(SearchQuery("ferry lighthouse")).hits[0]
    assert hit.title_html == "<mark>Ferry</mark> <mark>lighthouse</mark>"


@pytest.fixture
def spread(publish):
    """Six articles a day apart; "ferry" is in the 5th and 6th newest only."""
    now = timezone.now()
    old = publish("Ferry", "Boats.", published_at=now - timedelta(days=9))
    for days in range(4):
        publish("Update", f"Other news {days}.", published_at=now - timedelta(days=days))
    newer = publish("Ferry", "Boats.", published_at=now - timedelta(days=5))
    return old, newer, now


def test_common_words_search_the_smallest_newest_scope_holding_a_page(spread, fts5_backend):
    _, newer, _ = spread
    fts5_backend.scopes.sizes = (2, 5)
    results = fts5_backend.search(SearchQuery("ferry", limit=1))
    assert found_ids(results) == [newer.pk] and results.is_total_capped
    assert found_ids(fts5_backend.search(SearchQuery("ferry", limit=2))) == [newer.pk]


def test_a_date_filter_moves_the_scopes_back_in_time(spread, fts5_backend):
    old, _, now = spread
    fts5_backend.scopes.sizes = (2, 5)
    results = fts5_backend.search(SearchQuery("ferry", until=now - timedelta(days=8)))
    assert found_ids(results) == [old.pk]
