"""Story summaries: "what happened" across every source, each sentence citing its articles."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from broadsheet.ai.extractive import Unit, rank_units, select
from broadsheet.ai.results import OFFLINE, Citation, Summary, SummarySentence
from broadsheet.ai.sentences import article_sentences
from broadsheet.ai.terms import cosine, words

NEAR_IDENTICAL = 0.8  # TF-IDF cosine above which two sentences say the same thing
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’ ,-]{2,40}(?:\([^)]{1,40}\))?|\([A-Za-z ]{2,20}\))\s*[-–—]+\s*"
)
_ENGLISH_FUNCTION_WORDS = frozenset(
    ["the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "was", "with", "as", "by"]
)


@dataclass(frozen=True)
class StoryArticle:
    """One article of a story: its key (for citations), source name, headline and body."""

    key: str
    source: str
    title: str
    text: str


def is_english(text: str) -> bool:
    """Whether a text reads as English: common English function words make up its running text."""
    tokens = [t.casefold() for t in words(text[:5000])]
    if len(tokens) < 8:
        return True
    return sum(t in _ENGLISH_FUNCTION_WORDS for t in tokens) / len(tokens) >= 0.12


def source_labels(articles: Sequence[StoryArticle]) -> dict[str, str]:
    """One label per article, its source's name; a second article of a source is "Name (2)"."""
    labels: dict[str, str] = {}
    seen: dict[str, int] = {}
    for article in articles:
        name = article.source or article.key
        seen[name] = seen.get(name, 0) + 1
        labels[article.key] = name if seen[name] == 1 else f"{name} ({seen[name]})"
    return labels


def strip_dateline(sentence: str) -> str:
    """Drop a wire dateline ("NEW YORK (AP) -- ") from the front of a lead sentence."""
    stripped = _DATELINE.sub("", sentence, count=1)
    return stripped if len(stripped) > 20 else sentence


def story_units(articles: Sequence[StoryArticle]) -> tuple[list[Unit], list[list[str]]]:
    """Every sentence of every English article as a unit, with the per-article sentence lists."""
    units: list[Unit] = []
    per_article: list[list[str]] = []
    for doc, article in enumerate(articles):
        sentences = article_sentences(article.text) if is_english(article.text) else []
        per_article.append(sentences)
        units.extend(Unit(doc, i, s) for i, s in enumerate(sentences))
    return units, per_article


def summarize_story(articles: Sequence[StoryArticle], *, max_sentences: int = 5) -> Summary:
    """Key sentences from all sources; a sentence cites every article that carries it."""
    units, per_article = story_units(articles)
    if not units:
        return Summary(method=OFFLINE, sentences=())
    budget = min(max(max_sentences, 3), 5)
    headline = " ".join(a.title for a in articles)
    ranked = rank_units(units, headline=headline, doc_lengths=[len(s) for s in per_article])
    chosen = select(ranked, budget=budget)
    # Read as a story: lead sentences first, then by position within each source.
    chosen.sort(key=lambda k: (units[k].index, units[k].doc))
    labels = source_labels(articles)
    out = []
    for k in chosen:
        unit = units[k]
        key = articles[unit.doc].key
        citations = [Citation(unit.index, unit.text, key, labels[key])]
        for j, other in enumerate(units):
            if other.doc == unit.doc or any(
                c.article == articles[other.doc].key for c in citations
            ):
                continue
            if cosine(ranked.vectors[k], ranked.vectors[j]) >= NEAR_IDENTICAL:
                other_key = articles[other.doc].key
                citations.append(Citation(other.index, other.text, other_key, labels[other_key]))
        out.append(SummarySentence(text=strip_dateline(unit.text), citations=tuple(citations)))
    return Summary(method=OFFLINE, sentences=tuple(out))
