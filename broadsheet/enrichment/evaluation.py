"""Scoring of entities and topics against the hand-labelled gold set (used by bench and the gate).

The gold set (tests/data/entities_gold.jsonl) holds ids and labels only; the
texts come from the bundled Wikinews demo corpus. Matching is entity-level and
one-to-one per kind: a prediction matches a gold entity when any of its names
(canonical or alias) equals any of the gold entity's names after normalisation
(case, accents, punctuation and a leading "the" ignored).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from broadsheet.enrichment.entities import Entity
from broadsheet.enrichment.topics import Topic

GOLD = Path(__file__).resolve().parent / "tests" / "data" / "entities_gold.jsonl"
# Short French and Spanish news texts written and labelled by hand (text inline): the demo
# corpus is English only.
GOLD_FR_ES = GOLD.with_name("entities_gold_fr_es.jsonl")
CORPUS = Path(__file__).resolve().parents[1] / "demo" / "corpus" / "wikinews_en_demo.jsonl"
KINDS = ("person", "organisation", "place")
_PUNCTUATION = re.compile(r"[.’'`,]")
_SPACES = re.compile(r"\s+")


def normalise_name(name: str) -> str:
    """Name key: no accents, case, punctuation, hyphens or leading 'the'."""
    name = unicodedata.normalize("NFKD", name)
    name = "".join(c for c in name if not unicodedata.combining(c)).casefold()
    name = _PUNCTUATION.sub("", name.replace("-", " "))
    return _SPACES.sub(" ", name).strip().removeprefix("the ")


@dataclass
class Tally:
    """True positives, false positives and false negatives for one kind."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def scores(self) -> tuple[float, float, float]:
        """Precision, recall, F1."""
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Score:
    """Running totals over articles."""

    tallies: dict[str, Tally] = field(default_factory=lambda: {k: Tally() for k in KINDS})
    countries_right: int = 0
    countries_checked: int = 0
    topics_right: int = 0
    topics_any: int = 0
    articles: int = 0
    errors: list[str] = field(default_factory=list)

    def f1(self, kind: str) -> float:
        """F1 for one kind."""
        return self.tallies[kind].scores()[2]

    @property
    def topic_accuracy(self) -> float:
        """Share of articles whose first topic is one of the gold topics."""
        return self.topics_right / max(1, self.articles)

    def add(
        self, gold: dict[str, Any], entities: Sequence[Entity], topics: Sequence[Topic]
    ) -> None:
        """Score one article."""
        for kind in KINDS:
            self._add_kind(kind, gold, entities)
        self.articles += 1
        slugs = [t.slug for t in topics]
        self.topics_right += bool(slugs) and slugs[0] in gold["topics"]
        self.topics_any += bool(set(slugs) & set(gold["topics"]))
        self.errors.append(f"  topics {slugs} gold {gold['topics']}")

    def _add_kind(self, kind: str, gold: dict[str, Any], entities: Sequence[Entity]) -> None:
        golds = [g for g in gold["entities"] if g["kind"] == kind]
        names = [{normalise_name(n) for n in [g["name"], *g.get("aliases", [])]} for g in golds]
        used = [False] * len(golds)
        tally = self.tallies[kind]
        for entity in (e for e in entities if e.kind == kind):
            keys = {normalise_name(n) for n in (entity.name, *entity.aliases)}
            hit = next((k for k, ns in enumerate(names) if not used[k] and ns & keys), None)
            if hit is None:
                tally.fp += 1
                self.errors.append(f"  FP {kind:12} {entity.name!r} {entity.aliases}")
                continue
            used[hit] = True
            tally.tp += 1
            expected = golds[hit].get("country")
            if kind == "place" and expected:
                self.countries_checked += 1
                self.countries_right += entity.country == expected
                if entity.country != expected:
                    self.errors.append(f"  CC {entity.name!r} {entity.country} != {expected}")
        for k, g in enumerate(golds):
            if not used[k]:
                tally.fn += 1
                self.errors.append(f"  FN {kind:12} {g['name']!r}")


def load_gold(path: Path = GOLD) -> list[dict[str, Any]]:
    """The gold rows: id, split ('dev' or 'heldout'), entities, topics."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def gold_articles(
    split: str | None = None, *, corpus: Path = CORPUS
) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(gold row, corpus article) pairs, optionally for one split only."""
    wanted = {g["id"]: g for g in load_gold() if split in (None, g["split"])}
    articles: dict[str, dict[str, Any]] = {}
    for line in corpus.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["id"] in wanted:
            articles[row["id"]] = row
    for article_id, gold in wanted.items():
        yield gold, articles[article_id]


def gold_fr_es_articles(
    split: str | None = None, *, path: Path = GOLD_FR_ES
) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(gold row, article) pairs of the French and Spanish set; the article carries its
    title, text and language."""
    for gold in load_gold(path):
        if split in (None, gold["split"]):
            yield gold, {k: gold[k] for k in ("id", "title", "text", "language")}


TOP_LABELS = Path(__file__).resolve().parent / "tests" / "data" / "entities_top200.jsonl"


def top_entities(n: int = 200) -> list[tuple[str, str, str, int]]:
    """(slug, name, kind, articles) of the n entities most demo articles name, most first."""
    from collections import Counter

    from broadsheet.enrichment.entities import extract_entities

    counts: Counter[str] = Counter()
    seen: dict[str, tuple[str, str]] = {}
    with CORPUS.open(encoding="utf-8") as lines:
        for article in map(json.loads, lines):
            for entity in extract_entities(article["title"], article["text"]):
                counts[entity.slug] += 1
                seen.setdefault(entity.slug, (entity.name, entity.kind))
    return [(slug, *seen[slug], count) for slug, count in counts.most_common(n)]


def score_top_entities(top: Sequence[tuple[str, str, str, int]]) -> dict[str, Any]:
    """Against the hand labels of the demo's 200 most named entities: how many are
    duplicates of another entry, how many have the wrong type, how many are unlabelled."""
    with TOP_LABELS.open(encoding="utf-8") as lines:
        labels = {row["slug"]: row for row in map(json.loads, lines)}
    slugs = {slug for slug, *_ in top}
    duplicates = [
        (slug, labels[slug]["same_as"])
        for slug in slugs
        if slug in labels and labels[slug].get("same_as") in slugs
    ]
    wrong_type = [
        (slug, kind, labels[slug]["kind"])
        for slug, _, kind, _ in top
        if slug in labels and labels[slug]["kind"] != kind
    ]
    return {
        "entities": len(top),
        "labelled": sum(slug in labels for slug in slugs),
        "duplicates": sorted(duplicates),
        "wrong_type": wrong_type,
        "unlabelled": sorted(slugs - set(labels)),
    }
