"""How a figure is written in a sentence: in a unit of measure, as a hyphenated adjective
("30-year prison terms"), or as part of a name ("Boeing 787").

Plain string checks on positions, shared by the typed spans of ``answer_types``; units are
compared as written, singular or plural (a lemmatiser reads "m" as "am").
"""

from __future__ import annotations

import re

from broadsheet.ai.question_words import MASS_UNITS, MEASURE_UNITS
from broadsheet.ai.terms import STOPWORDS, words

_UNIT_WORDS = frozenset(" ".join([*MEASURE_UNITS.values(), "percent %"]).split())
# "30-year prison terms", "a 10-mile stretch": a figure joined to its unit as an adjective.
_HYPHEN_UNIT = re.compile(r"(?<![\w.,-])\d[\d,.]*-(?P<unit>[a-z]+)\b(?!-)")


def _forms(word: str) -> set[str]:
    w = word.casefold()
    return {w, w.removesuffix("s"), w.removesuffix("es")}


def is_unit(word: str) -> bool:
    """A unit of measure or time as written, singular or plural ("miles", "km", "years")."""
    return bool(_forms(word) & _UNIT_WORDS)


def hyphen_units(sentence: str) -> list[tuple[int, int, str]]:
    """Hyphenated figure-unit adjectives with the noun they qualify (at most two plain words
    after them), as (start, end, unit); "30-year-old" is an age, not one of these."""
    found = []
    for m in _HYPHEN_UNIT.finditer(sentence):
        if not is_unit(m.group("unit")):
            continue
        end = m.end()
        for _ in range(2):
            nxt = re.match(r"\s+([a-z]+)\b", sentence[end:])
            if not nxt or nxt.group(1) in STOPWORDS:
                break
            end += nxt.end()
        found.append((m.start(), end, m.group("unit")))
    return found


# A compass bearing after a figure, past a conversion in brackets: a distance from a place.
_BEARING = re.compile(
    r"\)?\s*(?:\([^)]*\)\s*)?(?:north|south|east|west)(?:-?(?:east|west))?\b", re.I
)


def in_units(sentence: str, start: int, end: int, measure: str) -> bool:
    """Whether the figure sentence[start:end] is written in a unit of the measure, in it, right
    after it or right before it ("magnitude 5.2"), or is a share ("how high / how fast did prices
    rise")."""
    text = sentence[start:end]
    if measure != "far" and _BEARING.match(sentence, end):
        return False  # "eight kilometers southwest of the town": how far, not how deep
    near = [*words(sentence[:start])[-1:], *words(text), *words(sentence[end:])[:2]]
    parts = [p for w in near for p in w.casefold().split("-")]  # "30-year"
    forms = {f for p in parts for f in _forms(p)}
    return "%" in text or bool(forms & set(MEASURE_UNITS[measure].split()))


def in_name(sentence: str, start: int) -> bool:
    """Whether a number is part of a name: "Boeing 787", "Nikkei 225" (not "In 2005, 60 …", not
    "placed Humberto 75 miles north": a figure followed by a unit of measure is a quantity)."""
    before = sentence[:start].rstrip()
    if not sentence[start : start + 1].isdigit() or not before or before[-1] in ",.;:(":
        return False
    after = re.match(r"[\d,.]*\s*([A-Za-z/%]+)?", sentence[start:])
    if after and is_unit(after.group(1) or ""):
        return False
    previous = before.split()[-1]
    return previous[:1].isupper() and previous.isalpha() and len(before) > len(previous)


def is_year(text: str) -> bool:
    """A bare year, 1800-2099."""
    return text.isdigit() and len(text) == 4 and 1800 <= int(text) <= 2099


def is_mass(unit: str) -> bool:
    """A unit of volume, weight or area ("gallons"): an amount of a substance, not a count."""
    return bool({w.casefold() for w in words(unit)} & MASS_UNITS)


_SINCE = re.compile(
    r"\bsince (?:(?:early|late|mid)[- ])?(?:(?:January|February|March|April|May|June|July"
    r"|August|September|October|November|December) )?(?:18|19|20)\d\d\b"
)


def since_spans(sentence: str) -> list[tuple[int, int]]:
    """ "employed with the police since 2003": a duration told by its start."""
    return [m.span() for m in _SINCE.finditer(sentence)]


_ELLIPTICAL = re.compile(
    r"(?<![\w$£€.,-])(?:\d[\d,]*|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven"
    r"|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty"
    r"|fifty|sixty|seventy|eighty|ninety)(?:-\w+)?)(?=\s*(?:[.;,:)]|$)|\s+(?P<next>[a-z]+)\b)",
    re.I,
)
_ELLIPSIS_VERBS = frozenset("were was are is have has had will would died".split())  # noqa: SIM905
_BEFORE_AGE = re.compile(r"\b(?:age of|aged?|over|under|than|top|from|to|at)\s*$", re.I)


def elliptical(sentence: str) -> list[tuple[int, int]]:
    """ "ANA have ordered 55.", "all four were killed": a count whose noun is left to the
    question (followed by punctuation or a verb, not by a noun of its own; never a year, a
    number in a name, an age or a bound: "over the age of 18 must")."""
    return [
        m.span()
        for m in _ELLIPTICAL.finditer(sentence)
        if (m.group("next") is None or m.group("next").casefold() in _ELLIPSIS_VERBS)
        and not is_year(m.group())
        and not in_name(sentence, m.start())
        and not _BEFORE_AGE.search(sentence[: m.start()])
    ]


_WORD_AMOUNT = re.compile(
    r"\b(?:\w+ to )?\w+ (?:hundred|thousand|million|billion|trillion)"
    r"(?: (?:US |U\.S\. )?(?:dollars|euros|pounds|yen|rupees|yuan))?",
    re.I,
)


def word_amounts(sentence: str) -> list[tuple[int, int]]:
    """ "five to six million US dollars": amounts written with a word of scale."""
    return [m.span() for m in _WORD_AMOUNT.finditer(sentence)]


_SCALED = re.compile(
    r"\b\d[\d,.]*\s(?:million|billion|trillion)\b(?=\s*(?:$|[.,;:)]|per\b|each\b|apiece\b|a\b))"
)


def scaled_sums(sentence: str) -> list[tuple[int, int]]:
    """ "800 orders at 200 million per aircraft": a sum in millions counting nothing, for a
    sentence that names no currency (a price often leaves it to the sentence before)."""
    return [m.span() for m in _SCALED.finditer(sentence)]
