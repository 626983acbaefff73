"""What a question asks for, and the spans of that kind a sentence holds.

A reader's question names the type of its answer more often than its words:
who asks for a person or organisation, when for a date or time, where for a
place, how many for a count of the thing named after it, how much for an
amount, how old for an age; "which court" asks for an organisation and "which
city" for a place. Matching that type, rather than phrasings, is what lets an
answer be short (the fact itself) and lets a sentence without such a fact,
or with one about something else ("22-year-old co-pilot" for the pilot's
age), be passed over.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import simplemma

from broadsheet.ai import figures
from broadsheet.ai.figures import hyphen_units, in_name, in_units, is_year
from broadsheet.ai.question_words import (
    DATE_NOUNS,
    HUMAN_NOUNS,
    MEASURE_UNITS,
    MEASURES,
    NUMBER_NOUNS,
    ORG_NOUNS,
    PAST_FORMS,
    PERSON_NOUNS,
    PLACE_NOUNS,
    TO_VERBS,
    described_as_person,
    in_title,
    type_noun,
)
from broadsheet.ai.terms import STOPWORDS, stem, words
from broadsheet.enrichment import Entity, key_facts

# A counted noun and its paraphrases in news copy (both sides are mapped).
_UNIT_SYNONYMS = {
    "employee": "worker", "staff": "worker", "job": "worker", "infection": "case", "store": "shop",
    "person": "people", "resident": "people", "victim": "people", "casualty": "people",
    "fatality": "death", "dead": "death", "dealership": "dealer", "vote": "vote", "ballot": "vote",
}  # fmt: skip
_TIME = re.compile(
    r"\b\d{1,2}(?::\d{2})?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)"
    r"|\b\d{1,2}:\d{2}\b(?:\s?(?:local time|UTC|GMT))?|\b(?:midnight|noon|midday)\b",
    re.I,
)
_UNITS = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_TEENS = rf"{_UNITS}|(?:thir|four|fif|six|seven|eigh|nine)teen"
_AGE = re.compile(  # "sixteen-year-old", "forty-five years old" too
    rf"\b(?:\d{{1,3}}|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:{_TEENS}))?"
    rf"|{_TEENS})[- ]years?[- ]old\b"
    rf"|\baged? (?:\d{{1,3}}|{_TEENS}|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b"
    r"|\bage of \d{1,3}\b|\b(?:was|is|at|now) \d{1,3}(?= years|[.,;]| and\b|$)"
    r"|(?<=, )\d{1,3}(?=,)|\b\d{1,3}(?= years old)",
    re.I,
)
_PRICE_WORDS = frozenset(
    stem(w)
    for w in "cost price worth pay spend fine owe value charge earn sell".split()  # noqa: SIM905
)
_CHANGE_WORDS = frozenset(
    stem(stem(w))
    for w in "fall fell drop rise rose climb gain jump plunge slump decline".split()  # noqa: SIM905
)
_DURATION = re.compile(r"\b(?:years?|months?|weeks?|days?|hours?|minutes?|decades?)\b", re.I)
_CURRENCY = re.compile(r"[$£€¥₹]|dollar|euro|pound|lari|yen|rupee|yuan", re.I)
_NUMBER_WORDS_RE = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty"
    r"|forty|fifty|sixty|seventy|eighty|ninety)"
)
_WORD_RANGE = re.compile(
    rf"\b{_NUMBER_WORDS_RE} (?:to|or) {_NUMBER_WORDS_RE}(?: (?:hundred|thousand|million|billion))?"
    r"(?: [a-z]+)?",
    re.I,
)
_RANGE = re.compile(r"\b\d[\d,.]*\s(?:to|-|–)\s\d[\d,.]*\b")
_BARE_NUMBER = re.compile(r"(?<![\w$£€.,-])\d[\d,.]*\d(?![\w%-])|(?<![\w$£€.,-])\d(?![\w%.,-])")
_NUMBER_WORD = re.compile(
    r"\b(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-\w+)?|one|two|three|four"
    r"|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen"
    r"|eighteen|nineteen|a dozen|dozens|hundreds|thousands)(?:\s+of)?"
    r"\s+(?:(?:more|other|additional|further|extra)\s+)?(?P<unit>[a-z][\w-]*)",
    re.I,
)
_NOT_PLACES = frozenset(
    """
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December
    """.split()  # noqa: SIM905
)
_CAUSE = re.compile(
    r"\b(?:because(?: of)?|due to|caused by|as a result of|following|after|amid|"
    r"in response to|in order to|for|to avoid|over)\s+[^,;]+",
    re.I,
)
_DIED_OF_Q = re.compile(r"what (?:did|does|do|had|has) .+ (?:die|died) (?:of|from)\b")
# What a death is put down to: "died of Parkinson's disease", "succumbed to a lung disorder",
# "deaths were caused by carbon monoxide poisoning" (not "died at his home").
_DIED_OF = re.compile(
    r"\b(?:(?:died|dies|die|dying|death|deaths)(?: \w+)? (?:of|from)"
    r"|succumbed to|(?:was|were) caused by|(?:died|death|deaths) (?:due to|after|following))"
    r"\s+((?:complications (?:of|from) )?[^,;.()\"“”]+)",
    re.I,
)
_ILLNESS = re.compile(  # "advanced stomach cancer", "a lung disorder", "COVID-19"
    r"\b(?:[a-z]+\s+){0,2}(?:cancer|disease|disorder|illness|infection|syndrome|failure|stroke"
    r"|pneumonia|leukaemia|leukemia|tumou?r|diabetes|dementia|emphysema)\b|\bCOVID-19\b"
)
_YEAR = re.compile(r"(?<![\d,.$£€])\b(?:18|19|20)\d\d\b(?![\d,%])")
_MONTH = re.compile(  # "since the protests began in June": a month alone is a date too
    r"\b(?:in|since|until|by|from|for|before|after|early|late|mid|this|last|next|past)"
    r"(?:\s+(?:early|late|mid|this|last|next))*-?\s+(?:January|February|March|April|May|June"
    r"|July|August|September|October|November|December)\b"
)
_PLACE_NAME = re.compile(
    r"\b(?:in|at|near|outside|inside|from|to|into|on)\s+(?:(?:the|a|an)\s+(?:[a-z]+\s+)?)?"
    r"((?:[A-Z][\w'’.-]+)(?:\s+(?:of\s+|de\s+)?[A-Z][\w'’.-]+)*)"
)
_NAME_RUN = re.compile(r"(?:[A-Z][\w'’.-]*)(?:\s+(?:[A-Z][\w'’.-]*|(?:de|van|von|al|bin)\b))*")


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
        folded = PAST_FORMS.get(folded) or simplemma.lemmatize(folded, lang="en")
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
    if head == "name":
        return _named_intent(tokens)
    if head is not None:
        intent = _noun_intent(head)
        # "What car hit him?" asks for a named thing; "What was the plane carrying?" does not.
        direct = _direct_head(tokens) == head
        return intent if intent.kind != "thing" or direct else Intent("other")
    return Intent("other")


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


def answer_spans(intent: Intent, sentence: str, entities: Sequence[Entity] = ()) -> list[Span]:
    """Every span of the asked-for type in the sentence (empty: the sentence cannot answer)."""
    kind = intent.kind
    if kind == "date":
        return _date_spans(sentence)
    if kind in {"number", "money", "percent"}:
        return _number_spans(intent, sentence)
    if kind == "age":
        return [Span(m.group(), *m.span()) for m in _AGE.finditer(sentence)]
    if kind in {"agent", "person", "org"}:
        return _name_spans(kind, sentence, entities)
    if kind == "place":
        spans = _place_spans(sentence, entities)
        if intent.unit:  # an origin is written "from X", a destination "to/for/into X"
            ways = ("from",) if intent.unit == "from" else ("to", "for", "into", "toward")
            spans = [s for s in spans if sentence[: s.start].rstrip().endswith(ways)]
        return spans
    if kind == "thing":
        return _thing_spans(sentence) or [Span(sentence, 0, len(sentence))]
    if kind == "cause" and intent.unit == "illness":
        return [Span(m.group(), *m.span()) for m in _ILLNESS.finditer(sentence)]
    if kind == "cause" and intent.unit == "death":
        return [Span(m.group(1).strip(), *m.span(1)) for m in _DIED_OF.finditer(sentence)]
    if kind == "cause":
        return [Span(m.group().strip(), *m.span()) for m in _CAUSE.finditer(sentence)]
    return [Span(sentence, 0, len(sentence))]


def _date_spans(sentence: str) -> list[Span]:
    spans = [Span(m.group(), *m.span()) for m in _TIME.finditer(sentence)]
    spans += [Span(f.text, f.start, f.end) for f in key_facts(sentence).dates]
    taken = [(s.start, s.end) for s in spans]
    for m in [*_YEAR.finditer(sentence), *_MONTH.finditer(sentence)]:  # "in a 1994 agreement"
        if all(m.end() <= a or m.start() >= b for a, b in taken):
            spans.append(Span(m.group(), *m.span()))
            taken.append(m.span())
    return spans


def _number_spans(intent: Intent, sentence: str) -> list[Span]:
    facts = key_facts(sentence).numbers
    spans: list[Span] = []
    for fact in facts:
        if intent.kind == "number" and intent.unit and fact.kind in {"money", "percent"}:
            continue  # "how many cars": not "US$997 million", not "13%"
        # A count of something else ("139km", "650 employees") does not answer "how many X".
        if not _counts(fact.unit if fact.kind == "quantity" else None, intent.unit):
            continue
        spans.append(Span(fact.text, fact.start, fact.end))
    spans = [s for s in spans if not in_name(sentence, s.start)]
    spans += [Span(m.group(), *m.span()) for m in _RANGE.finditer(sentence)]
    for m in _WORD_RANGE.finditer(sentence):  # "two to three hundred vehicles", not "hundred …"
        spans = [s for s in spans if m.end() <= s.start or m.start() >= s.end]
        spans.append(Span(m.group(), *m.span()))
    for m in _NUMBER_WORD.finditer(sentence):
        if _counts(m.group("unit"), intent.unit) and all(
            m.end() <= s.start or m.start() >= s.end for s in spans
        ):
            spans.append(Span(m.group(), *m.span()))
    if intent.kind == "number":
        spans += [  # "30-year prison terms"
            Span(sentence[a:b], a, b) for a, b, unit in hyphen_units(sentence)
            if _counts(unit, intent.unit) and all(b <= s.start or a >= s.end for s in spans)
        ]  # fmt: skip
    if intent.kind == "number" and intent.strict:
        spans = [s for s in spans if not _DURATION.search(s.text)]  # a level, not "six years"
    counted = {lemma_stem(w) for w in words(sentence)} | {unit_key(w) for w in words(sentence)}
    if not spans and (not intent.unit or intent.unit in counted):
        taken = [(s.start, s.end) for s in spans]
        for m in _BARE_NUMBER.finditer(sentence):
            free = all(m.end() <= a or m.start() >= b for a, b in taken)
            if free and not is_year(m.group()) and not in_name(sentence, m.start()):
                spans.append(Span(m.group(), *m.span()))
    if not spans and intent.kind == "number" and intent.unit:
        spans = [Span(sentence[a:b], a, b) for a, b in figures.elliptical(sentence)]
        spans += [  # "a 20-room mansion" for how many rooms
            Span(m.group(), *m.span()) for m in _HYPHEN_COUNT.finditer(sentence)
            if unit_key(m.group(1)) == intent.unit
        ]  # fmt: skip
    if intent.measure in MEASURE_UNITS:
        spans = [s for s in spans if in_units(sentence, s.start, s.end, intent.measure)]
    if intent.measure == "long":  # "How long had he worked there?": "since 2003"
        spans += [Span(sentence[a:b], a, b) for a, b in figures.since_spans(sentence)]
    if intent.kind == "money":
        amounts = [Span(sentence[a:b], a, b) for a, b in figures.word_amounts(sentence)]
        amounts = [a for a in amounts if not any(_holds(s, a) for s in spans)]  # "US$5 million"
        spans = [s for s in spans if all(s.end <= a.start or s.start >= a.end for a in amounts)]
        spans += amounts
        money = [s for s in spans if _CURRENCY.search(s.text)]
        # No currency: a share or a bare figure, never a count ("50 gallons" of fuel: no count).
        counted = {
            f.text for f in facts if f.kind == "quantity" and f.unit and not figures.is_mass(f.unit)
        }
        if money or intent.strict:
            return money or [Span(sentence[a:b], a, b) for a, b in figures.scaled_sums(sentence)]
        return [s for s in spans if not is_year(s.text) and s.text not in counted]
    if intent.kind == "percent":
        share = [s for s in spans if re.search(r"%|per ?cent|\bto\b", s.text)]
        return share or spans
    return spans


def _holds(span: Span, amount: Span) -> bool:
    """Whether a sum in a currency holds the amount in words ("US$5 million": "5 million")."""
    inside = span.start <= amount.start < amount.end <= span.end
    return inside and bool(_CURRENCY.search(span.text))


_PEOPLE = unit_key("people")
_OTHERS = frozenset(map(unit_key, ("others", "aboard", "on-board")))  # "nineteen others"
_HYPHEN_COUNT = re.compile(rf"\b(?:\d+|{_NUMBER_WORDS_RE})-([a-z]+)\b(?!-)", re.I)
_HUMAN_KEYS = frozenset(unit_key(w) for w in HUMAN_NOUNS)


def _counts(unit: str | None, wanted: str | None) -> bool:
    if not (unit and wanted):
        return True
    keys = {unit_key(w) for w in words(unit)}
    return wanted in keys or wanted == _PEOPLE and bool(keys & (_HUMAN_KEYS | _OTHERS))


def _name_spans(kind: str, sentence: str, entities: Sequence[Entity]) -> list[Span]:
    wanted = {"organisation"} if kind == "org" else {"person", "organisation"}
    spans = []
    for entity in entities:
        if entity.kind not in wanted:
            continue
        for name in sorted({entity.name, *entity.aliases}, key=len, reverse=True):
            at = sentence.find(name) if name else -1
            if at >= 0:
                spans.append(Span(name, at, at + len(name)))
                break
    places = {e.name for e in entities if e.kind == "place"}
    for m in _NAME_RUN.finditer(sentence):
        # Names the entity pass missed: runs of two capitalised words or more, not places,
        # without the titles before them ("UAW President Ron Gettelfinger").
        tokens = re.sub(r"['’]s$", "", m.group()).split()
        while tokens and tokens[0].casefold() in STOPWORDS:
            tokens.pop(0)  # "On Friday", "In Texas": the capital is the sentence's, not a name's
        if any(t in _NOT_PLACES for t in tokens):
            continue
        while len(tokens) > 2 and (
            tokens[0].casefold() in PERSON_NOUNS | {"the", "a", "an"}
            or tokens[0].isupper()
            or tokens[0] in places
            or any(t.casefold() in PERSON_NOUNS for t in tokens[1:-1])
        ):
            tokens.pop(0)
        name = " ".join(tokens)
        if (
            len(tokens) > 1
            and name not in places
            and not {tokens[0].casefold(), tokens[-1].casefold()} & PERSON_NOUNS
        ):
            at = sentence.find(name, m.start())
            spans.append(Span(name, at, at + len(name)))
    spans = [s for s in spans if not in_title(sentence, s.start, s.end)]
    if kind == "person":
        # Not an organisation: a known one, or a name run ending in an organisation's noun.
        return [s for s in spans if described_as_person(sentence, s.end) or not _org(s, entities)]
    return spans


def _org(span: Span, entities: Sequence[Entity]) -> bool:
    known = any(e.kind == "organisation" and span.text in (e.name, *e.aliases) for e in entities)
    return known or span.text.split()[-1].casefold() in ORG_NOUNS


_CODE = re.compile(r"\b[A-Z][A-Za-z]*-?\d[\w-]*\b")


def _thing_spans(sentence: str) -> list[Span]:
    """Named things a "which/what X" question may ask for: name runs after the sentence's first
    word ("Volvo XC90", "Le Freak") and model codes ("B-17")."""
    spans = [Span(m.group(), *m.span()) for m in _NAME_RUN.finditer(sentence) if m.start() > 0]
    for m in _CODE.finditer(sentence):
        if all(m.end() <= s.start or m.start() >= s.end for s in spans):
            spans.append(Span(m.group(), *m.span()))
    return spans


# "on the Spanish island of Majorca", "in the Thai city of Chiang Mai": the place is after "of".
_OF_NAME = re.compile(r"\s+[a-z]+\s+of\s+([A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+)*)")


def _place_spans(sentence: str, entities: Sequence[Entity]) -> list[Span]:
    spans = []
    for m in _PLACE_NAME.finditer(sentence):
        if m.group(1).split()[0] in _NOT_PLACES:
            continue
        named = _OF_NAME.match(sentence, m.end(1)) or m
        text, start = named.group(1), named.start(1)
        if text.endswith(".") and "." not in text.split()[-1][:-1]:
            text = text[:-1]  # the full stop, not "U.S."
        spans.append(Span(text, start, start + len(text)))
    for entity in entities:
        if entity.kind == "place":
            at = sentence.find(entity.name)
            if at >= 0 and all(at >= s.end or at + len(entity.name) <= s.start for s in spans):
                spans.append(Span(entity.name, at, at + len(entity.name), weak=True))
    return spans
