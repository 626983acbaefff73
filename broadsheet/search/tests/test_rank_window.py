"""Past the rank window only the newest matches are ranked, and the total says so."""

from datetime import timedelta

from django.utils import timezone

from broadsheet.search import SearchQuery, get_backend


def test_more_matches_than_the_window_rank_only_the_newest(publish):
    now = timezone.now()
    oldest = publish("Ferry ferry ferry", "Ferry.", published_at=now - timedelta(days=9))
    for days in range(3):
        publish("Ferry", "Boats.", published_at=now - timedelta(days=days))
    backend = type(get_backend())(rank_window=3)
    results = backend.search(SearchQuery("ferry"))
    assert results.total == 3 and results.is_total_capped
    assert oldest.pk not in [hit.article_id for hit in results.hits]


def test_a_date_filter_reaches_matches_behind_the_window(publish):
    now = timezone.now()
    oldest = publish("Ferry ferry ferry", "Ferry.", published_at=now - timedelta(days=9))
    for days in range(3):
        publish("Ferry", "Boats.", published_at=now - timedelta(days=days))
    backend = type(get_backend())(rank_window=3)
    results = backend.search(SearchQuery("ferry", until=now - timedelta(days=5)))
    assert [hit.article_id for hit in results.hits] == [oldest.pk]
    assert results.total == 1 and not results.is_total_capped
