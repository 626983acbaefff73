"""A split sibling's member that belongs with the story just joined moves into it (regather.py):
in a single pass it came before the split, or joined the wrong side while the other was thin."""

from __future__ import annotations

import math
from dataclasses import replace

from broadsheet.clustering import ClusterConfig, Doc, StoryClusterer
from broadsheet.clustering.live_stories import Story
from broadsheet.clustering.member import Member
from broadsheet.clustering.regather import fits_other, neighbours_in


def _word(i: int) -> str:
    """A made-up word (no stopword, not in the background corpus), one per number."""
    consonants, vowels = "bcdfghklmnprstvz", "aeiou"
    return "".join(consonants[(i >> 4 * k) % 16] + vowels[(i >> 4 * k + 2) % 5] for k in range(3))


WORDS = [_word(i) for i in range(4000)]
EVENT_A, EVENT_B = WORDS[:30], WORDS[500:530]


def _report(core: list[str], n: int) -> Doc:
    """A report of the event whose words are `core`, with 5 words of its own."""
    return Doc(title="x", text=" ".join(core + WORDS[2000 + 20 * n : 2005 + 20 * n]) + ".")


def _desk(config: ClusterConfig | None = None, *, apart: bool = True) -> StoryClusterer:
    """Story 0: three reports of event A. Story 1, split from it: three reports of event B
    and one report of A left there (it came before the split)."""
    clusterer = StoryClusterer(config)
    for n in range(3):
        clusterer.restore(_report(EVENT_A, n), key=f"a{n}", story=0)
        clusterer.restore(_report(EVENT_B, 10 + n), key=f"b{n}", story=1)
    clusterer.restore(_report(EVENT_A, 20), key="stray", story=1)
    if apart:
        clusterer.keep_apart(0, 1)
    return clusterer


def test_a_report_left_on_the_wrong_side_of_a_split_moves_when_its_story_grows() -> None:
    clusterer = _desk()
    assignment = clusterer.add(_report(EVENT_A, 30), key="a3")
    assert assignment.story == 0
    assert assignment.moved == {"stray": 1}
    assert clusterer.story_of("stray") == 0
    assert [clusterer.story_of(f"b{n}") for n in range(3)] == [1, 1, 1]


def test_only_split_siblings_are_regathered() -> None:
    clusterer = _desk(apart=False)
    assert clusterer.add(_report(EVENT_A, 30), key="a3").moved == {}
    assert clusterer.story_of("stray") == 1


def test_regather_members_zero_turns_it_off() -> None:
    clusterer = _desk(replace(ClusterConfig(), regather_members=0))
    assert clusterer.add(_report(EVENT_A, 30), key="a3").moved == {}
    assert clusterer.story_of("stray") == 1


def _unit(vec: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in vec.values()))
    return {t: w / norm for t, w in vec.items()}


def _story(sid: int, members: list[Member]) -> Story:
    story = Story(sid)
    for member in members:
        story.add(member.vector(), max_terms=300)
        story.members.append(member.key)
    return story


def test_the_vote_keeps_a_member_whose_nearest_reports_are_in_its_own_story() -> None:
    # Story 0 holds both events (its first B reports joined it before the split), story 1
    # holds B: a B report of story 1 shares words with story 0's members, but its nearest
    # reports are in story 1, so a mixed mean alone does not pull it over.
    a = [_unit({"a": 1.0, "b": 0.5, f"x{n}": 0.8}) for n in range(4)]
    b = [_unit({"b": 1.0, "z": 0.8, f"y{n}": 0.3}) for n in range(4)]
    mixed = [Member(f"m{n}", n, 0, None, vec) for n, vec in enumerate(a)]
    own = [Member(f"b{n}", 10 + n, 1, None, vec) for n, vec in enumerate(b)]
    grown, sibling = _story(0, mixed), _story(1, own)
    articles = {m.key: m for m in mixed + own}
    vec = own[0].vector()
    assert not neighbours_in(own[0], vec, (grown, sibling), articles, k=5)
    assert neighbours_in(own[0], vec, (sibling, grown), articles, k=5)


def test_a_member_fits_the_other_story_only_when_closer_to_it_than_to_its_own_rest() -> None:
    a = [_unit({"a": 1.0, f"x{n}": 0.5}) for n in range(3)]
    b = [_unit({"b": 1.0, f"y{n}": 0.5}) for n in range(3)]
    stray = Member("s", 9, 1, None, _unit({"a": 1.0, "x9": 0.5}))
    story_a = _story(0, [Member(f"a{n}", n, 0, None, v) for n, v in enumerate(a)])
    story_b = _story(1, [Member(f"b{n}", 3 + n, 1, None, v) for n, v in enumerate(b)] + [stray])
    assert fits_other(stray.vector(), story_b, story_a, rho=0.5)
    assert not fits_other(b[0], story_b, story_a, rho=0.5)
