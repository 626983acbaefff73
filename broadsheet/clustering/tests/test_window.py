"""The window bounds memory: old articles leave the index and idle stories are closed."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from broadsheet.clustering import ClusterConfig, Doc, StoryClusterer

from .corpus import as_doc, load_records


def test_window_bounds_memory_by_evicting_old_stories() -> None:
    config = replace(ClusterConfig(), window=timedelta(hours=5), min_docs=0)
    clusterer = StoryClusterer(config)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    records = load_records()[:200]
    for n, record in enumerate(records):
        doc = replace(as_doc(record), published_at=start + timedelta(hours=n))
        clusterer.add(doc, key=str(n))
        assert clusterer.live_articles <= 6
        assert clusterer.live_stories <= 6
    with pytest.raises(KeyError):
        clusterer.story_of("0")
    assert clusterer.story_of(str(len(records) - 1)) >= 0


def test_articles_without_dates_are_bounded_by_a_count() -> None:
    clusterer = StoryClusterer(replace(ClusterConfig(), max_docs=50))
    for n, record in enumerate(load_records()[:150]):
        clusterer.add(Doc(title=record["title"], text=record["text"]), key=str(n))
    assert clusterer.live_articles == 50
    assert clusterer.live_stories <= 50


def test_the_newest_arrivals_stay_whatever_their_dates() -> None:
    # A start-up backlog polled feed by feed: one feed's newest article comes first.
    config = replace(ClusterConfig(), window=timedelta(hours=5), min_docs=4)
    clusterer = StoryClusterer(config)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    for n, record in enumerate(load_records()[:12]):
        clusterer.add(replace(as_doc(record), published_at=start + timedelta(days=n)), key=str(n))
        assert clusterer.live_articles == min(n + 1, 4)
    with pytest.raises(KeyError):
        clusterer.story_of("7")
    assert clusterer.story_of("8") >= 0
