"""Fit ask's learned weights (bench/ask_weights.json) on self-supervised pseudo-questions.

    python bench/train_ask.py [--out PATH] [--seed N] [--per-article N] [--keep NEAR FAR]
    python bench/train_ask.py --evaluate   # Q&A totals per part with bench/ask_weights.json

Training text: the Wikinews articles of ../shared/datasets/wikinews-en-gum and those of the
bundled demo corpus that no question of broadsheet/ai/tests/data/qa.jsonl is asked of (the
question sets are never training data). For a sentence holding a typed fact (a person or
organisation, a date, a place, a count of a noun, a sum, an age), a pseudo-question replaces
the fact by its wh-word and keeps about half of the sentence's other content words, in order,
some swapped for a word of the same paraphrase group and, sometimes, one word of another
article added (readers use words the text does not). ``answers.rank_support`` ranks the article's
sentences for it; each typed candidate is a row labelled 1 when it is the source sentence (or
holds the same fact), else 0. The same question is asked again with the source sentence (and
every sentence holding the fact) removed: its candidates are all 0, and the cut is chosen so
that the best candidate of those questions falls under it (refusal) as often as the source
sentence clears it (found). A logistic regression (numpy, Newton steps, L2) is fitted twice:
with the sentence model's cosine when it is installed ("model"), and with the words alone.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from _learned_ask import CANDIDATES, FEATURES, evaluate, features, print_totals  # noqa: E402

from broadsheet.ai.answer_intent import question_intent  # noqa: E402
from broadsheet.ai.answer_types import answer_spans  # noqa: E402
from broadsheet.ai.answers import Support, rank_support  # noqa: E402
from broadsheet.ai.paraphrase import _GROUPS  # noqa: E402
from broadsheet.ai.semantic_support import search_floor  # noqa: E402
from broadsheet.ai.sentence_vectors import load_encoder  # noqa: E402
from broadsheet.ai.sentences import article_sentences  # noqa: E402
from broadsheet.ai.terms import STOPWORDS, words  # noqa: E402
from broadsheet.enrichment import Entity, extract_entities  # noqa: E402

SHARED = REPO.parent / "shared" / "datasets"
GUM = SHARED / "wikinews-en-gum" / "wikinews_en_gum.jsonl"
DEMO = REPO / "broadsheet" / "demo" / "corpus" / "wikinews_en_demo.jsonl"
QA_SET = REPO / "broadsheet" / "ai" / "tests" / "data" / "qa.jsonl"
OUT = REPO / "bench" / "ask_weights.json"
THRESHOLD = 0.42  # the scale rescore maps the probability onto (answers.THRESHOLD)
L2 = 1.0
KEEP = [0.5, 0.5]  # chance to keep a content word near the fact / farther from it
NEAR_WORDS = 4
# Question openings and the intent each must read as; "How many" takes the counted noun.
OPENINGS = ("Who", "When", "Where", "How many", "How much", "How old")
_COUNT = re.compile(r"\b(\d[\d,.]*|[a-z]+)\s+([a-z]{3,})\b")
Row = tuple[list[float], list[float], int]  # words-only features, with the cosine, label
_SYNONYMS = {w: line.split() for line in _GROUPS for w in line.split()}


def _jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def training_articles() -> list[dict[str, Any]]:
    """The gum articles and the demo articles no Q&A row (article or story) uses."""
    used: set[str] = set()
    for row in _jsonl(QA_SET):
        used.add(row["article"])
        used.update(row.get("story", []))
    demo = [a for a in _jsonl(DEMO) if a["id"] not in used]
    return _jsonl(GUM) + demo


def pseudo_question(
    sentence: str, start: int, end: int, opening: str, rng: random.Random, foreign: list[str]
) -> str:
    """The opening, then about half of the sentence's content words outside the fact (each
    kept with chance KEEP[0] within NEAR_WORDS words of the fact, KEEP[1] farther)."""
    before = [w for w in words(sentence[:start]) if w.casefold() not in STOPWORDS and len(w) > 1]
    after = [w for w in words(sentence[end:]) if w.casefold() not in STOPWORDS and len(w) > 1]
    content = before + after
    near = [len(before) - i <= NEAR_WORDS for i in range(len(before))]
    near += [i < NEAR_WORDS for i in range(len(after))]
    kept = [w for w, n in zip(content, near, strict=True) if rng.random() < KEEP[not n]][:7]
    if len(kept) < 2:
        kept = content[:3]
    out = []
    for w in kept:
        group = _SYNONYMS.get(w.casefold())
        out.append(rng.choice(group) if group and rng.random() < 0.3 else w)
    if foreign and rng.random() < 0.4:
        out.insert(rng.randrange(len(out) + 1), rng.choice(foreign))
    if out and not out[0][:1].isupper():
        out[0] = out[0].casefold()
    return f"{opening} {' '.join(out)}?"


def _opening(kind: str, sentence: str, start: int, end: int) -> str | None:
    """The wh-opening that asks for the span; "How many <noun>" for a count."""
    if kind == "number":
        m = _COUNT.match(sentence, start)
        return f"How many {m.group(2)}" if m and m.end() >= end else None
    return {
        "agent": "Who",
        "date": "When",
        "place": "Where",
        "money": "How much",
        "age": "How old",
    }[kind]


def questions_of(
    sentences: list[str], entities: list[Entity], rng: random.Random, foreign: list[str], n: int
) -> list[tuple[str, int, str]]:
    """Up to ``n`` (pseudo-question, source sentence index, fact) of one article."""
    out: list[tuple[str, int, str]] = []
    order = list(range(len(sentences)))
    rng.shuffle(order)
    for i in order:
        if len(words(sentences[i])) < 8 or "?" in sentences[i]:
            continue  # a dateline, a caption, an interviewer's question
        kinds = ["agent", "date", "place", "number", "money", "age"]
        rng.shuffle(kinds)
        for kind in kinds:
            made = _one_question(sentences[i], kind, entities, rng, foreign)
            if made is not None:
                out.append((made[0], i, made[1]))
                break
        if len(out) >= n:
            break
    return out


def _one_question(
    sentence: str, kind: str, entities: list[Entity], rng: random.Random, foreign: list[str]
) -> tuple[str, str] | None:
    from broadsheet.ai.answer_intent import Intent

    spans = [s for s in answer_spans(Intent(kind), sentence, entities) if s.text != sentence]
    if not spans:
        return None
    span = rng.choice(spans)
    opening = _opening(kind, sentence, span.start, span.end)
    if opening is None:
        return None
    question = pseudo_question(sentence, span.start, span.end, opening, rng, foreign)
    intent = question_intent(question)
    found = answer_spans(intent, sentence, entities)
    if not any(s.start <= span.start < s.end or span.start <= s.start < span.end for s in found):
        return None
    return question, span.text


def candidate_rows(
    question: str,
    sentences: list[str],
    positive: set[int],
    title: str,
    entities: list[Entity],
) -> list[Row]:
    """(words-only row, row with cosine, label) for the typed candidates ``rescore`` would see."""
    ranked = rank_support(
        question, sentences, title=title, entities=entities, floor=search_floor(THRESHOLD)
    )
    typed: list[Support] = [s for s in ranked if s.typed and s.parts][: CANDIDATES * 2]
    if not typed:
        return []
    encoder = load_encoder()
    cosines = [0.0] * len(typed)
    if encoder is not None:
        vectors = encoder.encode([question, *(sentences[s.index] for s in typed)])
        cosines = [float(c) for c in vectors[1:] @ vectors[0]]
    return [
        (features(s.parts, None), features(s.parts, c), int(s.index in positive))
        for s, c in zip(typed, cosines, strict=True)
    ]


def build(seed: int, per_article: int, limit: int | None = None) -> list[tuple[str, list[Row]]]:
    """Groups of candidate rows, each tagged "answerable" or "removed"."""
    rng = random.Random(seed)
    articles = training_articles()[:limit]
    vocabulary = [
        w for a in articles[:60] for w in words(a["title"]) if w.casefold() not in STOPWORDS
    ]
    groups = []
    for article in articles:
        sentences = article_sentences(article["text"])
        if len(sentences) < 4:
            continue
        entities = extract_entities(article["title"], article["text"])
        for question, _source, fact in questions_of(
            sentences, entities, rng, vocabulary, per_article
        ):
            positive = {i for i, s in enumerate(sentences) if fact in s}
            rows = candidate_rows(question, sentences, positive, article["title"], entities)
            groups.append(("answerable", rows))
            kept = [s for i, s in enumerate(sentences) if i not in positive]
            rows = candidate_rows(question, kept, set(), article["title"], entities)
            groups.append(("removed", rows))
    return groups


def fit(x: np.ndarray, y: np.ndarray, l2: float = L2, steps: int = 50) -> np.ndarray:
    """Logistic regression by Newton steps with an L2 penalty (the bias not penalised)."""
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def choose_cut(
    groups: list[tuple[str, list[Any]]], w: np.ndarray, column: int
) -> tuple[float, float, float]:
    """The cut that maximises found (answerable: best candidate is a positive and clears it)
    plus refused (removed: no candidate clears it); with the found and refused shares."""

    def best(rows: list[Any]) -> tuple[float, int]:
        if not rows:
            return 0.0, 0
        scored = [(1 / (1 + np.exp(-float(np.dot(w, r[column])))), r[2]) for r in rows]
        return max(scored)

    answerable = [best(rows) for kind, rows in groups if kind == "answerable"]
    removed = [best(rows)[0] for kind, rows in groups if kind == "removed"]
    table = []
    for cut in np.arange(0.05, 0.96, 0.01):
        found = sum(p >= cut and label for p, label in answerable) / max(1, len(answerable))
        refused = sum(p < cut for p in removed) / max(1, len(removed))
        table.append((found + refused, float(cut), found, refused))
    _, cut, found, refused = max(table)
    return round(cut, 3), found, refused


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--per-article", type=int, default=6)
    parser.add_argument("--articles", type=int, help="only the first N training articles")
    parser.add_argument("--keep", type=float, nargs=2, default=KEEP, help="near, far")
    parser.add_argument("--evaluate", action="store_true", help="Q&A totals per part, no fit")
    parser.add_argument("--cache", type=Path, help="keep the built rows here, reuse them")
    args = parser.parse_args()
    if args.evaluate:
        print_totals(evaluate())
        return
    if args.cache and args.cache.exists():
        groups = json.loads(args.cache.read_text(encoding="utf-8"))
    else:
        KEEP[:] = args.keep
        groups = build(args.seed, args.per_article, args.articles)
        if args.cache:
            args.cache.write_text(json.dumps(groups), encoding="utf-8")
    rows = [r for _, g in groups for r in g]
    y = np.array([r[2] for r in rows], dtype=float)
    result: dict[str, Any] = {"features": list(FEATURES), "seed": args.seed}
    for name, column in (("words", 0), ("model", 1)):
        x = np.array([r[column] for r in rows], dtype=float)
        w = fit(x, y)
        cut, found, refused = choose_cut(groups, w, column)
        result[name] = {"w": [round(float(v), 4) for v in w], "cut": cut}
        shares = f"synthetic found {found:.1%} refused {refused:.1%}"
        print(f"{name}: w={result[name]['w']} cut={cut} {shares}")
    n = sum(k == "answerable" for k, _ in groups)
    print(f"{n} pseudo-questions, {len(rows)} candidate rows, {int(y.sum())} positive")
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
