"""Title matches rank above body-only matches; equal scores list the newest first."""

from datetime import timedelta

from django.utils import timezone

from broadsheet.search.tests.conftest import found_ids

BODY = "The council met on Tuesday to discuss the harbour and other matters of the town."


def test_title_matches_rank_above_body_only_matches(publish, search):
    in_body = publish("Council meeting notes", BODY)
    in_title = publish("Harbour dredging plan", "The council met on Tuesday about the port.")
    assert found_ids(search("harbour")) == [in_title.pk, in_body.pk]


def test_equal_scores_list_the_newest_article_first(publish, search):
    now = timezone.now()
    older = publish("Ferry update", BODY, published_at=now - timedelta(days=2))
    newer = publish("Ferry update", BODY, published_at=now - timedelta(hours=1))
    results = search("ferry")
    assert found_ids(results) == [newer.pk, older.pk]
    assert results.hits[0].score == results.hits[1].score


def test_better_hits_have_higher_scores(publish, search):
    publish("Council meeting notes", BODY)
    publish("Harbour dredging plan", "The council met on Tuesday about the port.")
    scores = [hit.score for hit in search("harbour").hits]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[1]
