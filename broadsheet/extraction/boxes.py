"""Boxes in the middle of an article, told apart from its prose by their structure.

A product box, a sign-up card or a "get the deal" panel sits between the article's
paragraphs, and trafilatura keeps its words with them. What marks it is not its wording
(sites word their own article's calls the same way) but that it holds a form control: a
button, a text or e-mail field, a drop-down. The nearest box element around such a control
(div, section, aside, li, article, figure) is dropped when it holds little text and no
paragraph of its own, so the article's prose around it is never touched.
"""

from __future__ import annotations

from collections.abc import Iterable

import lxml.html

# The elements a box is made of: the nearest of these around a control is its box.
BOX_TAGS = frozenset({"div", "section", "aside", "li", "article", "figure"})
# Form controls; tick boxes and radio buttons are left out (a to-do list's items are text).
CONTROL_TAGS = ("button", "input", "select", "textarea")
_TICK_TYPES = frozenset({"checkbox", "radio"})
# A box of more words than this is a part of the article that holds a control (a long
# accordion pane, a table with a sort button), not a card.
BOX_WORDS = 60
# A paragraph this long is the article's own prose: a box holding one is kept.
PROSE_PARAGRAPH_WORDS = 25
# Code listings carry "copy" buttons: a box holding code is the article's.
_CODE_TAGS = ("pre", "code")
# Climbing stops at these: a control directly inside them has no box.
_TOP_TAGS = frozenset({"body", "html", "main"})


def is_control(element: lxml.html.HtmlElement) -> bool:
    """Whether an element is a form control that marks a box (tick boxes do not)."""
    if element.tag != "input":
        return element.tag in CONTROL_TAGS
    return (element.get("type") or "").lower() not in _TICK_TYPES


def prune_control_boxes(controls: Iterable[lxml.html.HtmlElement]) -> None:
    """Drop the short box around each form control (see the module docstring)."""
    boxes = [box for box in map(_box_of, controls) if box is not None and is_card(box)]
    for box in boxes:
        if box.getparent() is not None:
            box.drop_tree()  # the text after it stays


def _box_of(control: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    for ancestor in control.iterancestors():
        if ancestor.tag in _TOP_TAGS:
            return None
        if ancestor.tag in BOX_TAGS:
            return ancestor
    return None


def is_card(box: lxml.html.HtmlElement) -> bool:
    """Whether a box is short, holds no prose paragraph and no code."""
    if len(box.text_content().split()) > BOX_WORDS:
        return False
    if any(len(p.text_content().split()) >= PROSE_PARAGRAPH_WORDS for p in box.iter("p")):
        return False
    return next(box.iter(*_CODE_TAGS), None) is None
