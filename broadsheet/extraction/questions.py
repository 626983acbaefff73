"""The questions of a FAQ that trafilatura drops, put back above their answers.

Guides and reviews end with a FAQ laid out as an accordion: each question is the text of
a header `<div>` or a `<button>` (with an arrow icon), its answer the paragraphs of the
panel below. trafilatura keeps the answers and drops the questions, which leaves a run of
answers to nothing (and, below the article's element, a tail that tail.py would cut as
furniture, since a FAQ is told by its questions). A question of the page is a short text
ending in "?" outside links, navigation, forms and the page's header and footer; when
the text that follows it on the page opens one of the reading's blocks, the question goes
back right above that block. Two such questions at least make a FAQ: a single one is as
likely a pull quote or a teaser.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from .block import Block
from .hygiene import clean_line, normalize_for_compare

# A question is at most this many words ("What is performance tuning in PostgreSQL?").
MAX_QUESTION_WORDS = 25
MIN_QUESTION_WORDS = 3
# At least this many questions put back make a FAQ; fewer are left out.
MIN_QUESTIONS = 2
# The answer is found by its opening words (this many) at the start of a block.
OPENING_WORDS = 6
# A page with more candidate texts than this is a forum or a Q&A index: not read.
MAX_CANDIDATES = 200
_CANDIDATES_XPATH = etree.XPath("//body//text()[contains(., '?')]")
# Nothing inside these is a question of the article.
# A FAQ is announced by a heading ("FAQs", "Frequently asked questions", "Common questions");
# question-shaped titles of teaser cards ("Is an ergonomic mouse better for me?") are not.
HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "summary")
MAX_HEADING_CHARS = 60
_FAQ_HEADING_RE = re.compile(
    r"\bfaqs?\b|\bfrequently asked questions\b"
    r"|^(?:(?:common|popular|top|more|other|your|key)\s+)?questions\b",
    re.IGNORECASE,
)
_OUTSIDE_TAGS = frozenset(
    {"a", "nav", "header", "footer", "aside", "form", "select", "option", "script", "style"}
)


def restore_questions(blocks: list[Block], tree: lxml.html.HtmlElement) -> list[Block]:
    """The reading with the FAQ questions it dropped put back above their answers.

    Called only on pages where a heading announces a FAQ (is_faq_heading).
    """
    if not blocks:
        return blocks
    candidates = _CANDIDATES_XPATH(tree)
    if len(candidates) > MAX_CANDIDATES:
        return blocks
    questions = [(node, question) for node in candidates if (question := _question_of(node))]
    if len(questions) < MIN_QUESTIONS:
        return blocks
    openings: dict[str, int] = {}
    for index, block in enumerate(blocks):
        openings.setdefault(_opening(block.text), index)
    openings.pop("", None)  # a block too short to be told by its opening
    # A question the reading holds anywhere (as a block, or opening a paragraph) is kept.
    present = " ".join(normalize_for_compare(block.text) for block in blocks)
    found: dict[int, str] = {}
    for node, question in questions:
        if normalize_for_compare(question) in present:
            continue
        answer = openings.get(_opening(_text_after(node.getparent())))
        if answer is not None and answer not in found:
            found[answer] = question
    if len(found) < MIN_QUESTIONS:
        return blocks
    restored: list[Block] = []
    for index, block in enumerate(blocks):
        if index in found:
            restored.append(Block(found[index], "head", block.group))
        restored.append(block)
    return restored


def is_faq_heading(element: lxml.html.HtmlElement) -> bool:
    """Whether a heading element (HEADING_TAGS) announces a FAQ ("Performance tuning: FAQs")."""
    text = element.text_content()
    if len(text) >= MAX_HEADING_CHARS:
        return False
    lowered = text.lower()
    return ("faq" in lowered or "question" in lowered) and bool(
        _FAQ_HEADING_RE.search(clean_line(text))
    )


def _question_of(node: etree._ElementUnicodeResult) -> str:
    """The question an element's own text is, or "" (a tail text, a long one, a link's)."""
    element = node.getparent()
    if node.is_tail or element is None or not isinstance(element.tag, str):
        return ""
    if element.tag in _OUTSIDE_TAGS or any(
        ancestor.tag in _OUTSIDE_TAGS for ancestor in element.iterancestors()
    ):
        return ""
    # The element's whole text, or, when an icon's ligature follows it ("…? chevron_right"),
    # the question's own text.
    for text in (clean_line(element.text_content()), clean_line(str(node))):
        words = len(text.split())
        if text.endswith("?") and MIN_QUESTION_WORDS <= words <= MAX_QUESTION_WORDS:
            return text
    return ""


def _text_after(element: lxml.html.HtmlElement) -> str:
    """The first words the page prints after an element (and outside it)."""
    parts: list[str] = []
    words = 0
    node: lxml.html.HtmlElement | None = element
    while node is not None and words < OPENING_WORDS:
        texts = [node.tail or ""]
        for sibling in node.itersiblings():
            if isinstance(sibling.tag, str):
                texts.extend(sibling.itertext())
            texts.append(sibling.tail or "")
            if sum(len(text.split()) for text in texts) >= OPENING_WORDS:
                break
        parts.extend(texts)
        words += sum(len(text.split()) for text in texts)
        node = node.getparent()
    return " ".join(parts)


def _opening(text: str) -> str:
    words = normalize_for_compare(text).split()
    return " ".join(words[:OPENING_WORDS]) if len(words) >= MIN_QUESTION_WORDS else ""
