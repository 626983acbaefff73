"""What a question asks for: the type of its answer, read from its opening and head noun.

A reader's question names the type of its answer more often than its words:
who asks for a person or organisation, when for a date or time, where for a
place, how many for a count of the thing named after it, how much for an
amount, how old for an age; "which court" asks for an organisation and "which
city" for a place. ``answer_types`` finds the spans of that type in a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from broadsheet.ai.question_words import (
    DATE_NOUNS,
    HUMAN_NOUNS,
    MEASURES,
    NUMBER_NOUNS,
    ORG_NOUNS,
    PAST_FORMS,
    PERSON_NOUNS,
    PLACE_NOUNS,
    TO_VERBS,
    type_noun,
)
from broadsheet.ai.terms import STOPWORDS, stem, words
from broadsheet.lib import lemmas

# A counted noun and its paraphrases in news copy (both sides are mapped).
_UNIT_SYNONYMS = {
    "employee": "worker", "staff": "worker", "job": "worker", "infection": "case", "store": "shop",
    "person": "people", "resident": "people", "victim": "people", "casualty": "people",
    "fatality": "death", "dead": "death", "dealership": "dealer", "vote": "vote", "ballot": "vote",
}  # fmt: skip

_PRICE_WORDS = frozenset(
    stem(w)
    for w in "cost price worth pay spend fine owe value charge earn sell".split()  # noqa: SIM905
)
_CHANGE_WORDS = frozenset(
    stem(stem(w))
    for w in "fall fell drop rise rose climb gain jump plunge slump decline".split()  # noqa: SIM905
)
_NAME_ASKED = re.compile(r"^what(?:'s| is| was) (?:the |a |an )?[\w -]+['’]s name\b")
_DIED_OF_Q = re.compile(r"what (?:did|does|do|had|has) .+ (?:die|died) (?:of|from)\b")


@dataclass(frozen=True)
class Intent:
    """The type of answer a question asks for and, for counts, the noun counted (lemma stem)."""

    kind: str  # agent person org place date number money percent age cause describe other
    unit: str | None = None  # place: "from" / "to" when the question asks for a direction
    strict: bool = False  # money: only a sum in a currency answers ("how much does it cost")
    measure: str | None = None  # number: "far", "tall", … (question_words.MEASURE_UNITS)


@dataclass(frozen=True)
class Span:
    """A candidate short answer inside a sentence."""

    text: str
    start: int
    end: int
    weak: bool = False  # a place known only from the entity list, not written "in/at/from X"


@lru_cache(maxsize=50_000)
def lemma_stem(word: str) -> str:
    """The word's dictionary lemma (simplemma, English), then the light stem shared by the panel."""
    folded = word.casefold()
    if folded.isalpha():
        folded = PAST_FORMS.get(folded) or lemmas.lemmatize(folded, "en")
    # Twice: the stemmer's irregular table gives lemmas ("left" -> "leave") it would stem further.
    return stem(stem(folded))


def unit_key(word: str) -> str:
    """A counted noun reduced so that paraphrases meet ("employees" = "workers")."""
    key = lemma_stem(word)
    for raw, target in _UNIT_SYNONYMS.items():
        if key == lemma_stem(raw):
            return lemma_stem(target)
    return key


def question_intent(question: str) -> Intent:
    """The answer type a question asks for, read from its opening and its head noun."""
    q = " ".join(question.casefold().split())
    q = re.sub(r"^(?:and|so|but|then|ok|okay)\b[, ]*", "", q)
    tokens = words(q)
    if not tokens:
        return Intent("other")
    head = _wh_head(tokens)
    first = tokens[0]
    if first in {"who", "whom", "whose"}:
        rest = [t for t in words(question)[1:] if t.casefold() not in STOPWORDS]
        if rest and all(t[:1].isupper() and _is_plain_name(t) for t in rest):
            return Intent("describe")  # "Who is Peter Cardillo?"
        if any(t.casefold() in PERSON_NOUNS for t in rest):
            return Intent("person")  # "Who is Ryanair's CEO?"
        return Intent("agent")
    if first == "when" or q.startswith(("since when", "on what date")):
        return Intent("date")
    if first == "where":
        return Intent("place", unit=_direction(tokens))
    if _DIED_OF_Q.match(q):
        return Intent("cause", unit="death")  # "What did Mendez die of?": an illness, an injury
    if first == "why" or q.startswith(("for what reason", "what caused", "what led to")):
        return Intent("cause")
    if q.startswith("how many"):
        if len(tokens) > 3 and tokens[2] in _MORE:  # "How many more people …": people
            tokens = [*tokens[:2], *tokens[3:]]
        if len(tokens) > 2 and _is_verb(tokens[2]):
            # "How many died?": the count has no noun of its own; "How many injured children?"
            # counts the noun after the participle.
            return Intent("number", unit=unit_key(tokens[3]) if _is_noun(tokens[3:4]) else None)
        return Intent("number", unit=unit_key(_counted_noun(tokens)) if len(tokens) > 2 else None)
    if q.startswith(("how much", "by how much")):
        lemmas = {lemma_stem(t) for t in tokens}
        if lemmas & _CHANGE_WORDS and not lemmas & _PRICE_WORDS:
            return Intent("percent")  # "How much did the stock fall?": a share first
        return Intent("money", strict=bool(_PRICE_WORDS & lemmas))
    if q.startswith("how old"):
        return Intent("age")
    if tokens[:2] == ["how", "far"] and {lemma_stem(t) for t in tokens} & _CHANGE_WORDS:
        return Intent("percent")  # "How far did the shares fall?": a share or points
    if first == "how" and len(tokens) > 1 and tokens[1] in MEASURES:
        return Intent("number", measure=tokens[1])
    if head == "name" or _NAME_ASKED.search(q):  # "the bus driver's name"
        return _named_intent(tokens)
    if head is not None:
        intent = _noun_intent(head)
        # "What car hit him?" asks for a named thing; "What was the plane carrying?" does not.
        direct = _direct_head(tokens) == head
        return intent if intent.kind != "thing" or direct else Intent("other")
    return Intent("other")


_AUXILIARIES = frozenset(
    "were was are is have has had did do does will would could can".split()  # noqa: SIM905
)
_SCALES = frozenset(["hundred", "thousand", "million", "billion"])
_MORE = frozenset(["more", "other", "additional", "extra", "fewer"])
_PERSONS = HUMAN_NOUNS | {"people", "person"}


def _is_verb(word: str) -> bool:
    """Whether the word after "how many" is a verb, not the counted noun: "How many *were*
    killed?", "How many *died*?", "How many *fled*?" (a past form: "-ed" or irregular)."""
    if word in _AUXILIARIES or word in PAST_FORMS:
        return True
    lemma = lemmas.lemmatize(word, "en")
    if lemma in _PERSONS or word.endswith("s") or word in _SCALES:
        return False  # "children", "men": plural nouns that lemmatise to another word
    return word.endswith("ed") or lemma != word


def _is_noun(tokens: Sequence[str]) -> bool:
    """Whether the word after a participle is the noun it qualifies ("confirmed *orders*")."""
    return (
        bool(tokens)
        and tokens[0] not in STOPWORDS
        and (tokens[0].endswith("s") or lemmas.lemmatize(tokens[0], "en") in _PERSONS)
    )


def _counted_noun(tokens: Sequence[str]) -> str:
    """The noun after "how many": the head of a compound ("fire *engines*", "police
    *officers*"), a singular modifier before a plural noun."""
    if tokens[2] == "of" and len(tokens) > 4:  # "How many of the dead …"
        tokens = [*tokens[:2], *tokens[4 if tokens[3] in STOPWORDS else 3 :]]
    first = tokens[2]
    after = tokens[3] if len(tokens) > 3 else ""
    compound = after.isalpha() and len(after) > 3 and after.endswith("s")
    if compound and not first.endswith("s") and after not in STOPWORDS:
        return after
    return first


def _direction(tokens: Sequence[str]) -> str | None:
    if tokens[-1] == "from" or {"originate", "depart", "departed"} & set(tokens):
        return "from"
    if tokens[-1] == "to" or TO_VERBS & set(tokens[-2:]):
        return "to"
    return None


def _named_intent(tokens: Sequence[str]) -> Intent:
    """ "What is the name of PG&E's CEO?", "What was the pilot's name?": whose name is asked."""
    for token in tokens:
        bare = token.removesuffix("'s").removesuffix("’s")
        for kind, nouns in (("person", PERSON_NOUNS), ("org", ORG_NOUNS)):
            if bare in nouns:
                return Intent(kind)
        if bare in PLACE_NOUNS:
            return Intent("place")
    return Intent("agent")


def _is_plain_name(token: str) -> bool:
    return token.casefold() not in PERSON_NOUNS and not token.endswith(("'s", "’s"))


def type_head(question: str) -> str | None:
    """The noun that names a typed answer ("In which *city*", "What *year*"), else None."""
    tokens = words(" ".join(question.casefold().split()))
    head = _wh_head(tokens)
    return head if head is not None and _noun_intent(head).kind not in {"thing", "other"} else None


def _wh_head(tokens: Sequence[str]) -> str | None:
    """The noun after "which/what" (skipping "is the", adjectives), e.g. "court", "year"."""
    for i, token in enumerate(tokens[:4]):
        if token in {"which", "what"}:
            for word in tokens[i + 1 : i + 6]:
                if word in STOPWORDS or word in {"did", "does", "do"}:
                    continue
                if word.endswith("'s") or word.endswith("’s") or word in {"kind", "type", "sort"}:
                    continue
                return word
    return None


def _direct_head(tokens: Sequence[str]) -> str | None:
    """The noun right after "which/what" ("what kind of" skipped): "which song", "what car"."""
    for i, token in enumerate(tokens[:3]):
        if token in {"which", "what"} and i + 1 < len(tokens):
            rest = list(tokens[i + 1 :])
            if rest[0] in {"kind", "type", "sort", "make", "model"} and rest[1:2] == ["of"]:
                rest = rest[2:]
            return rest[0] if rest and rest[0] not in STOPWORDS | {"did", "does", "do"} else None
    return None


def _noun_intent(noun: str) -> Intent:
    noun = type_noun(noun)
    if noun in ORG_NOUNS:
        return Intent("org")
    if noun in PLACE_NOUNS:
        return Intent("place")
    if noun in PERSON_NOUNS:
        return Intent("person")
    if noun in DATE_NOUNS:
        return Intent("date")
    if noun in {"percentage", "share", "proportion", "rate", "majority"}:
        return Intent("percent")
    if noun in {"price", "cost", "fine", "salary", "sum", "value"}:
        return Intent("money", strict=True)
    if noun in {"illness", "disease", "condition", "ailment", "sickness", "cancer"}:
        return Intent("cause", unit="illness")  # "What illness did she have?"
    if noun in NUMBER_NOUNS:
        return Intent("number", strict=True)  # "what level": a figure, not "six years"
    return Intent("thing")
