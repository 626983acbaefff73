"""Words, stems and sparse TF-IDF vectors: the lexical machinery every AI feature shares.

Pure Python on purpose: an article has tens of sentences, so dictionaries beat
array set-up costs, and the package needs nothing beyond the standard library.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿĀ-ž0-9]+(?:['’.\-][A-Za-zÀ-ÖØ-öø-ÿĀ-ž0-9]+)*")

STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if
    in into is it its itself just me more most my myself no nor not now of off on once only
    or other our ours ourselves out over own same she should so some such than that the
    their theirs them themselves then there these they this those through to too under until
    up very was we were what when where which while who whom whose why will with would you
    your yours yourself yourselves said says say told according would could may might must
    shall one ones s t mr mrs ms dr its it's he's she's they're i'm we're don't doesn't
    didn't also however
    """.split()  # noqa: SIM905
)

# Irregular forms that a suffix stripper cannot join to their lemma; news verbs mostly.
_IRREGULAR = {
    "died": "die", "dies": "die", "dying": "die", "dead": "die", "death": "die",
    "deaths": "die", "killed": "kill", "kills": "kill", "killing": "kill",
    "won": "win", "wins": "win", "winning": "win", "said": "say", "says": "say",
    "bought": "buy", "sold": "sell", "paid": "pay", "made": "make", "took": "take",
    "taken": "take", "began": "begin", "begun": "begin", "fell": "fall", "fallen": "fall",
    "rose": "rise", "risen": "rise", "held": "hold", "told": "tell", "found": "find",
    "lost": "lose", "losses": "lose", "loss": "lose", "met": "meet", "led": "lead",
    "chose": "choose", "chosen": "choose", "gave": "give", "given": "give", "went": "go",
    "gone": "go", "came": "come", "became": "become", "saw": "see", "seen": "see",
    "knew": "know", "known": "know", "got": "get", "left": "leave", "men": "man",
    "women": "woman", "children": "child", "people": "people", "born": "bear",
    "flew": "fly", "flown": "fly", "built": "build", "spent": "spend", "sent": "send",
    "brought": "bring", "thought": "think", "caught": "catch", "fought": "fight",
    "struck": "strike", "hit": "hit", "cut": "cut", "cuts": "cut", "ran": "run",
    "wrote": "write", "written": "write", "stole": "steal", "stolen": "steal",
    "injuries": "injur", "injured": "injur", "injuring": "injur", "injury": "injur",
    "wounded": "injur", "older": "old", "aged": "age",
}  # fmt: skip

_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
    "dozen": 12,
}  # fmt: skip


# Suffixes stripped only from a base of four letters or more ("insurers", not "water").
_LONG_BASE = frozenset({"ances", "ance", "ences", "ence", "ers", "er"})


def words(text: str) -> list[str]:
    """Word tokens as written (letters, digits, inner apostrophes, dots and hyphens)."""
    return _WORD.findall(text)


def stem(word: str) -> str:
    """A light English stem: irregular lemmas, possessives, plurals and common verb endings."""
    w = word.casefold().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.rstrip("'")
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) <= 3 or not w.isalpha():
        return w
    for suffix, repl in (
        ("ational", "ate"),
        ("ization", "ize"),
        ("isation", "ize"),
        ("fulness", "ful"),
        ("iveness", "ive"),
        ("ments", ""),
        ("ment", ""),
        ("ances", ""),
        ("ance", ""),
        ("ences", ""),
        ("ence", ""),
        ("ers", ""),
        ("er", ""),
        ("ities", ""),
        ("ity", ""),
        ("ies", "y"),
        ("ied", "y"),
        ("sses", "ss"),
        ("ness", ""),
        ("ings", ""),
        ("ing", ""),
        ("edly", ""),
        ("ed", ""),
        ("ly", ""),
        ("es", "e"),
        ("s", ""),
    ):
        if w.endswith(suffix) and len(w) - len(suffix) >= (4 if suffix in _LONG_BASE else 3):
            if suffix == "s" and w.endswith(("ss", "us", "is")):
                return w
            base = w[: len(w) - len(suffix)] + repl
            if suffix in ("ing", "ed", "ings", "edly"):
                if len(base) > 3 and base[-1] == base[-2] and base[-1] not in "lsz":
                    base = base[:-1]  # "stopped" -> "stop"
                elif len(base) == 3 and _is_cvc(base):
                    base += "e"  # "making" -> "make", "hoped" -> "hope"
                elif base.endswith(("at", "iz", "bl", "ov", "ur", "tr", "ag", "uc", "ri", "rg")):
                    base += "e"  # "created" -> "create", "moving" -> "move"
            return base[:-1] if base.endswith("e") and len(base) > 4 else base
    return w[:-1] if w.endswith("e") and len(w) > 4 else w


def _is_cvc(base: str) -> bool:
    """Consonant-vowel-consonant, the short stem that lost a final "e" ("mak" of "making")."""
    vowels = "aeiou"
    return base[0] not in vowels and base[1] in vowels and base[2] not in vowels + "wxy"


def content_stems(text: str) -> list[str]:
    """Stems of the words that carry content (stopwords and one-letter tokens dropped)."""
    out = []
    for token in words(text):
        folded = token.casefold()
        if folded in STOPWORDS or len(folded) < 2 and not folded.isdigit():
            continue
        out.append(stem(folded))
    return out


def number_value(token: str) -> float | None:
    """The value of a numeric token: "30,000" -> 30000.0, "seven" -> 7.0, "1.5" -> 1.5."""
    folded = token.casefold().replace(",", "")
    if folded in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[folded])
    try:
        return float(folded)
    except ValueError:
        return None


def idf_table(documents: Sequence[Iterable[str]]) -> dict[str, float]:
    """Smoothed inverse document frequency of every term over the given documents."""
    df: Counter[str] = Counter()
    for doc in documents:
        df.update(set(doc))
    n = len(documents)
    return {term: math.log((n + 1) / (count + 0.5)) for term, count in df.items()}


def tfidf_vector(terms: Iterable[str], idf: dict[str, float]) -> dict[str, float]:
    """A unit-length sparse TF-IDF vector (sub-linear term frequency)."""
    counts = Counter(terms)
    vec = {t: (1.0 + math.log(c)) * idf.get(t, 0.0) for t, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {t: v / norm for t, v in vec.items()} if norm else {}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine similarity of two unit-length sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())
