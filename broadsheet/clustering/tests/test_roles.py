"""Headline roles: who acts (and on whom) tells two reports of one topic apart."""

from __future__ import annotations

from dataclasses import replace

from broadsheet.clustering import ClusterConfig, Doc, StoryClusterer
from broadsheet.clustering.background import load_word_stats
from broadsheet.clustering.roles import RoleReader, Roles, roles_conflict

READER = RoleReader(load_word_stats(), max_words=12)

# One body shared word for word: only the headlines' actors differ.
BODY = (
    "The carmaker told its dealers on Thursday that franchise agreements covering showrooms "
    "in Ohio, Michigan, Texas and Florida would not be renewed next year. Unions, suppliers "
    "and state governors warned that thousands of sales and service jobs were at risk, while "
    "analysts at Moody's and Fitch said the restructuring plan depended on federal loans. "
    "The company's chief executive said inventories had piled up through the winter, credit "
    "for buyers had dried up and the showroom network had grown far larger than demand. "
    "Dealers can appeal within fifteen days; lawyers for several franchise owners said they "
    "would sue, and Congress scheduled hearings on the bailout terms for the coming month."
)


def _doc(title: str) -> Doc:
    return Doc(title=title, text=BODY)


def _same_story(first: str, second: str, *, role_mismatch: float) -> bool:
    clusterer = StoryClusterer(replace(ClusterConfig(), role_mismatch=role_mismatch))
    return clusterer.add(_doc(first), key="a").story == clusterer.add(_doc(second), key="b").story


def test_the_actor_is_the_last_name_before_the_verb_and_the_object_the_first_after() -> None:
    roles = READER.read("U.S. automaker Chrysler wants to close dealerships in Ohio")
    assert roles.actor == {"chrysler"}
    assert roles.object == {"ohio"}
    endorse = READER.read("Elizabeth Warren endorses Joe Biden for president")
    assert endorse.actor == {"elizabeth", "warren", "ew"}  # a name also answers to initials
    assert endorse.object == {"joe", "biden", "jb"}


def test_headline_case_long_titles_and_no_verb_give_no_roles() -> None:
    assert READER.read("Lindsay Lohan Checks Into Rehab At Betty Ford Clinic") == Roles()
    long = READER.read(
        "A publicist for the actress says Tara Reid has checked herself into a treatment "
        "centre in Malibu after weeks of speculation"
    )
    assert not long.actor and "reid" in long.names
    assert not READER.read("Storm damage across Ohio").actor
    # The verb guess is English: another language gives no roles.
    assert READER.read("Elizabeth Warren endorses Joe Biden for president", "fr") == Roles()
    assert READER.read("Elizabeth Warren endorses Joe Biden for president", "en-GB").actor


def test_different_actors_conflict_unless_one_headline_names_the_other() -> None:
    chrysler = READER.read("U.S. automaker Chrysler wants to close dealerships").sides()
    gm = READER.read("U.S. automaker GM plans to close dealerships").sides()
    obama = READER.read("Barack Obama presents rescue plan after GM bankruptcy").sides()
    general_motors = READER.read("U.S. manufacturer General Motors seeks protection").sides()
    assert roles_conflict(chrysler, gm)
    assert not roles_conflict(obama, gm)  # Obama's headline names GM
    assert not roles_conflict(obama, general_motors)  # "GM" is General Motors' initials
    nothing = READER.read("Storm damage across Ohio").sides()
    assert not roles_conflict(chrysler, nothing)


def test_one_actor_with_different_objects_conflicts() -> None:
    one = READER.read("Wikinews interviews Craig Farquharson, candidate for Groom").sides()
    other = READER.read("Wikinews interviews Sandra Jephcott, candidate for Groom").sides()
    same = READER.read("Wikinews interviews Craig Farquharson about the Groom vote").sides()
    assert roles_conflict(one, other)
    assert not roles_conflict(one, same)


def test_full_texts_whose_actors_differ_open_separate_stories() -> None:
    chrysler = "U.S. automaker Chrysler wants to close 789 dealerships"
    gm = "U.S. automaker GM plans to close 1,100 dealerships"
    # Without the role factor the shared body joins them; with it they stay apart.
    assert _same_story(chrysler, gm, role_mismatch=1.0)
    assert not _same_story(chrysler, gm, role_mismatch=ClusterConfig().role_mismatch)
    again = "U.S. automaker Chrysler files to close 789 dealerships"
    assert _same_story(chrysler, again, role_mismatch=ClusterConfig().role_mismatch)


def test_bare_headlines_are_left_to_their_words() -> None:
    clusterer = StoryClusterer()
    first = clusterer.add(Doc(title="U.S. automaker Chrysler wants to close dealerships"), key="a")
    second = clusterer.add(Doc(title="U.S. automaker GM plans to close dealerships"), key="b")
    control = StoryClusterer(replace(ClusterConfig(), role_mismatch=1.0))
    one = control.add(Doc(title="U.S. automaker Chrysler wants to close dealerships"), key="a")
    two = control.add(Doc(title="U.S. automaker GM plans to close dealerships"), key="b")
    assert (first.story == second.story) == (one.story == two.story)
