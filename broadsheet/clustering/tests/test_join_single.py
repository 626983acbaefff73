"""A story of one merges into a story it would join now: its article arrived before the other
story grew enough to take it (the order effect of a single pass)."""

from __future__ import annotations

import math
from dataclasses import replace

from broadsheet.clustering import ClusterConfig, Doc, StoryClusterer
from broadsheet.clustering.live_stories import Story, would_join
from broadsheet.clustering.vectors import dot


def _word(i: int) -> str:
    """A made-up word (no stopword, not in the background corpus), one per number."""
    consonants, vowels = "bcdfghklmnprstvz", "aeiou"
    return "".join(consonants[(i >> 4 * k) % 16] + vowels[(i >> 4 * k + 2) % 5] for k in range(3))


WORDS = [_word(i) for i in range(4000)]
CORE = WORDS[:30]  # what the story's reports share


def _text(words: list[str]) -> str:
    return " ".join(words) + "."


def _desk(shared: int, *, join_single: bool = True) -> tuple[StoryClusterer, Story, Story]:
    """A story of two reports and a story of one sharing `shared` of their 30 core words."""
    clusterer = StoryClusterer(replace(ClusterConfig(), join_single=join_single))
    for n in range(2):
        own = WORDS[100 + 30 * n : 110 + 30 * n] + WORDS[2000 + 60 * n : 2015 + 60 * n]
        clusterer.restore(Doc(title="x", text=_text(CORE + own)), key=f"a{n}", story=0)
    single = CORE[:shared] + WORDS[3900:3940]
    clusterer.restore(Doc(title="y", text=_text(single)), key="b", story=1)
    return clusterer, clusterer._stories[0], clusterer._stories[1]


def _merge_ratio(clusterer: StoryClusterer, one: Story, other: Story) -> float:
    """Cross similarity over cohesion, as the ordinary merge test computes it."""
    prior = clusterer.config.prior_cohesion
    cross = dot(one.centroid, other.centroid) / (one.size * other.size)
    return cross / math.sqrt(one.cohesion(prior=prior) * other.cohesion(prior=prior))


def test_a_story_of_one_that_would_join_now_is_taken_in() -> None:
    clusterer, story, single = _desk(16)
    # Under the ordinary merge bar (0.70 of cohesion), above the join bar as an article.
    assert _merge_ratio(clusterer, story, single) < clusterer.config.merge_threshold
    assert would_join(story, single, clusterer.config)
    assert would_join(single, story, clusterer.config)  # either way round


def test_a_story_of_one_too_far_from_the_story_stays_alone() -> None:
    clusterer, story, single = _desk(8)
    assert not would_join(story, single, clusterer.config)


def test_two_stories_of_one_or_the_setting_off_leave_it_to_the_merge_bar() -> None:
    clusterer, story, single = _desk(16, join_single=False)
    assert not would_join(story, single, clusterer.config)
    clusterer, _, single = _desk(16)
    other = clusterer._open(clusterer.new_label())
    other.add(dict(single.centroid), max_terms=300)
    assert not would_join(single, other, clusterer.config)
