"""The spans of the asked kind a sentence holds (what a question asks for: ``answer_intent``).

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

from broadsheet.ai import figures
from broadsheet.ai.answer_intent import Intent, Span, lemma_stem, unit_key
from broadsheet.ai.answer_intent import question_intent as question_intent
from broadsheet.ai.answer_intent import type_head as type_head
from broadsheet.ai.figures import hyphen_units, in_name, in_units, is_year
from broadsheet.ai.question_words import (
    HUMAN_NOUNS,
    MEASURE_UNITS,
    ORG_NOUNS,
    PERSON_NOUNS,
    described_as_person,
    in_title,
)
from broadsheet.ai.terms import STOPWORDS, words
from broadsheet.enrichment import Entity, key_facts

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
        if m.group(1).split()[0].rstrip(".") in _NOT_PLACES:  # "on Sunday." too
            continue
        named = _OF_NAME.match(sentence, m.end(1)) or m
        text, start = named.group(1), named.start(1)
        if text.endswith(".") and "." not in text.split()[-1][:-1]:
            text = text[:-1]  # the full stop, not "U.S."
        spans.append(Span(text, start, start + len(text)))
    for entity in entities:
        if entity.kind != "place":
            continue
        # The name as a word: "Iran" is not in "Iranian".
        for m in re.finditer(rf"(?<![\w-]){re.escape(entity.name)}(?![\w-])", sentence):
            if all(m.start() >= s.end or m.end() <= s.start for s in spans):
                spans.append(Span(entity.name, *m.span(), weak=True))
                break
    return spans
