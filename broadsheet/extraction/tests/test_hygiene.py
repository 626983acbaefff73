"""Plain-text hygiene of bodies: sentences the source glued together are parted."""

from __future__ import annotations

import pytest

from broadsheet.extraction.hygiene import join_paragraphs, separate_sentences


@pytest.mark.parametrize(
    ("glued", "parted"),
    [
        (
            "nominated Tiara Lusk for vice president.In the Green Party, Howie Hawkins won.",
            "nominated Tiara Lusk for vice president. In the Green Party, Howie Hawkins won.",
        ),
        (
            "were detained by the authorities.On Monday",
            "were detained by the authorities. On Monday",
        ),
        ("Nobody was hurt!Then the roof fell.", "Nobody was hurt! Then the roof fell."),
    ],
)
def test_glued_sentences_are_parted(glued: str, parted: str) -> None:
    assert separate_sentences(glued) == parted


@pytest.mark.parametrize(
    "text",
    [
        "The U.S.A. In 2020 the vote was close.",  # initials
        "Read it at example.com or www.Example.Org today.",  # addresses
        "See https://example.org/News.Html for the notice.",
        "Write to press@paper.Example about it.",
        "Tools, e.g.The Gimp, were used.",  # one letter before the stop
        "The iPhone.The end of an era.",  # a mid-word capital is not a sentence start
        "Version 2.0.Then nothing.",  # figures
        'Read it with os.Getenv("KEY") at start-up.',  # a call in code
        "Then call collator = icu.Collator.createInstance() once.",  # a member chain
        "Register it with classes.InNamespaceOf<GameService>() first.",  # generics
    ],
)
def test_what_is_not_two_sentences_is_left_alone(text: str) -> None:
    assert separate_sentences(text) == text


def test_body_paragraphs_are_parted_when_joined() -> None:
    body = join_paragraphs(["First point.Second point.", "", "Third."])
    assert body == "First point. Second point.\n\nThird."


def test_code_blocks_are_joined_verbatim() -> None:
    code = "db := testdb.New(t)\nerr := repo.Upsert(ctx)\ninterval := 1 * time.Second"
    body = join_paragraphs(["It failed.Then it ran.", code], code=[False, True])
    assert body == f"It failed. Then it ran.\n\n{code}"
