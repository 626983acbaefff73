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
