"""Where sources disagree on a number: "more than 30 soldiers killed" vs "25 soldiers".

Each counted thing ``key_facts`` finds is keyed by the noun it counts (stemmed,
"troops" joined to "soldiers") and the event around it ("killed", "injured",
"arrested"...). Each claim becomes an interval ("more than 30" is (30, ∞),
"dozens" is [24, 99], "about 300" is [240, 360]); a key whose claims from
different articles have intervals that cannot both hold is a disagreement,
reported with every source's claim.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace

from broadsheet.ai.story_summaries import StoryArticle
from broadsheet.ai.terms import number_value, stem, words
from broadsheet.enrichment import extract_entities, key_facts, split_sentences

_EVENTS = {
    "killed": ("kill", "die", "dead", "death", "perish", "fatal", "slain", "murder"),
    "injured": ("injur", "wound", "hurt", "hospitali"),
    "arrested": ("arrest", "detain", "custody"),
    "missing": ("missing",),
    "rescued": ("rescu", "saved"),
    "evacuated": ("evacuat",),
    "displaced": ("displac", "homeless"),
    "trapped": ("trap",),
    "fled": ("fled", "flee"),
    "cut": ("cut", "eliminat", "shed", "slash", "axe"),
    "ordered": ("order",),
    "sold": ("sold$", "sell$", "sells$"),
}
_UNIT_SYNONYMS = {"troop": "soldier", "person": "people", "servicemen": "soldier"}
# Events that befall people: only these may count people when no noun is written
# ("25 were killed"); "237 orders" or "800 sold" count nothing a reader can name.
_PEOPLE_EVENTS = frozenset(
    "killed injured arrested missing rescued evacuated displaced trapped fled".split()  # noqa: SIM905
)
ANCHOR_WINDOW = 40  # characters either side of a count that name its own place
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
# Units that count time or point back ("38 others") say nothing comparable across sources.
_TIME_UNITS = frozenset(
    """
    year month week day hour minute second decade century time other
    """.split()  # noqa: SIM905
)
_VAGUE: dict[str, tuple[float, float]] = {
    "dozens": (24, 99),
    "hundreds": (200, 999),
    "thousands": (2000, 9999),
}
_VAGUE.update({"scores": (40, 99), "millions": (2e6, 9.99e8), "a dozen": (12, 12)})
_UNITLESS = re.compile(
    r"\b(?P<q>(?:more|fewer|less) than |over |about |around |nearly |almost |at least |some )?"
    r"(?P<num>\d[\d,]*|dozens|hundreds|scores|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|fifteen|twenty|thirty|forty|fifty)\s+"
    r"(?:(?:were|have been|had been|are|was|is)\s+)?(?:reported |confirmed |feared )?"
    r"(?P<event>killed|dead|died|injured|wounded|hurt|arrested|missing|rescued)\b",
    re.I,
)


@dataclass(frozen=True)
class Disagreement:
    """One thing the sources count differently, and what each source says."""

    topic: str  # "soldiers killed"
    claims: tuple[tuple[str, str, str], ...]  # (article key, source, claim text)


@dataclass(frozen=True)
class _Claim:
    article: int
    unit: str  # stemmed noun, "" when the number stands alone ("25 were killed")
    unit_text: str
    event: str
    low: float
    high: float
    text: str
    places: frozenset[str] = frozenset()  # places named in its sentence (names, countries)
    organisations: frozenset[str] = frozenset()  # whose count it is ("Boeing", "Airbus")
    years: frozenset[str] = frozenset()  # the time it is about ("2005")


def find_disagreements(articles: Sequence[StoryArticle]) -> list[Disagreement]:
    """Numbers about the same thing on which the articles' claims cannot all be true."""
    claims = [c for i, a in enumerate(articles) for c in _claims(i, a.text)]
    groups: dict[tuple[str, str], list[_Claim]] = {}
    for claim in claims:
        if claim.unit:
            groups.setdefault((claim.unit, claim.event), []).append(claim)
    for claim in claims:
        if not claim.unit and claim.event in _PEOPLE_EVENTS:
            # "25 were killed" counts people; it is not aligned with "30 soldiers" (too risky).
            groups.setdefault(("people", claim.event), []).append(claim)
    found = []
    for (_, event), group in groups.items():
        first: dict[int, _Claim] = {}
        for claim in group:
            first.setdefault(claim.article, claim)
        chosen = sorted(first.values(), key=lambda c: c.article)
        if not event or len(chosen) < 2 or not _conflict(chosen):
            continue
        unit_text = next((c.unit_text for c in chosen if c.unit), "")
        if not unit_text and event:
            unit_text = "people"
        topic = f"{unit_text} {event}"
        found.append(
            Disagreement(
                topic=topic,
                claims=tuple(
                    (articles[c.article].key, articles[c.article].source, c.text) for c in chosen
                ),
            )
        )
    found.sort(key=lambda d: -len(d.claims))
    return found


def _conflict(claims: list[_Claim]) -> bool:
    """Whether two claims from different articles about the same place, subject and time
    cannot both hold."""
    return any(
        (a.high < b.low or b.high < a.low) and _comparable(a, b)
        for i, a in enumerate(claims)
        for b in claims[i + 1 :]
        if a.article != b.article
    )


def _comparable(a: _Claim, b: _Claim) -> bool:
    """Claims whose sentences name different places, organisations or years are not compared."""
    return all(
        not x or not y or bool(x & y)
        for x, y in ((a.places, b.places), (a.organisations, b.organisations), (a.years, b.years))
    )


def _claims(article: int, text: str) -> list[_Claim]:
    """Every counted claim of one article, with its interval, event and places."""
    spans = split_sentences(text)
    starts = [a for a, _ in spans]
    out = []
    for claim, offset in _raw_claims(article, text):
        if not claim.event:
            continue
        i = max(0, bisect_right(starts, offset) - 1)
        start, end = spans[i] if spans else (0, len(text))
        sentence = text[start:end]
        # A sentence listing several places ("4,300 jobs in France, ... 400 in Spain"): each
        # count belongs to the places written near it.
        near = text[max(start, offset - ANCHOR_WINDOW) : min(end, offset + ANCHOR_WINDOW)]
        places, organisations = _anchors(sentence)
        if len(places) > 1:
            places = _anchors(near)[0] or places
        out.append(
            replace(
                claim,
                places=places,
                organisations=organisations,
                years=frozenset(_YEAR.findall(sentence)),
            )
        )
    return out


def _anchors(sentence: str) -> tuple[frozenset[str], frozenset[str]]:
    """The places (with their countries) and organisations a sentence names: tolls of two
    places, or orders of two companies, are different quantities."""
    places, organisations = set(), set()
    for entity in extract_entities("", sentence):
        if entity.kind == "place":
            places.add(entity.name)
            if entity.country:
                places.add(entity.country)
        elif entity.kind == "organisation":
            organisations.add(entity.name)
    return frozenset(places), frozenset(organisations)


def _raw_claims(article: int, text: str) -> list[tuple[_Claim, int]]:
    """Counted claims as written, each with its offset in the text."""
    out = []
    taken: list[tuple[int, int]] = []
    for fact in key_facts(text).numbers:
        if fact.kind != "quantity" or not fact.unit:
            continue
        unit_word = fact.unit.split()[-1]
        unit = _UNIT_SYNONYMS.get(stem(unit_word), stem(unit_word))
        interval = _interval(fact.text, fact.value)
        if unit in _TIME_UNITS or interval is None or interval == (1.0, 1.0):
            continue
        end = fact.end
        event = _event_of(fact.unit.split()[0])
        if event and event not in _PEOPLE_EVENTS:
            continue  # "237 orders": a noun, not an event that befell people
        if event:  # "Dozens died": key_facts took the verb for the noun
            unit = unit_word = ""
        else:
            event, end = _event_after(text, fact.end)
        if not event:
            event = _event_before(text, fact.start)
            end = fact.end
        taken.append((fact.start, end))
        claim = _Claim(article, unit, unit_word, event, *interval, text[fact.start : end])
        out.append((claim, fact.start))
    for match in _UNITLESS.finditer(text):
        if any(a <= match.start() < b for a, b in taken):
            continue
        interval = _interval(match.group(), None)
        event = _event_of(match.group("event"))
        if interval and event:
            out.append((_Claim(article, "", "", event, *interval, match.group()), match.start()))
    return out


def _interval(phrase: str, value: float | None) -> tuple[float, float] | None:
    """The range of values a phrase such as "more than 30 soldiers" allows."""
    lowered = phrase.casefold()
    for vague, (low, high) in _VAGUE.items():
        if re.search(rf"\b{vague}\b", lowered):
            return float(low), float(high)
    if value is None:
        token = next((w for w in words(lowered) if number_value(w) is not None), None)
        value = number_value(token) if token else None
    if value is None:
        return None
    if re.match(r"(?:more than|over|upwards of)\b", lowered):
        return value + 1e-9, math.inf
    if re.match(r"at least\b", lowered):
        return value, math.inf
    if re.match(r"(?:fewer than|less than|under)\b", lowered):
        return 0.0, value - 1e-9
    if re.match(r"(?:up to|at most)\b", lowered):
        return 0.0, value
    if re.match(r"(?:nearly|almost)\b", lowered):
        return 0.8 * value, value
    if re.match(r"(?:about|around|some|approximately|roughly|an estimated)\b", lowered):
        return 0.8 * value, 1.2 * value
    return value, value


def _event_of(word: str) -> str:
    """The event a word names ("died" -> "killed"); cues ending in "$" must match whole."""
    folded = word.casefold()
    for event, cues in _EVENTS.items():
        for cue in cues:
            if folded == cue[:-1] if cue.endswith("$") else folded.startswith(cue):
                return event
    return ""


def _event_after(text: str, start: int) -> tuple[str, int]:
    """The event word among the next four words of the same clause ("were killed"), its end."""
    clause = re.split(r"[.;!?,]", text[start : start + 60], maxsplit=1)[0]
    for match in list(re.finditer(r"[A-Za-z]+", clause))[:4]:
        event = _event_of(match.group())
        if event:
            return event, start + match.end()
    return "", start


def _event_before(text: str, end: int) -> str:
    """The event word just before a count ("killing 25 soldiers", "the deaths of 30 people")."""
    window = re.findall(r"[A-Za-z]+", text[max(0, end - 30) : end])
    return next((_event_of(w) for w in reversed(window[-3:]) if _event_of(w)), "")
