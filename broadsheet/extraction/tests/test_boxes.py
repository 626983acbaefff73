"""Boxes around form controls in the middle of an article (boxes.py)."""

from __future__ import annotations

import lxml.html

from broadsheet.extraction.repairs import prepare_tree

PROSE = (
    "<p>The council voted on Tuesday to reopen the old swimming baths after a decade of "
    "closure, with the first lanes due to open to the public next spring.</p>"
)


def _prepared(middle: str) -> str:
    tree = lxml.html.fromstring(
        f"<html><body><article>{PROSE}{middle}{PROSE}</article></body></html>"
    )
    prepare_tree(tree)
    return " ".join(tree.text_content().split())


def test_a_short_box_holding_a_button_is_dropped() -> None:
    text = _prepared(
        '<div class="card"><img src="a.jpg"><h3>Crucial 1TB SSD</h3>'
        "<p>Our pick for reviving an old laptop.</p><button>Check Price</button></div>"
    )
    assert "Crucial" not in text and "Our pick" not in text
    assert text.count("swimming baths") == 2


def test_a_sign_up_box_with_an_email_field_is_dropped() -> None:
    text = _prepared(
        '<div><h3>Get our weekly guide</h3><form><input type="email">'
        '<input type="submit" value="Sign up"></form></div>'
    )
    assert "weekly guide" not in text


def test_a_box_holding_a_long_paragraph_is_kept() -> None:
    long_paragraph = "<p>" + "word " * 30 + "</p>"
    text = _prepared(f"<div>{long_paragraph}<button>Share</button></div>")
    assert text.count("word") == 30


def test_a_long_box_holding_a_button_is_kept() -> None:
    items = "".join(f"<li>item number {n} of the plan</li>" for n in range(15))
    text = _prepared(f"<div><button>Monthly pricing</button><ul>{items}</ul></div>")
    assert "item number 14" in text


def test_tick_boxes_and_code_with_a_copy_button_are_kept() -> None:
    text = _prepared(
        '<ul><li><input type="checkbox"> Fixed address reserved</li></ul>'
        "<div><button>Copy</button><pre><code>sudo systemctl enable ssh</code></pre></div>"
    )
    assert "Fixed address reserved" in text
    assert "systemctl" in text
