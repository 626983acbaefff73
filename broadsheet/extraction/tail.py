"""What trafilatura's reading holds after the article: the tail outside the prose container.

trafilatura often reads on past the article's last paragraph into what the page prints
below it: "related" teasers, the publisher's promotion, disclaimers, references, an
author's bio, a cookie table. The prose container (prose.py) is the element that holds
most of the page's prose; what the reading keeps after the last block it shares with the
container lies outside the article's own element. It is cut when it is a tail of short
blocks (the article's own continuation would be running text: paragraphs of some length)
and no more than half of the reading, and when it asks no more than one question (a FAQ
after a guide is part of it, wherever the template puts it).
"""

from __future__ import annotations

from .block import Block
from .hygiene import normalize_for_compare

# A paragraph this long is running text; a tail holding more of them than MAX_LONG_TAIL is
# more likely the article continuing in a sibling element than page furniture.
LONG_PARAGRAPH_WORDS = 40
MAX_LONG_TAIL = 2
# A tail holding this many questions is a FAQ (guides end with one) or a Q&A: the article's.
FAQ_QUESTIONS = 2
# The tail is cut only when it holds at most this share of the reading's words.
MAX_TAIL_SHARE = 0.5


def cut_tail(blocks: list[Block], container_text: str) -> list[Block]:
    """The reading without what it holds after its last block found in the container.

    container_text is the container's text in normalize_for_compare's form; a block is
    found in it when its own normalised text occurs there as whole words.
    """
    if not blocks or not container_text:
        return blocks
    haystack = f" {container_text} "
    last = len(blocks) - 1
    while last >= 0 and f" {normalize_for_compare(blocks[last].text)} " not in haystack:
        last -= 1
    if last < 0:
        return blocks
    # A list or a table is not cut in the middle: its further items or rows go with it.
    while last + 1 < len(blocks) and _same_list(blocks[last], blocks[last + 1]):
        last += 1
    if last == len(blocks) - 1:
        return blocks
    tail = blocks[last + 1 :]
    if _words(tail) > MAX_TAIL_SHARE * _words(blocks):
        return blocks
    return blocks if _is_article(tail) else blocks[: last + 1]


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
