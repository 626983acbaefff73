"""No story spans more than two weeks of event time; the later chapter is linked, not merged."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from broadsheet.clustering import ClusterConfig, Doc, StoryClusterer, cluster_articles

from .corpus import load_records

START = datetime(2024, 3, 1, 12, tzinfo=UTC)


def _report(n: int, when: datetime | None) -> Doc:
    """One corpus report, retold by another outlet (same words: content alone would join)."""
    record = load_records()[10]
    return Doc(title=record["title"], text=record["text"], source=f"outlet{n}", published_at=when)


def test_reports_a_few_days_apart_join_one_story() -> None:
    labels = cluster_articles([_report(0, START), _report(1, START + timedelta(days=2))])
    assert labels[0] == labels[1]


def test_a_back_dated_report_does_not_join_a_story_weeks_away() -> None:
    clusterer = StoryClusterer()
    first = clusterer.add(_report(0, START), key="now")
    late = clusterer.add(_report(1, START - timedelta(days=40)), key="back-dated")
    assert late.story != first.story
    assert late.follows == first.story


def test_a_long_window_still_keeps_stories_within_the_span() -> None:
    clusterer = StoryClusterer(replace(ClusterConfig(), window=timedelta(days=90)))
    first = clusterer.add(_report(0, START), key="a")
    near = clusterer.add(_report(1, START + timedelta(days=10)), key="b")
    far = clusterer.add(_report(2, START + timedelta(days=20)), key="c")
    assert near.story == first.story
    assert far.story != first.story
    assert far.follows == first.story


def test_an_article_with_no_date_is_placed_by_content() -> None:
    labels = cluster_articles([_report(0, START), _report(1, None)])
    assert labels[0] == labels[1]


def test_a_report_weeks_after_a_closed_story_opens_a_new_story_that_continues_it() -> None:
    clusterer = StoryClusterer(replace(ClusterConfig(), min_docs=0))  # stories close by time
    first = clusterer.add(_report(0, START), key="first")
    other_record = load_records()[40]
    clusterer.add(
        Doc(title=other_record["title"], text=other_record["text"], published_at=START),
        key="other",
    )
    later = clusterer.add(_report(1, START + timedelta(days=30)), key="later")
    assert later.story != first.story
    assert later.follows == first.story
    assert not clusterer.is_open(first.story) and clusterer.is_known(first.story)


def test_closed_stories_are_kept_in_brief_within_bounds() -> None:
    from broadsheet.clustering.chapters import ChapterIndex

    chapters = ChapterIndex(keep=timedelta(days=10), limit=3)
    for sid in range(5):
        chapters.close(sid, {f"word{sid}": 1.0, "shared": 0.5}, START + timedelta(days=sid))
    assert len(chapters) == 3 and 0 not in chapters and 4 in chapters
    assert chapters.continued_by({"word3": 1.0}, threshold=0.5) == 3
    assert chapters.continued_by({"unknown": 1.0}, threshold=0.1) is None
    chapters.expire(START + timedelta(days=12, hours=1))
    assert 2 not in chapters and 3 in chapters


def test_a_late_report_joins_only_a_story_published_within_the_window_of_it() -> None:
    # A backlog polled feed by feed: a newer story first, then older reports arrive.
    clusterer = StoryClusterer()
    newer = clusterer.add(_report(0, START + timedelta(days=6)), key="newer")
    near = clusterer.add(_report(1, START + timedelta(days=4)), key="two days before")
    far = clusterer.add(_report(2, START), key="six days before")
    assert near.story == newer.story
    assert far.story != newer.story  # within the 14-day span, but the story was not yet out
    assert far.follows == newer.story
