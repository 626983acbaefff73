"""Divs that are paragraphs in all but name become paragraphs (repairs.promote_text_divs)."""

from __future__ import annotations

import lxml.html

from broadsheet.extraction.repairs import promote_text_divs

PROSE = (
    "<p>The council voted on Tuesday to reopen the old swimming baths after a decade of "
    "closure, with the first lanes due to open to the public next spring.</p>"
)


def _tags_after(html: str) -> list[str]:
    """The tags of the article's children once the repair has run."""
    tree = lxml.html.fromstring(f"<html><body><article>{html}</article></body></html>")
    promote_text_divs(tree)
    article = tree.find(".//article")
    assert article is not None
    return [child.tag for child in article]


def test_a_sentence_opening_with_an_inline_label_between_paragraphs_is_a_paragraph() -> None:
    div = (
        '<div class="special-container"><strong>Update:</strong> the baths will also open '
        "on Sunday mornings, the council said on Friday.</div>"
    )
    assert _tags_after(PROSE + div + PROSE) == ["p", "p", "p"]


def test_a_sentence_next_to_a_sub_heading_or_a_list_is_a_paragraph() -> None:
    div = "<div>Here is how the new timetable for the lanes will work from spring.</div>"
    assert _tags_after("<h2>Opening hours</h2>" + div) == ["h2", "p"]
    assert _tags_after(div + "<ul><li>Mondays</li></ul>") == ["p", "ul"]


def test_text_between_two_paragraphs_stays_a_paragraph_as_before() -> None:
    assert _tags_after(PROSE + "<div>Who pays for it?</div>" + PROSE) == ["p", "p", "p"]


def test_a_label_a_button_or_a_list_of_names_next_to_a_paragraph_stays_a_div() -> None:
    label = "<div><b>Read more</b></div>"  # no text of its own, and no sentence
    names = "<div><a href='/a'>Ana Ruiz</a>, <a href='/b'>Jon Berg</a>, Lena Park, Tom Ode, Kim Li</div>"
    short = "<div><i>Updated:</i> see below.</div>"  # a sentence end, but under 8 words
    for div in (label, names, short):
        assert _tags_after(PROSE + div) == ["p", "div"]


def test_a_sentence_div_among_other_divs_or_holding_blocks_is_left_alone() -> None:
    sentence = "<div>The first lanes are due to open to the public next spring, it said.</div>"
    assert _tags_after("<div>Menu</div>" + sentence + "<div>Footer</div>") == ["div"] * 3
    holding = "<div><p>The first lanes are due to open to the public next spring.</p></div>"
    assert _tags_after(PROSE + holding) == ["p", "div"]
