"""A split in the clusterer moves the articles (and their copies) to the new story in the
database, and both stories' counts follow."""

from __future__ import annotations

from dataclasses import replace

import pytest

from broadsheet.articles.models import Article
from broadsheet.clustering import StoryClusterer
from broadsheet.clustering.tests.test_story_assignment import EAGER_SPLIT
from broadsheet.stories.desk import get_desk, reset_desk
from broadsheet.stories.models import Story
from broadsheet.stories.placement import catch_up, ensure_desk_loaded, place_articles
from broadsheet.stories.tests.test_story_assignment import QUAKE, QUAKE_2, store

# Another event in the same country, named the same way: a look-alike for the quake story.
VOTE = (
    "Voters in southern Peru near Arequipa chose regional governors on Sunday, and President "
    "Martin Vizcarra said the turnout in Caraveli and Lima showed trust in the new electoral "
    "rules. The ruling party won most seats in the regional councils, officials said."
)
VOTE_2 = (
    "The ruling party of President Martin Vizcarra won Sunday's regional elections in Peru, "
    "taking the governor's office in Arequipa and most council seats, while turnout in "
    "Caraveli and Lima rose under the new electoral rules, officials said."
)


def moved_keys(placements: list[dict[str, int]]) -> set[str]:
    return {key for moved in placements for key in moved}


@pytest.fixture
def eager_desk():
    reset_desk()
    desk = get_desk()
    desk.clusterer = StoryClusterer(EAGER_SPLIT)
    moves: list[dict[str, int]] = []
    place = desk.place

    def recording_place(key, doc):
        placement = place(key, doc)
        moves.append(placement.moved)
        return placement

    desk.place = recording_place  # type: ignore[method-assign]
    yield moves
    reset_desk()


def _quakes_then_votes() -> tuple[list[Article], list[Article]]:
    """Two quake reports, then two reports of a vote (the eager desk splits the votes off)."""
    quakes = [store("Quake in Peru", QUAKE, source="a", n=1)]
    quakes.append(store("Peru quake rescue", QUAKE_2, source="b", n=2))
    votes = [store("Peru votes", VOTE, source="d", n=4)]
    votes.append(store("Ruling party wins Peru regional vote", VOTE_2, source="e", n=5))
    for article in [*quakes, *votes]:
        place_articles([article.pk])
    return quakes, votes


def test_split_articles_and_their_copies_move_and_counts_follow(db, eager_desk):
    quakes = [store("Quake in Peru", QUAKE, source="a", n=1)]
    quakes.append(store("Peru quake rescue", QUAKE_2, source="b", n=2))
    votes = [store("Peru votes", VOTE, source="d", n=4)]
    copy = store("Peru votes (wire)", VOTE, source="c", n=3)
    votes.append(store("Ruling party wins Peru regional vote", VOTE_2, source="e", n=5))
    for article in [*quakes, votes[0], copy, votes[1]]:
        place_articles([article.pk])
    desk = get_desk()
    labels = {a.pk: desk.clusterer.story_of(str(a.pk)) for a in Article.objects.all()}
    stories = dict(Article.objects.values_list("pk", "story_id"))
    # One database story per clusterer story, and the same partition of the articles.
    assert len(set(labels.values())) == len(set(stories.values()))
    for a in labels:
        for b in labels:
            assert (labels[a] == labels[b]) == (stories[a] == stories[b]), (a, b)
    assert moved_keys(eager_desk) >= {str(votes[0].pk)}
    assert stories[votes[0].pk] == stories[votes[1].pk] != stories[quakes[0].pk]
    copy.refresh_from_db()
    assert copy.copy_of_id == votes[0].pk and copy.story_id == stories[votes[0].pk]
    for story in Story.objects.filter(merged_into__isnull=True):
        members = Article.objects.filter(story=story)
        assert story.article_count == members.count()
        assert story.source_count == members.values("source").distinct().count()


def test_a_moved_article_stays_pinned_after_a_restart(db, eager_desk):
    quakes, votes = _quakes_then_votes()
    moved = moved_keys(eager_desk)
    assert moved, "the eager configuration made no split"
    assert set(Article.objects.filter(moved_at__isnull=False).values_list("pk", flat=True)) == {
        int(key) for key in moved
    }
    reset_desk()  # a restart: the desk is rebuilt from the database
    desk = get_desk()
    # Splits off while replaying, so only the stored marks can pin the moved articles.
    desk.clusterer = StoryClusterer(replace(EAGER_SPLIT, split_threshold=0.0))
    ensure_desk_loaded(desk)
    assert {a.pk for a in Article.objects.all() if desk.clusterer.pinned(str(a.pk))} == {
        int(key) for key in moved
    }


def _split_then_restart(eager_desk) -> tuple[dict[int, int], Story]:  # type: ignore[no-untyped-def]
    quakes, votes = _quakes_then_votes()
    assert moved_keys(eager_desk), "the eager configuration made no split"
    split = Story.objects.get(split_from__isnull=False)
    reset_desk()  # a restart: the desk is rebuilt from the database
    desk = get_desk()
    # No split while rebuilding: re-clustering would put the votes back with the quake.
    desk.clusterer = StoryClusterer(replace(EAGER_SPLIT, split_threshold=0.0))
    ensure_desk_loaded(desk)
    return dict(Article.objects.values_list("pk", "story_id")), split


def test_a_restart_rebuilds_the_stories_the_database_holds(db, eager_desk):
    stories, _ = _split_then_restart(eager_desk)
    desk = get_desk()
    assert len(set(stories.values())) == 2
    for pk, story_id in stories.items():
        assert desk.story_for_label[desk.clusterer.story_of(str(pk))] == story_id


def test_split_stories_stay_apart_after_a_restart(db, eager_desk):
    _, split = _split_then_restart(eager_desk)
    desk = get_desk()
    new, old = desk.label_for_story[split.pk], desk.label_for_story[split.split_from_id]
    assert desk.clusterer.kept_apart(new, old) and desk.clusterer.kept_apart(old, new)


def test_a_split_another_worker_made_reaches_this_desk_on_catch_up(db, eager_desk):
    quakes = [store("Quake in Peru", QUAKE, source="a", n=1)]
    quakes.append(store("Peru quake rescue", QUAKE_2, source="b", n=2))
    first_vote = store("Peru votes", VOTE, source="d", n=4)
    for article in [*quakes, first_vote]:
        place_articles([article.pk])
    here = get_desk()  # this worker's desk, which will not see the split happen
    assert here.clusterer.story_of(str(first_vote.pk)) == here.clusterer.story_of(str(quakes[0].pk))
    reset_desk()  # the other worker: a desk of its own, rebuilt from the database
    there = get_desk()
    there.clusterer = StoryClusterer(EAGER_SPLIT)
    second_vote = store("Ruling party wins Peru regional vote", VOTE_2, source="e", n=5)
    place_articles([second_vote.pk])
    first_vote.refresh_from_db()
    assert first_vote.moved_at is not None, "the other worker's split did not happen"

    catch_up(here)
    label = here.clusterer.story_of(str(first_vote.pk))
    assert here.story_for_label[label] == first_vote.story_id
    assert here.clusterer.story_of(str(second_vote.pk)) == label
    assert here.clusterer.pinned(str(first_vote.pk))
    quake_label = here.clusterer.story_of(str(quakes[0].pk))
    assert quake_label != label and here.clusterer.kept_apart(label, quake_label)
