"""The canonical sentences of an article, and what a sentence needs or claims.

``article_sentences`` numbers sentences exactly as ``enrichment.split_sentences``
does, so a citation, a key fact and the page's ``<span data-s="n">`` all agree.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from broadsheet.ai.terms import STOPWORDS, number_value, words
from broadsheet.enrichment import split_sentences

_PRONOUN_OPENERS = frozenset(
    """
    he she they it his her their its him them this these those that such both there's theirs
    hers
    """.split()  # noqa: SIM905
)
# "The company said": a definite noun phrase that only makes sense after its antecedent.
_ANAPHORIC_NOUNS = frozenset(
    """
    company firm group man woman boy girl couple pair men women agency organisation
    organization airline carrier automaker carmaker manufacturer bank club team suspect
    victim plane aircraft vessel ship move decision deal report study incident attack
    statement announcement latter former same official officials spokesman spokeswoman
    spokesperson country city minister president leader party board court judge band singer
    actor player star couple family ministry department lawsuit agreement plan measure bill
    proposal program programme project scheme policy building storm hurricane fire virus
    """.split()  # noqa: SIM905
)
_CONNECTIVE_OPENERS = (
    "however",
    "but",
    "meanwhile",
    "also",
    "instead",
    "still",
    "nevertheless",
    "in addition",
    "in response",
    "as a result",
    "despite this",
    "because of this",
    "after that",
    "later",
    "then",
    "furthermore",
    "moreover",
)
_OPENER_TRIM = re.compile(r"^[\s\"“”‘’'(\[—–-]+")
_TERMINAL = re.compile(r"[.!?][\"”’')\]]*$|[.!?]\s*\[\d+\]$")
# Lines a summary must not show: picture captions and credits, interview turns
# ("((WN)) ...") and date lines ("Friday, January 4, 2019"); story summaries cut
# wire datelines ("PARIS (Reuters) -") from the sentence instead.
_CAPTION = re.compile(
    r"\b(?:Image|Photo|Photograph|Picture|Credit|Video)s?\s*:|\((?:photos?|montage|file)\)"
    r"|\b(?:File photo|Getty Images|AFP Photo|AP Photo)\b|^\s*\(\(",
    re.I,
)
_DATE_LINE = re.compile(
    r"^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+[A-Z][a-z]+\s+\d"
    r"{1,2},?\s+\d{4}\.?$"
)


def article_sentences(text: str) -> list[str]:
    """The article's sentences in order, whitespace collapsed; indices are citation targets."""
    text = text or ""
    return [" ".join(text[start:end].split()) for start, end in split_sentences(text)]


def is_dangling(sentence: str) -> bool:
    """Whether a sentence opens with a pronoun, a connective or "The company" needing context."""
    opener = _OPENER_TRIM.sub("", sentence)
    tokens = [t.casefold() for t in words(opener[:80])]
    if not tokens:
        return False
    first = tokens[0]
    if first in _PRONOUN_OPENERS:
        return True
    head = " ".join(tokens[:3])
    if any(head == c or head.startswith(c + " ") for c in _CONNECTIVE_OPENERS):
        return True
    if first == "the" and len(tokens) > 1:
        noun = tokens[1]
        if noun in _ANAPHORIC_NOUNS:
            return True
        if len(tokens) > 2 and tokens[2] in _ANAPHORIC_NOUNS and tokens[1] in {"new", "two"}:
            return True
    return False


def is_complete(sentence: str) -> bool:
    """Whether a line reads as a sentence: long enough, terminal punctuation, not a caption."""
    stripped = sentence.strip()
    if not stripped or stripped[0] in "—–-•*|":
        return False
    if len(words(stripped)) < 6:
        return False
    return bool(_TERMINAL.search(stripped))


def is_prose(sentence: str) -> bool:
    """Whether a sentence may stand in a summary: complete, not a caption or credit,
    interview turn, date line or question (a question states nothing)."""
    stripped = sentence.strip()
    if not is_complete(stripped) or stripped.rstrip("\"”’')]").endswith("?"):
        return False
    return not is_caption(stripped)


def is_caption(line: str) -> bool:
    """A picture caption or credit, an interview turn marker, or a bare date line."""
    return bool(_CAPTION.search(line) or _DATE_LINE.search(line.strip()))


def names_in(sentence: str) -> set[str]:
    """Capitalised tokens that are not the sentence's first word nor a capitalised stopword."""
    found: set[str] = set()
    tokens = words(sentence)
    for i, token in enumerate(tokens):
        core = token.rstrip(".").removesuffix("'s").removesuffix("’s")
        if not core or not core[0].isupper() or core.casefold() in STOPWORDS:
            continue
        if i == 0 and not _looks_like_name(core):
            continue
        found.add(core)
    return found


def _looks_like_name(token: str) -> bool:
    """A sentence-initial token counts as a name when it is an acronym or mixes case oddly."""
    return sum(c.isupper() for c in token) > 1 or any(c.isdigit() for c in token)


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SCALED = re.compile(r"(\d+(?:[.,]\d+)*)\s*(thousand|million|billion|trillion|bn|m|k)\b", re.I)
_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9}


def numbers_in(sentence: str) -> set[float]:
    """Every number a sentence states, in digits or words, with and without its scale word."""
    found: set[float] = set()
    for match in _NUMBER.finditer(sentence):
        value = number_value(match.group())
        if value is not None:
            found.add(round(value, 4))
    for match in _SCALED.finditer(sentence):
        value = number_value(match.group(1))
        scale = _SCALE.get(match.group(2).casefold(), 1e12)
        if value is not None:
            found.add(round(value * scale, 4))
    for token in words(sentence):
        if not token[0].isdigit():
            value = number_value(token)
            if value is not None and token.casefold() not in {"one", "zero"}:
                found.add(value)
    return found


def supported_by(claim: str, evidence: Sequence[str], *, context: str = "") -> bool:
    """Whether every name and number in ``claim`` also appears in the evidence sentences.

    With the article as ``context``, a capitalised first word counts as a name too
    when the article writes it capitalised mid-sentence or never uses it at all
    ("Medvedev said ..." cannot slip through for opening the sentence).
    """
    joined = " ".join(evidence)
    evidence_words = {w.rstrip(".").removesuffix("'s").removesuffix("’s") for w in words(joined)}
    evidence_folded = {w.casefold() for w in evidence_words}
    names = names_in(claim)
    tokens = words(claim)
    if context and tokens:
        first = tokens[0].rstrip(".").removesuffix("'s").removesuffix("’s")
        if first[:1].isupper() and first.casefold() not in STOPWORDS:
            mid_sentence = re.search(rf"(?<![.!?\n]\s)(?<=\s){re.escape(first)}\b", context)
            unknown = not re.search(rf"\b{re.escape(first)}\b", context, re.IGNORECASE)
            if mid_sentence or unknown:
                names.add(first)
    for name in names:
        if name not in evidence_words and name.casefold() not in evidence_folded:
            return False
    return numbers_in(claim) <= numbers_in(joined)
