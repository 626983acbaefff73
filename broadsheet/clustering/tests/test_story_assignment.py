"""Story assignment is final: an article's story changes only when its story is merged, once
when it is split off a story with a later article of a look-alike event, or between two such
split stories when the other grows to show it belongs there (regather.py)."""

from __future__ import annotations

from dataclasses import replace

from broadsheet.clustering import ClusterConfig, StoryClusterer

from .corpus import as_doc, load_records

# Loose joins make mixed stories; split whenever a group forms around the newest article.
EAGER_SPLIT = replace(
    ClusterConfig(),
    assign_threshold=0.02,
    split_threshold=10.0,
    split_threshold_headline=10.0,
    split_min_rest=1,
)
SPLIT_ONLY = replace(EAGER_SPLIT, regather_members=0)


def _check_final(config: ClusterConfig, *, once: bool = True) -> int:
    """Feed the grouped corpus; every change of story is a merge or a move between split
    stories (a single one for each article when `once`)."""
    clusterer = StoryClusterer(config)
    expected: dict[str, int] = {}
    moves: dict[str, int] = {}
    apart: set[frozenset[int]] = set()
    grouped = [r for r in load_records() if r.get("topic_group")]
    for n, record in enumerate(grouped):
        assignment = clusterer.add(as_doc(record, dated=False), key=str(n))
        for key, old in assignment.moved.items():
            assert expected[key] == old
            moves[key] = moves.get(key, 0) + 1
            expected[key] = assignment.story
            apart.add(frozenset((old, assignment.story)))
            assert clusterer.kept_apart(assignment.story, old)
        for key, story in expected.items():
            expected[key] = assignment.merged_into.get(story, story)
        expected[str(n)] = assignment.story
        assert {key: clusterer.story_of(key) for key in expected} == expected
        for absorbed, survivor in assignment.merged_into.items():
            assert frozenset((absorbed, survivor)) not in apart  # split stories never re-merge
    assert not once or all(count == 1 for count in moves.values())
    return sum(moves.values())


def test_an_articles_story_never_changes_except_by_merge_or_one_split() -> None:
    _check_final(ClusterConfig())


def test_a_split_moves_an_article_at_most_once() -> None:
    assert _check_final(SPLIT_ONLY) > 0


def test_regathered_articles_move_only_between_split_stories() -> None:
    assert _check_final(EAGER_SPLIT, once=False) > _check_final(SPLIT_ONLY)


def test_a_pinned_article_is_never_moved_by_a_split() -> None:
    # What a desk does on replay for articles the database says a split already moved.
    clusterer = StoryClusterer(EAGER_SPLIT)
    grouped = [r for r in load_records() if r.get("topic_group")]
    moved = []
    for n, record in enumerate(grouped):
        moved += clusterer.add(as_doc(record, dated=False), key=str(n)).moved
        clusterer.pin(str(n))
        assert clusterer.pinned(str(n))
    assert moved == []  # the same feed moves articles when nothing is pinned (test above)


def test_merge_maps_the_younger_story_onto_the_older_one() -> None:
    # Every article opens its own story, and any two stories on one subject merge.
    config = replace(
        ClusterConfig(),
        assign_threshold=2.0,
        assign_threshold_headline=2.0,
        merge_threshold=0.1,
        merge_trigger=0.0,
    )
    clusterer = StoryClusterer(config)
    record = load_records()[3]
    older = clusterer.add(as_doc(record), key="first")
    younger_record = dict(record, title="Follow-up: " + record["title"])
    merged = clusterer.add(as_doc(younger_record), key="second")
    assert merged.story == older.story
    assert merged.merged_into == {older.story + 1: older.story}
    assert clusterer.story_of("first") == clusterer.story_of("second") == older.story


def test_adding_the_same_key_twice_is_refused() -> None:
    clusterer = StoryClusterer()
    clusterer.add(as_doc(load_records()[0]), key="a")
    try:
        clusterer.add(as_doc(load_records()[1]), key="a")
    except ValueError:
        return
    raise AssertionError("a second add() with the same key was accepted")
