"""A full text that just misses a story joins it when its headline says what a member's did."""

from __future__ import annotations

from dataclasses import replace

from broadsheet.clustering import ClusterConfig, Doc, StoryClusterer

BODY = (
    "Divers reached the wreck on Tuesday after two days of storms kept the salvage crews in "
    "port. The coastguard said the hull had broken in two and that fuel was leaking slowly "
    "from the stern tanks, while fishermen from the nearby villages counted dead seabirds "
    "along the shore. Insurers sent surveyors, the owners promised to pay for the clean-up "
    "and the port authority closed two channels to traffic until the booms are in place."
)
HEADLINE = "Salvage divers reach the Karinthia tanker wreck off Brest"


def _story(config: ClusterConfig | None = None, size: int = 2) -> tuple[StoryClusterer, object]:
    """A clusterer holding one story of `size` reports, each with the same headline."""
    clusterer = StoryClusterer(config)
    labels = {clusterer.add(Doc(HEADLINE, BODY), key=f"k{n}").story for n in range(size)}
    assert len(labels) == 1
    return clusterer, clusterer._stories[labels.pop()]


def _rescued(clusterer: StoryClusterer, story: object, title: str, score: float) -> bool:
    roles = clusterer._roles.read(title, "en")
    scored = [(score, story)]
    after = clusterer._headlines.rescue(
        scored, 0.2, title=title, roles=roles, articles=clusterer._articles
    )
    return after != scored and after[0] == (0.2, story)


def test_a_near_miss_whose_headline_matches_a_members_joins() -> None:
    clusterer, story = _story()
    assert _rescued(clusterer, story, "Divers reach Karinthia wreck off Brest", 0.15)


def test_other_headlines_and_far_misses_are_not_rescued() -> None:
    clusterer, story = _story()
    assert not _rescued(clusterer, story, "Brest fishermen protest new quotas", 0.15)
    assert not _rescued(clusterer, story, "Divers reach Karinthia wreck off Brest", 0.10)


def test_a_story_of_one_and_a_conflicting_actor_are_not_rescued() -> None:
    clusterer, story = _story(size=1)
    assert not _rescued(clusterer, story, "Divers reach Karinthia wreck off Brest", 0.15)
    # The same words with another actor (headline roles conflict): not the same event.
    conflict = StoryClusterer()
    for key in ("a", "b"):
        label = conflict.add(Doc("French navy says divers reached Karinthia wreck", BODY), key=key)
    story = conflict._stories[label.story]
    assert _rescued(conflict, story, "French navy says divers reached the Karinthia", 0.15)
    assert not _rescued(conflict, story, "British navy says divers reached Karinthia wreck", 0.15)


def test_the_rescue_can_be_turned_off() -> None:
    clusterer, story = _story(replace(ClusterConfig(), headline_match=0.0))
    assert not _rescued(clusterer, story, "Divers reach Karinthia wreck off Brest", 0.15)
