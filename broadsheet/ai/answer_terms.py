"""A question's and a sentence's words as terms: lemma stems mapped onto paraphrase groups.

Both sides are read the same way: known names folded to one word (``name_aliases``), phrases
read as their plain verb ("stepped down" = resigned, ``paraphrase.PHRASAL_VERBS``), each word
lemmatised, stemmed and put in its group of news words (``paraphrase.canonical``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from broadsheet.ai.answer_types import lemma_stem
from broadsheet.ai.name_aliases import fold_aliases
from broadsheet.ai.paraphrase import PHRASAL_VERBS, canonical
from broadsheet.ai.terms import STOPWORDS, words
from broadsheet.lib import lemmas

# A few news paraphrases; both the question and the sentences are mapped.
_PARAPHRASES = {
    "kill": "die", "fatal": "die", "fatality": "die", "toll": "die", "age": "old",
    "justice": "judge", "purchase": "buy", "acquire": "buy", "ceo": "ceo", "boss": "ceo",
    "chairperson": "chairman", "chair": "chairman", "wed": "marry", "sue": "lawsuit",
}  # fmt: skip
_SYNONYMS = {lemma_stem(k): lemma_stem(v) for k, v in _PARAPHRASES.items()}

_PHRASES = (
    (re.compile(r"\bchief executive(?: officer)?\b", re.I), "CEO"),
    *((re.compile(rf"\b(?:{phrase})\b", re.I), verb) for phrase, verb in PHRASAL_VERBS),
)

_WH = frozenset(
    """
    who whom whose what when where why how which did does do is was are were
    """.split()  # noqa: SIM905
)


@lru_cache(maxsize=1 << 15)
def term(token: str) -> str:
    """A word's key: its lemma stem, mapped onto its paraphrase group."""
    key = lemma_stem(token)
    folded = token.casefold()
    lemma = lemmas.lemmatize(folded, "en") if folded.isalpha() else folded
    return canonical(_SYNONYMS.get(key, key), lemma)


def raw(word: str) -> str:
    """A word's lemma stem with the few fixed paraphrases, outside the groups."""
    key = lemma_stem(word)
    return _SYNONYMS.get(key, key)


def plain(text: str) -> str:
    """The text with its phrases read as plain verbs ("chief executive" = CEO)."""
    for pattern, repl in _PHRASES:
        text = pattern.sub(repl, text)
    return text


def stems(text: str) -> list[str]:
    """The content words' terms, in order."""
    out = []
    for token in words(plain(fold_aliases(text))):
        # "19-year-old" holds "old"; "co-pilot" is not a pilot.
        split = "-" in token and any(c.isdigit() for c in token)
        parts = [token, *token.split("-")] if split else [token]
        for part in parts:
            folded = part.casefold()
            if folded in STOPWORDS or len(folded) < 2 and not folded.isdigit():
                continue
            out.append(term(folded))
    return out


def bigrams(text: str) -> set[tuple[str, str]]:
    """Adjacent lemma pairs, function words kept ("die of", "maiden flight")."""
    tokens = [term(w) for w in words(fold_aliases(text))]
    tokens = [t for t in tokens if t not in _WH]
    return set(zip(tokens, tokens[1:], strict=False))
