"""Figures in the lead tell look-alike events apart: sharing none lowers the similarity."""

from __future__ import annotations

from dataclasses import replace

from broadsheet.clustering import ClusterConfig, Doc, StoryClusterer
from broadsheet.clustering.live_stories import Story
from broadsheet.clustering.tokens import lead_numbers

FIRST = Doc(
    title="Indian Navy foils pirate attack in the Gulf of Aden",
    text="The Indian Navy on Saturday foiled an attack by Somali pirates on a merchant vessel "
    "in the Gulf of Aden and took 23 pirates into custody, the navy said on 13 December 2008.",
)


def _look_alike(*, pirates: int, year: int) -> Doc:
    return Doc(
        title="Indian Navy thwarts pirate attack in the Gulf of Aden",
        text="The Indian Navy on Thursday thwarted an attack by Somali pirates on merchant "
        f"vessels in the Gulf of Aden and arrested {pirates} pirates, the navy said in {year}.",
    )


def _stories(second: Doc) -> tuple[int, int]:
    # With mismatch 0, an article that shares no lead figure with a story cannot join it.
    clusterer = StoryClusterer(replace(ClusterConfig(), number_mismatch=0.0))
    return clusterer.add(FIRST, key="a").story, clusterer.add(second, key="b").story


def test_lead_numbers_come_from_the_headline_and_the_first_words() -> None:
    text = "Police said 12 people died. " + "word " * 200 + "In 1999 there were 40."
    assert lead_numbers("3 dead in 2024 storm", text, words=100) == {"3", "2024", "12"}


def test_an_article_sharing_no_lead_figure_opens_its_own_story() -> None:
    first, second = _stories(_look_alike(pirates=26, year=2011))
    assert first != second


def test_an_article_sharing_a_lead_figure_joins_the_story() -> None:
    first, second = _stories(_look_alike(pirates=23, year=2011))
    assert first == second


def test_numbers_weigh_nothing_when_either_side_has_none() -> None:
    story = Story(0)
    assert story.number_factor(frozenset({"26"}), match=1.0, mismatch=0.5) == 1.0
    story.numbers = {"23", "2008"}
    assert story.number_factor(frozenset(), match=1.0, mismatch=0.5) == 1.0
    assert story.number_factor(frozenset({"26", "2011"}), match=1.0, mismatch=0.5) == 0.5
    assert story.number_factor(frozenset({"26", "2008"}), match=1.0, mismatch=0.5) == 1.0
