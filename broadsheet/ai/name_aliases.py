"""One word for every name of one country: "the US", "the U.S.", "America" and "the United
States"; "the UK", "Britain" and "the United Kingdom".

A reader asks about "the US" of an article that writes "the United States"; the words of
the two share nothing ("US" even lemmatises to "we"), and "United States" shares "state"
with every sentence about a state. ``fold_aliases`` writes each name of a country that has
several (the gazetteer's tier-1 countries and their other names) as one word, the same way
in the question and in every sentence: the country's own name when it is one word, else
another of its names that is ("America"), so that its people's word still relates to it
("American", ``paraphrase.related``). Short or dotted names ("US", "U.K.") match only in
capitals; a name inside a longer name ("Bank of America", "Latin America") is left alone.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from broadsheet.enrichment.lexicon import load_lexicon

_SHORT = 4  # names shorter than this, or with a dot, match only in capitals


@cache
def _aliases() -> dict[str, str]:
    """Every known surface form -> the one word for its thing (only names with another form)."""
    forms: dict[str, set[str]] = {}
    for key, row in load_lexicon().places.items():
        if row[2] == "country" and row[3] == 1 and key.strip() == key and key.isascii():
            forms.setdefault(row[0], set()).add(key)
    out: dict[str, str] = {}
    for canonical, names in forms.items():
        if len(names | {canonical}) < 2:
            continue
        word = _one_word(canonical, names)
        for name in names | {canonical}:
            # The gazetteer's keys are lower case: its short names are written in capitals.
            written = name.upper() if name.islower() and _short(name) else name
            out.setdefault(written if _short(written) else name.casefold(), word)
    # A name that is its own word needs no folding ("China"), nor one led by "the" ("the
    # Bahamas": "Bahamas" is): skipping them keeps most sentences out of the search.
    return {k: w for k, w in out.items() if k != w.casefold() and not k.startswith("the ")}


def _one_word(canonical: str, names: set[str]) -> str:
    """The token for all the names: the canonical name or, failing it, another name that is one
    word ("America" for the United States), so that the people's word still relates to it
    ("American"); else the canonical name's words run together."""
    for name in (canonical, *sorted(names, key=lambda n: (len(n), n))):
        if name.isalpha() and len(name) >= _SHORT:
            return name.capitalize() if name.islower() else name
    return "Alias" + re.sub(r"[^0-9A-Za-z]", "", canonical)


def _short(name: str) -> bool:
    return len(name) < _SHORT or "." in name


@cache
def _pattern() -> re.Pattern[str]:
    names = sorted({n.casefold() for n in _aliases()}, key=len, reverse=True)
    return re.compile(
        r"(?<![\w.&-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w&-]|\.\w)", re.I
    )


@cache
def _first_words() -> frozenset[str]:
    """The first word of every name, folded: a text with none of them has nothing to fold."""
    return frozenset(n.casefold().split()[0].rstrip(".") for n in _aliases())


_CAPITALISED = re.compile(r"(?<![\w.&-])[A-Z][\w.&-]*")
_BEFORE = re.compile(r"(?:([A-Z][\w.'’-]*)|([A-Z][\w.'’-]*) of) $")
_LOWER_OK = frozenset("the a an of in on at for from to and by with".split())  # noqa: SIM905


@lru_cache(maxsize=16_384)
def fold_aliases(text: str) -> str:
    """``text`` with each known name written as one token of its canonical name."""

    def swap(m: re.Match[str]) -> str:
        found = m.group()
        key = found if _short(found) else found.casefold()
        if key not in _aliases() or not found[:1].isupper():
            return found  # "us" and "fed" stay words
        before = _BEFORE.search(text, 0, m.start())
        if before is not None and (before.group(1) or before.group(2) or "").casefold() not in (
            _LOWER_OK
        ):
            return found  # "Bank of America", "Latin America"
        return _aliases()[key]

    firsts = _first_words()
    if not any(w.casefold().rstrip(".") in firsts for w in _CAPITALISED.findall(text)):
        return text
    return _pattern().sub(swap, text)
