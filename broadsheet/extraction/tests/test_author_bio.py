"""The author's bio at the end of a body is boilerplate; the article's own sentences are not."""

from __future__ import annotations

from broadsheet.extraction.bios import mark_author_bio
from broadsheet.extraction.block import Block

ARTICLE = [
    "The council voted on Tuesday to extend the tram line to the new hospital by 2027.",
    "The extension will add four stops and is expected to carry nine thousand riders a day.",
    "Work on the first section begins in the spring, after the utilities are moved.",
    "Residents near the depot have asked for the night works to be limited to weekdays.",
    "The council will publish the full timetable of the works next month.",
]


def _kept(texts: list[str], authors: tuple[str, ...]) -> list[str]:
    blocks = [Block(text, "p", i) for i, text in enumerate(texts)]
    keep = [True] * len(blocks)
    mark_author_bio(blocks, keep, authors)
    return [block.text for block, ok in zip(blocks, keep, strict=True) if ok]


def test_bio_opening_with_the_bylines_name_and_what_follows_it_is_dropped() -> None:
    bio = [
        "Mark Oduya is a transport reporter who has covered the city's trams since 2015.",
        "He lives by the river with his family.",
    ]
    assert _kept(ARTICLE + bio, ("Mark Oduya",)) == ARTICLE


def test_bio_may_name_the_author_by_first_name_or_alone_on_a_line() -> None:
    assert (
        _kept(ARTICLE + ["Mark holds a degree in civil engineering."], ("Mark Oduya",)) == ARTICLE
    )
    assert _kept(ARTICLE + ["Mark Oduya", "Transport reporter"], ("Mark Oduya",)) == ARTICLE


def test_sentence_starting_with_a_word_that_is_also_the_authors_name_is_kept() -> None:
    texts = ARTICLE + ["Mark the date: the first trams run on 3 March."]
    assert _kept(texts, ("Mark Oduya",)) == texts


def test_authors_name_before_the_tail_or_without_a_byline_keeps_the_body() -> None:
    texts = ["Mark Oduya is a transport reporter.", *ARTICLE]
    assert _kept(texts, ("Mark Oduya",)) == texts
    tail = ARTICLE + ["Mark Oduya is a transport reporter who covers the city's trams."]
    assert _kept(tail, ()) == tail


def test_a_profile_longer_than_a_bio_is_kept() -> None:
    texts = [
        "The tram line opens next week.",
        "Mark Oduya is the engineer who drew its route. " * 3,
    ]
    assert _kept(texts, ("Mark Oduya",)) == texts


def test_about_the_author_header_starts_the_bio() -> None:
    texts = ARTICLE + ["About the author", "A transport reporter who covers the city's trams."]
    assert _kept(texts, ()) == ARTICLE
