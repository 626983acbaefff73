"""Event time: datelines, dates and weekdays in the lead, the feed date, and dates not trusted."""

from __future__ import annotations

from datetime import UTC, datetime

from broadsheet.clustering.eventtime import event_time

PUBLISHED = datetime(2011, 8, 25, 9, 30, tzinfo=UTC)  # a Thursday


def test_a_dateline_gives_the_day_of_the_event() -> None:
    found = event_time("Jobs resigns", "Wednesday, August 24, 2011. Steve Jobs...", PUBLISHED)
    assert found.basis == "dateline"
    assert found.when == datetime(2011, 8, 24, 12, tzinfo=UTC)


def test_a_date_in_the_lead_within_two_weeks_is_the_event() -> None:
    text = "After a long day of talks, the board of directors met on 20 August 2011 and agreed."
    found = event_time("Board accepts resignation", text, PUBLISHED)
    assert found == found.__class__(datetime(2011, 8, 20, 12, tzinfo=UTC), "lead", None)


def test_a_date_long_before_publication_is_background_not_the_event() -> None:
    text = "Jobs, who returned to Apple in 1997 and took leave on January 17, 2011, resigned."
    found = event_time("Jobs resigns", "The company said. " + text, PUBLISHED)
    assert found.basis == "published"
    assert found.when == PUBLISHED


def test_a_weekday_in_the_lead_is_the_latest_such_day() -> None:
    found = event_time("Jobs resigns", "Apple said on Wednesday that Steve Jobs...", PUBLISHED)
    assert found.basis == "weekday"
    assert found.when is not None and found.when.date().isoformat() == "2011-08-24"


def test_missing_future_and_ancient_dates_are_not_trusted() -> None:
    now = datetime(2026, 12, 6, tzinfo=UTC)
    for published, why in (
        (None, "missing"),
        (datetime(2099, 1, 1, tzinfo=UTC), "in the future"),
        (datetime(1970, 1, 1, tzinfo=UTC), "too old"),
    ):
        found = event_time("A headline", "On Monday, 3 March 2026, something", published, now=now)
        assert (found.when, found.basis, found.odd) == (None, "none", why)


def test_dates_in_another_calendar_or_language_fall_back_to_the_feed_date() -> None:
    for text in (
        "تهران، ۱۴۰۲/۰۵/۱۲ — خبر",
        "PARÍS, 3 de marzo de 2011 (EFE) — La noticia",
        "February 30, 2011: not a day. On Blursday, 31/02/2011.",
    ):
        found = event_time("Headline", text, PUBLISHED)
        assert (found.when, found.basis) == (PUBLISHED, "published")


def test_a_naive_feed_date_is_read_as_utc() -> None:
    found = event_time("Headline", "Text", datetime(2011, 8, 25, 9, 30))
    assert found.when == PUBLISHED
