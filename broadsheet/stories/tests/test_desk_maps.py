"""The desk's label <-> story maps stay as small as the window, however long a process runs."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from broadsheet.clustering import ClusterConfig, Doc, StoryClusterer
from broadsheet.stories import desk as desk_module
from broadsheet.stories.desk import Stored, StoryDesk


def _doc(n: int) -> Doc:
    words = " ".join(f"w{n}x{k}" for k in range(6))
    return Doc(title=f"t{n} {words}", text="", source="s", url=f"https://s.example/{n}")


def test_labels_of_closed_stories_are_forgotten(monkeypatch):
    monkeypatch.setattr(desk_module, "PRUNE_EVERY", 10)
    desk = StoryDesk()
    desk.clusterer = StoryClusterer(replace(ClusterConfig(), max_docs=40, chapter_limit=30))
    for n in range(300):
        placement = desk.place(f"a{n}", _doc(n))
        desk.bind(placement.label, 1_000 + n)  # what the services do with a new story
    # The window's stories, the closed ones kept in brief, and up to a pruning round more.
    assert len(desk.story_for_label) <= 40 + 30 + 10
    assert len(desk.label_for_story) <= 40 + 10
    # The stories still in the window keep their mapping.
    label = desk.clusterer.story_of("a299")
    assert desk.story_for_label[label] == 1_299 and desk.label_for_story[1_299] == label


def test_a_replayed_window_is_pruned_too(monkeypatch):
    monkeypatch.setattr(desk_module, "PRUNE_EVERY", 10)
    desk = StoryDesk()
    desk.clusterer = StoryClusterer(replace(ClusterConfig(), max_docs=40, chapter_limit=30))
    desk.replay(Stored(f"a{n}", _doc(n), 1_000 + n) for n in range(300))
    assert len(desk.label_for_story) <= 40 + 10
    assert desk.story_for_label[desk.clusterer.story_of("a299")] == 1_299


def test_the_articles_seen_are_forgotten_once_no_catch_up_can_list_them(monkeypatch):
    monkeypatch.setattr(desk_module, "PRUNE_EVERY", 10)
    desk = StoryDesk()
    desk.clusterer = StoryClusterer(replace(ClusterConfig(), max_docs=40, chapter_limit=30))
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for n in range(300):
        placed_at = start + timedelta(seconds=10 * n)
        desk.place(f"a{n}", _doc(n))
        desk.stamp(f"a{n}", placed_at)
        desk.high_water = placed_at
    # Three placements fall within CLOCK_SKEW (30 s), plus up to a pruning round more.
    assert len(desk.seen) <= 4 + 10
    assert desk.knows("a299") and desk.knows("a296")
