"""A story whose burst of coverage ended long ago does not take a new report: the report
opens the next chapter (bursts.py); slow coverage and undated articles are left alone."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from broadsheet.clustering import ClusterConfig, Doc, StoryClusterer, cluster_articles
from broadsheet.clustering.bursts import burst_ended, bursts_apart
from broadsheet.clustering.live_stories import Story

from .corpus import load_records

START = datetime(2024, 3, 1, 8, tzinfo=UTC)


def _report(n: int, when: datetime | None) -> Doc:
    """One corpus report, retold by another outlet (same words: content alone would join)."""
    record = load_records()[10]
    return Doc(title=record["title"], text=record["text"], source=f"outlet{n}", published_at=when)


def _burst(clusterer: StoryClusterer, size: int, *, every: timedelta) -> int:
    """`size` reports `every` apart from START; the story they make."""
    stories = {clusterer.add(_report(n, START + n * every), key=f"r{n}").story for n in range(size)}
    assert len(stories) == 1
    return stories.pop()


def test_a_report_after_a_burst_went_quiet_opens_the_next_chapter() -> None:
    clusterer = StoryClusterer()
    story = _burst(clusterer, 5, every=timedelta(minutes=10))
    later = clusterer.add(_report(9, START + timedelta(hours=14)), key="next day")
    assert later.story != story
    assert later.follows == story


def test_a_report_within_the_quiet_time_still_joins() -> None:
    clusterer = StoryClusterer()
    story = _burst(clusterer, 5, every=timedelta(minutes=10))
    assert clusterer.add(_report(9, START + timedelta(hours=10)), key="same day").story == story


def test_slow_coverage_of_a_few_reports_is_not_a_burst() -> None:
    # Two reports a day apart, then a third two days later: one event covered slowly.
    labels = cluster_articles(
        [_report(n, START + timedelta(days=d)) for n, d in enumerate((0, 1, 3))]
    )
    assert len(set(labels)) == 1


def test_a_story_covered_for_longer_than_its_silence_keeps_its_reports() -> None:
    # Five reports over 40 hours: a silence of 14 hours is shorter than its coverage.
    clusterer = StoryClusterer()
    story = _burst(clusterer, 5, every=timedelta(hours=10))
    late = clusterer.add(_report(9, START + timedelta(hours=54)), key="after 14 h")
    assert late.story == story


def test_without_publication_times_nothing_changes() -> None:
    labels = cluster_articles([_report(n, None) for n in range(6)])
    assert len(set(labels)) == 1


def test_the_rule_can_be_turned_off() -> None:
    clusterer = StoryClusterer(replace(ClusterConfig(), burst_members=0))
    story = _burst(clusterer, 5, every=timedelta(minutes=10))
    assert clusterer.add(_report(9, START + timedelta(hours=14)), key="next day").story == story


def _story(sid: int, size: int, first: datetime, last: datetime) -> Story:
    story = Story(sid)
    story.size = size
    story.see(first, last)
    return story


def test_a_story_opened_after_another_burst_ended_never_merges_into_it() -> None:
    config = ClusterConfig()
    early = _story(1, 6, START, START + timedelta(hours=1))
    late = _story(2, 3, START + timedelta(hours=20), START + timedelta(hours=21))
    assert bursts_apart(early, late, config) and bursts_apart(late, early, config)
    small = _story(3, 2, START, START + timedelta(hours=1))
    assert not bursts_apart(small, late, config)
    assert not burst_ended(early, None, config)
    assert not burst_ended(_story(4, 6, START, START), START + timedelta(hours=11), config)
