"""How a figure is written in a sentence: in a unit of measure, as a hyphenated adjective
("30-year prison terms"), or as part of a name ("Boeing 787").

Plain string checks on positions, shared by the typed spans of ``answer_types``; units are
compared as written, singular or plural (a lemmatiser reads "m" as "am").
"""

from __future__ import annotations

import re

from broadsheet.ai.question_words import MEASURE_UNITS
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


def in_units(sentence: str, start: int, end: int, measure: str) -> bool:
    """Whether the figure sentence[start:end] is written in a unit of the measure, in it, right
    after it or right before it ("magnitude 5.2"), or is a share ("how high / how fast did prices
    rise")."""
    text = sentence[start:end]
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
