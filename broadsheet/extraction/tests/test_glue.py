"""Words of adjacent inline elements kept apart (repairs.separate_glued_sentences)."""

from __future__ import annotations

import lxml.html

from broadsheet.extraction.repairs import separate_glued_sentences


def _text(html: str) -> str:
    tree = lxml.html.fromstring(f"<html><body>{html}</body></html>")
    separate_glued_sentences(tree)
    return tree.text_content()


def test_a_lower_case_word_against_a_capital_in_the_next_element_is_parted() -> None:
    # An album's artist, title and label, styled apart by the page's stylesheet.
    entry = "<h2><a href='/artist'>Earth Ball</a><em>Outside Over There</em><span>Upset</span></h2>"
    assert _text(entry) == "Earth Ball Outside Over There Upset"
    button = "<p><a href='/a'>Now $325 on Amazon</a><a href='/w'>Check price</a></p>"
    assert _text(button) == "Now $325 on Amazon Check price"
    label = "<p><strong>Power cuts</strong>Crews worked through the night.</p>"
    assert _text(label) == "Power cuts Crews worked through the night."


def test_identifiers_mid_word_capitals_and_lower_case_joins_stay_glued() -> None:
    code = "<pre><code><span>const</span> <span>new</span><span>Todo</span> = 1;</code></pre>"
    assert _text(code) == "const newTodo = 1;"
    assert (
        _text("<p><b>i</b>Phone and <span>Mac</span>book users</p>") == "iPhone and Macbook users"
    )
    assert _text("<p><b>S</b>ection two</p>") == "Section two"
