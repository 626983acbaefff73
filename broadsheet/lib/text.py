"""Small text helpers shared by pipeline steps."""

from __future__ import annotations

import re

_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+", re.UNICODE)


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


def count_words(text: str) -> int:
    """Number of words in `text`."""
    return len(_WORD.findall(text))
