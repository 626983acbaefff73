"""Tokens for story clustering and near-copy detection: words, entity-ish names, shingles."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

# Words, numbers and dotted or hyphenated compounds ("U.S.", "7.1", "al-Qaeda", "iOS").
_TOKEN = re.compile(r"[^\W_]+(?:[.'’\-][^\W_]+)*", re.UNICODE)
# A sentence ends at a line break or at ., !, ? or : followed by space (quotes may intervene).
_SENTENCE_SPLIT = re.compile(r"\n+|(?<=[.!?:])[\"”’)\]]*\s+")
_SHINGLE_WORD = re.compile(r"\w+")
_POSSESSIVE = ("'s", "’s")

# Function words and newsroom boilerplate: they say nothing about which event a text reports.
_STOPWORDS = """
    a about above after again against ago all almost also although always am among an and
    another any anyone anything are around as at away back be became because become been
    before being below between both but by came can cannot could did do does doing done
    down during each either else even ever every few for from further get gets getting got
    had has have having he her here hers herself him himself his how however i if in into
    is it its itself just last least less like made make many may me might more most much
    must my myself near need never new next no nor not now of off often on once one only
    or other others our ours ourselves out over own per perhaps put rather really same see
    seen several she should since so some still such than that the their theirs them
    themselves then there these they this those though through thus to too toward towards
    under until up upon us use used very via was way we well were what whatever when where
    whether which while who whom whose why will with within without would yet you your
    yours yourself
    said says say saying told tell tells according reported reports report reporting
    told news update updated updates read also including include includes today yesterday
    tomorrow week weeks year years day days time times first second third monday tuesday
    wednesday thursday friday saturday sunday mr mrs ms dr via per cent percent
"""
STOPWORDS = frozenset(_STOPWORDS.split())


@lru_cache(maxsize=1 << 15)  # full: ~6.5 MB (1 << 18 was ~52 MB at most)
def normalize_token(token: str) -> str:
    """Lower-case `token`, drop a possessive and fold simple plurals ("ships" -> "ship")."""
    word = token.lower().replace("’", "'")
    if word.endswith(_POSSESSIVE[0]):
        word = word[:-2]
    if len(word) > 4 and word[-1] == "s" and word[-2] not in "su'" and not word[-2].isdigit():
        word = word[:-3] + "y" if word.endswith("ies") else word[:-1]
    return word


def split_sentences(text: str) -> list[str]:
    """`text` cut at line breaks and sentence-ending punctuation (roughly: "U.S." cuts too)."""
    return _SENTENCE_SPLIT.split(text)


def find_tokens(text: str) -> list[str]:
    """Word-like tokens of `text`, in order."""
    return _TOKEN.findall(text)


def iter_words(text: str) -> Iterator[tuple[str, bool]]:
    """Yield (token, starts_sentence) for every word-like token of `text`, in order."""
    for sentence in _SENTENCE_SPLIT.split(text):
        tokens = _TOKEN.findall(sentence)
        if tokens:
            yield tokens[0], True
            for token in tokens[1:]:
                yield token, False


def is_capitalized(token: str) -> bool:
    """True when `token` reads as part of a name: an upper-case first letter or an inner capital."""
    # Any capital letter at all ("Reid", "iPhone", "al-Qaeda") means not all-lower-case.
    return not token.islower()


def is_title_case(title: str) -> bool:
    """True for Headline Case titles, where capital letters say nothing about names."""
    words = [w for w in _TOKEN.findall(title) if len(w) > 3 and w[0].isalpha()]
    if len(words) < 3:
        return False
    capitals = sum(1 for w in words if w[0].isupper())
    return capitals >= 0.75 * len(words)


def lead_numbers(title: str, text: str, *, words: int) -> frozenset[str]:
    """Numbers in the headline and the first `words` words: counts, ages, scores, dates, years."""
    tokens = find_tokens(title) + find_tokens(" ".join(text.split(None, words)[:words]))
    return frozenset(normalize_token(token) for token in tokens if token[0].isdigit())


def word_count(text: str) -> int:
    """Number of word-like tokens in `text`."""
    return sum(1 for _ in _TOKEN.finditer(text))


def word_shingles(text: str) -> list[str]:
    """Distinct lower-cased word 3-shingles of `text` (a single entry for three words or fewer)."""
    words = _SHINGLE_WORD.findall(text.lower())
    if len(words) <= 3:
        return [" ".join(words)] if words else []
    return list({f"{a} {b} {c}" for a, b, c in zip(words, words[1:], words[2:], strict=False)})
