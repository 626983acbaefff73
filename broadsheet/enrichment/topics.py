"""Topic tags from a fixed taxonomy by a weighted keyword scorer, plus geographic tags.

The taxonomy lives in data/topics.json: fifteen topics, each with a stable slug,
a human name, a one-line description and a small weighted lexicon (a trailing
``*`` matches any ending: ``elect*`` matches "election" and "elected"). A word
in the title counts three times; words of the article's organisation names
count too ("Thames Valley Police" speaks for crime-and-justice). A topic is
kept when it scores at least a third of the best one and clears a floor.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from broadsheet.enrichment.entities import Entity
from broadsheet.enrichment.lexicon import DATA

TITLE_WEIGHT = 3.0
MIN_SCORE = 4.0  # an article must say more than one weak word to get a topic
KEEP_RATIO = 0.35  # the second and third topics must score this share of the first
MAX_TOPICS = 3
MAX_CHARS = 200_000
_WORD = re.compile(r"[a-zß-öø-ÿ0-9]+(?:[-'][a-zß-öø-ÿ0-9]+)*")


@dataclass(frozen=True)
class Topic:
    """A tag: a taxonomy topic ('sport') or a country ('place-fr'), with its share of the score."""

    slug: str
    name: str
    score: float


@dataclass(frozen=True)
class _Taxonomy:
    names: dict[str, str]
    exact: dict[str, list[tuple[str, float]]]
    prefixes: dict[str, list[tuple[str, float]]]
    longest_prefix: int


@cache
def _taxonomy() -> _Taxonomy:
    raw = json.loads((DATA / "topics.json").read_text(encoding="utf-8"))
    exact: dict[str, list[tuple[str, float]]] = {}
    prefixes: dict[str, list[tuple[str, float]]] = {}
    for slug, topic in raw.items():
        for word, weight in topic["keywords"].items():
            table = prefixes if word.endswith("*") else exact
            table.setdefault(word.rstrip("*"), []).append((slug, float(weight)))
    longest = max((len(p) for p in prefixes), default=0)
    return _Taxonomy({s: t["name"] for s, t in raw.items()}, exact, prefixes, longest)


def taxonomy() -> dict[str, str]:
    """Every topic slug with its human name, in the documented order."""
    return dict(_taxonomy().names)


_HITS: dict[str, tuple[tuple[str, float], ...]] = {}


def _hits(word: str) -> tuple[tuple[str, float], ...]:
    """The (topic, weight) pairs a word scores for: an exact entry, else its longest prefix."""
    tax = _taxonomy()
    hits = tax.exact.get(word)
    if hits is None:
        for end in range(min(len(word), tax.longest_prefix), 2, -1):
            hits = tax.prefixes.get(word[:end])
            if hits:
                break
    return tuple(hits or ())


# Repeats help with diminishing returns: ten "police" are not ten topics' worth.
_REPEATS = [0.0] + [1 + math.log(n) for n in range(1, 64)]


def _score(words: Counter[str], weight: float, into: defaultdict[str, float]) -> None:
    hits = _HITS
    for word, count in words.items():
        found = hits.get(word)
        if found is None:
            found = hits[word] = _hits(word) if len(hits) < 200_000 else ()
        if found:
            boost = weight * (_REPEATS[count] if count < 64 else 1 + math.log(count))
            for slug, w in found:
                into[slug] += w * boost


def classify_topics(title: str, text: str, *, entities: Sequence[Entity] = ()) -> list[Topic]:
    """Zero to three taxonomy topics for an article, best first."""
    tax = _taxonomy()
    scores: defaultdict[str, float] = defaultdict(float)
    _score(Counter(_WORD.findall((title or "").casefold())), TITLE_WEIGHT, scores)
    _score(Counter(_WORD.findall((text or "")[:MAX_CHARS].casefold())), 1.0, scores)
    for entity in entities:
        if entity.kind == "organisation":
            words = Counter(_WORD.findall(entity.name.casefold()))
            _score(words, 0.5 * min(entity.mentions, 3), scores)
    if not scores:
        return []
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    best = ranked[0][1]
    if best < MIN_SCORE:
        return []
    total = sum(s for _, s in ranked)
    kept = [(slug, s) for slug, s in ranked[:MAX_TOPICS] if s >= KEEP_RATIO * best]
    return [Topic(slug, tax.names[slug], round(s / total, 3)) for slug, s in kept]


def geographic_tags(entities: Sequence[Entity], *, limit: int = 5) -> list[Topic]:
    """The article's countries as tags ('place-fr', 'France'), by mentions of their places."""
    mentions: Counter[str] = Counter()
    names: dict[str, str] = {}
    for entity in entities:
        if entity.kind != "place" or not entity.country:
            continue
        mentions[entity.country] += entity.mentions
        if entity.slug == f"place-{entity.country.lower()}":
            names[entity.country] = entity.name
    total = sum(mentions.values())
    tags = []
    for country, count in mentions.most_common(limit):
        name = names.get(country) or _country_name(country)
        tags.append(Topic(f"place-{country.lower()}", name, round(count / total, 3)))
    return tags


def _country_name(code: str) -> str:
    from broadsheet.enrichment.lexicon import load_lexicon

    return load_lexicon().country_names.get(code, code)
