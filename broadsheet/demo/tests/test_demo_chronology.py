"""The demo shows recent dates at start while keeping the corpus's chronology true."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import combinations

import pytest

from broadsheet.demo.chronology import GAP_LIMIT, close_gaps, release_order, shown_times
from broadsheet.demo.publishers import DemoPublishers
from broadsheet.demo.tests.test_demo_publishers import FakeClock

DAY = timedelta(days=1)
START = datetime(2005, 1, 18, 12, tzinfo=UTC)


def test_close_gaps_keeps_short_gaps_and_weekdays_and_shrinks_long_ones() -> None:
    times = [START, START + 2 * DAY, START + 20 * DAY, START + 800 * DAY, START + 801 * DAY]
    closed = close_gaps(times)
    gaps = [later - earlier for earlier, later in zip(closed, closed[1:], strict=False)]
    assert gaps[0] == 2 * DAY and gaps[1] == 18 * DAY and gaps[3] == DAY
    assert GAP_LIMIT <= gaps[2] < GAP_LIMIT + timedelta(weeks=1)
    assert [t.weekday() for t in closed] == [t.weekday() for t in times]
    assert [t.time() for t in closed] == [t.time() for t in times]


def test_close_gaps_refuses_times_out_of_order() -> None:
    with pytest.raises(ValueError, match="ascending"):
        close_gaps([START, START - DAY])


def test_shown_times_put_the_newest_within_a_week_before_the_anchor() -> None:
    anchor = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
    shown = shown_times([START, START + 3 * DAY], newest_at=anchor)
    assert anchor - timedelta(weeks=1) < shown[-1] <= anchor
    assert shown[1] - shown[0] == 3 * DAY
    assert shown[0].weekday() == START.weekday()
    assert shown_times([], newest_at=anchor) == []


def test_release_order_puts_the_newest_first_then_the_rest_from_the_oldest() -> None:
    assert release_order(7, initial=3) == [4, 5, 6, 0, 1, 2, 3]
    assert release_order(3, initial=5) == [0, 1, 2]
    assert release_order(3, initial=0) == [0, 1, 2]


def test_the_demo_front_page_starts_with_recent_dates_and_true_distances() -> None:
    with DemoPublishers(clock=FakeClock()) as running:
        now = datetime.now(UTC)
        out = running.released_articles()
        newest_out = max(running.published_at(article) for article in out)
        # What a reader sees first is recent: not the "4 years ago" of oldest-first release.
        assert now - timedelta(weeks=1) - timedelta(minutes=5) < newest_out < now
        newest_corpus = max(running.articles, key=lambda article: article.original_published)
        assert newest_corpus in out
        running.release_all()
        pairs = combinations(sorted(running.articles, key=lambda a: a.number), 2)
        for one, other in pairs:
            true = other.original_published - one.original_published
            shown = running.published_at(other) - running.published_at(one)
            # Within three weeks: the true distance; beyond: never closer than three weeks,
            # so no story (14 days, plus a week of "on Monday") can hold both.
            assert shown == true if true <= GAP_LIMIT else GAP_LIMIT <= shown <= true
