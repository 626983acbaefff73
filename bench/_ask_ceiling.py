"""How far ask's ranking could go (`bench/ai.py --only qa --ceiling`).

For each answerable single-article question of broadsheet/ai/tests/data/qa.jsonl, by part,
with the threshold ignored (so these are ceilings, not answers):
- typed: some sentence that holds the expected fact also holds a span of the asked type
  (what any re-ranking of ask's typed candidates can reach at most);
- model top-1 / top-3: the sentence model's nearest sentence(s) to the question hold it;
- best typed at w: the typed sentence with the best (1 - w) * words + w * cosine holds it.
The held-aside part is totalled like every other part; its questions are never listed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

BLENDS = (0.2, 0.5)


def bench_ceiling(report: dict[str, Any]) -> None:
    """Print and store the ranking ceilings by part of the Q&A set."""
    from broadsheet.ai.sentence_vectors import load_encoder

    encoder = load_encoder()
    if encoder is None:
        print("ask ceilings: skipped (the sentence model package is not installed)")
        return
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for part, hits in _question_hits(encoder):
        counts[part]["questions"] += 1
        counts[part].update(name for name, hit in hits.items() if hit)
    print("ask ceilings (answerable single-article questions; threshold ignored):")
    report["qa_ceiling"] = {}
    for part, c in sorted(counts.items()):
        n = c["questions"]
        shares = {k: c[k] / n for k in ("typed", "top1", "top3", *_blend_names())}
        report["qa_ceiling"][part] = {"questions": n, **shares}
        print(f"  {part:13} {n:3} q: " + " | ".join(f"{k} {v:5.1%}" for k, v in shares.items()))


def _blend_names() -> tuple[str, ...]:
    return tuple(f"best typed w={w}" for w in BLENDS)


def _question_hits(encoder: Any) -> Any:
    """(part, {measure: whether it reaches the fact}) per answerable article question."""
    from broadsheet.ai.answers import needs_entities, rank_support
    from broadsheet.ai.evaluation import qa_cases
    from broadsheet.ai.sentences import article_sentences
    from broadsheet.enrichment.entities import extract_entities

    for row, article in qa_cases():
        if "story" in row or row["expected"] == "unanswerable":
            continue
        sentences = article_sentences(article["text"])
        expected = row["expected"].casefold()
        gold = {i for i, s in enumerate(sentences) if expected in s.casefold()}
        question = " ".join(row["question"].split())
        needs = needs_entities(question)
        entities = extract_entities(article["title"], article["text"]) if needs else []
        ranked = rank_support(question, sentences, title=article["title"], entities=entities)
        vectors = encoder.encode([question, *sentences])
        cosines = vectors[1:] @ vectors[0]
        nearest = sorted(range(len(sentences)), key=lambda i: -float(cosines[i]))
        hits = {
            "typed": any(s.typed and s.index in gold for s in ranked),
            "top1": bool(nearest) and nearest[0] in gold,
            "top3": bool(gold & set(nearest[:3])),
        }
        typed = [s for s in ranked if s.typed]
        for w, name in zip(BLENDS, _blend_names(), strict=True):
            best = max(typed, key=lambda s: (1 - w) * s.score + w * float(cosines[s.index]),
                       default=None)  # fmt: skip
            hits[name] = best is not None and best.index in gold
        yield _part(row), hits


def _part(row: dict[str, Any]) -> str:
    if row["half"] in ("dev", "held-aside"):
        return row["half"]
    return f"{row['half']} b{row.get('batch', 1)}"
