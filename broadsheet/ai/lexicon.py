"""A reader's word the article never uses, bridged to the text's word through WordNet.

"How many airlines are *blacklisted*?" of a text that says "added to the list of air carriers
*banned*": the question's word weighs fully against every sentence (``answers.ABSENT_WEIGHT``)
unless a sentence holds a word WordNet relates to it. ``data/wordnet.txt`` lists, for each
single English word, the words of its most frequent senses' synsets (synonyms), of their direct
hypernyms and hyponyms ("tow" - "tug", "haul") and its derivations, built from Princeton
WordNet 3.0 by ``lexicon_build``. WordNet keeps antonyms apart from synonyms (buy: purchase,
acquire, not sell), which the sentence model's vectors do not (bought/sold 0.76).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

import simplemma

DATA = Path(__file__).with_name("data") / "wordnet.txt"


@cache
def table() -> dict[str, frozenset[str]]:
    """Word -> the words WordNet relates to it (loaded once, at the first absent word)."""
    out: dict[str, frozenset[str]] = {}
    if not DATA.is_file():
        return out
    with DATA.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            word, _, rest = line.rstrip("\n").partition("\t")
            out[word] = frozenset(rest.split())
    return out


def relatives(word: str) -> frozenset[str]:
    """The words WordNet relates to ``word`` (its form as written, then its lemma), or to a
    verb of two or three words written with underscores ("run_out": expire, end, finish)."""
    folded = word.casefold()
    if not folded.replace("_", "").isalpha():
        return frozenset()
    words = table()
    head, _, rest = folded.partition("_")
    lemma = simplemma.lemmatize(head, lang="en") + (f"_{rest}" if rest else "")
    return words.get(folded, frozenset()) | words.get(lemma, frozenset())


def _phrase(tokens: list[str], i: int) -> str | None:
    """The verb of several words starting at ``tokens[i]`` ("ran out", "get rid of") that
    WordNet lists, written with underscores, or None."""
    for n in (3, 2):
        if i + n <= len(tokens):
            phrase = "_".join(t.casefold() for t in tokens[i : i + n])
            if relatives(phrase):
                return phrase
    return None


def bridges(
    tokens: Iterable[str], absent: set[str], term: Callable[[str], str]
) -> dict[str, frozenset[str]]:
    """For each absent question term, the terms of the words WordNet relates to its word, or
    to the verb of several words it opens ("run out" of a licence: expire)."""
    out: dict[str, set[str]] = {}
    if not absent:
        return {}
    tokens = list(tokens)
    for i, token in enumerate(tokens):
        key = term(token.casefold())
        if key in absent and (i == 0 or not token[:1].isupper()):  # a name is no word's sense
            phrase = _phrase(tokens, i)
            found = relatives(phrase or token)
            out.setdefault(key, set()).update(term(w) for w in found)
    return {key: frozenset(found - {key}) for key, found in out.items()}
