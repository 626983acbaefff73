"""What trafilatura's reading holds outside the article's element, below it and above it.

trafilatura often reads on past the article's last paragraph into what the page prints
below it: "related" teasers, the publisher's promotion, disclaimers, references, an
author's bio, a cookie table. The prose container (prose.py) is the element that holds
most of the page's prose; what the reading keeps after the last block found in the
container's text lies outside the article's own element. It is cut when it is a tail of
short blocks (the article's own continuation would be running text: paragraphs of some
length), no more than half of the reading, and asks no more than one question (a FAQ
after a guide is part of it, wherever the template puts it). Above the container, only
short lines that are no sentences go (a label, a byline, "Share"): a dek or an intro
printed above the article's element is often the article's own.
"""

from __future__ import annotations

import re

from .block import Block

# A paragraph this long is running text; a tail holding more of them than MAX_LONG_TAIL is
# more likely the article continuing in a sibling element than page furniture.
LONG_PARAGRAPH_WORDS = 40
MAX_LONG_TAIL = 2
# A tail holding this many questions is a FAQ (guides end with one) or a Q&A: the article's.
FAQ_QUESTIONS = 2
# The tail is cut only when it holds at most this share of the reading's words.
MAX_TAIL_SHARE = 0.5
# Above the container, lines of at most this many words that end without a full stop.
MAX_HEAD_LINE_WORDS = 12
_WORD_RE = re.compile(r"[^\W_]+")
_SENTENCE_END_RE = re.compile(r"[.!?…:][\"'”’»)\]]*\s*$")


def container_words(text: str) -> str:
    """A text as its lower-case words, one space apart: the form cut_outside compares.

    (Cheaper than normalize_for_compare on a whole container: no accent folding, which
    both sides would undergo alike.)
    """
    return " ".join(_WORD_RE.findall(text.casefold()))


def ends_inside(blocks: list[Block], container_text: str) -> bool:
    """Whether the reading's first and last blocks are both found in the container's text
    (then cut_outside has nothing to cut; a cheap text serves for this test)."""
    haystack = f" {container_text} "
    return all(f" {container_words(b.text)} " in haystack for b in (blocks[0], blocks[-1]))


def cut_outside(blocks: list[Block], container_text: str) -> list[Block]:
    """The reading without the tail below, and the short lines above, the container.

    container_text is the container's text in container_words' form; a block is found in
    it when its own words occur there, in order, as whole words.
    """
    if not blocks or not container_text:
        return blocks
    haystack = f" {container_text} "

    def inside(block: Block) -> bool:
        return f" {container_words(block.text)} " in haystack

    first = next((i for i, block in enumerate(blocks) if inside(block)), None)
    if first is None:
        return blocks
    last = next(i for i in range(len(blocks) - 1, first - 1, -1) if inside(blocks[i]))
    # A list or a table is not cut in the middle: its further items or rows go with it.
    while last + 1 < len(blocks) and _same_list(blocks[last], blocks[last + 1]):
        last += 1
    tail = blocks[last + 1 :]
    if tail and (_words(tail) > MAX_TAIL_SHARE * _words(blocks) or _is_article(tail)):
        last = len(blocks) - 1
    head = blocks[:first]
    if any(
        len(b.text.split()) > MAX_HEAD_LINE_WORDS or _SENTENCE_END_RE.search(b.text) for b in head
    ):
        first = 0
    return blocks[first : last + 1]


def _is_article(tail: list[Block]) -> bool:
    """Whether a tail reads as more of the article: running text, or questions and answers."""
    long_ones = sum(
        block.kind == "p" and len(block.text.split()) >= LONG_PARAGRAPH_WORDS for block in tail
    )
    questions = sum(block.text.rstrip().endswith("?") for block in tail)
    return long_ones > MAX_LONG_TAIL or questions >= FAQ_QUESTIONS


def _same_list(block: Block, following: Block) -> bool:
    return block.kind in ("item", "row") and (following.kind, following.group) == (
        block.kind,
        block.group,
    )


def _words(blocks: list[Block]) -> int:
    return sum(len(block.text.split()) for block in blocks)
