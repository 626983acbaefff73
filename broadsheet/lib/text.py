"""Small text helpers shared by pipeline steps: the one word count and reading time."""

from __future__ import annotations

import functools
import math
import re

_SPACE = re.compile(r"\s+")
# A word: letters and digits, hyphenated and elided forms kept whole ("Al-Qaeda", "didn't").
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
# Kana and CJK ideographs: no spaces between words there.
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
WORDS_PER_MINUTE = 230


def collapse_whitespace(text: str) -> str:
    """Runs of whitespace become one space; ends are trimmed."""
    return _SPACE.sub(" ", text).strip()


def truncate_words(text: str, *, limit: int) -> str:
    """`text` cut to at most `limit` characters at a word boundary, with an ellipsis if cut."""
    text = collapse_whitespace(text)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:-")
    return cut + "…"


@functools.lru_cache(maxsize=8)  # the status check and the article count the same body
def count_words(text: str) -> int:
    """Words in a text; CJK characters count as half a word each (no spaces there)."""
    cjk = len(_CJK.findall(text))
    if cjk:
        rest = _CJK.sub(" ", text)
        return len(_WORD.findall(rest)) + (cjk + 1) // 2
    return len(_WORD.findall(text))


def reading_minutes(words: int) -> int:
    """Minutes an average reader needs for `words` words, rounded up (at least one)."""
    return max(1, math.ceil(words / WORDS_PER_MINUTE))
