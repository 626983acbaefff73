"""Measuring the AI panel: story ROUGE against Wikinews, Q&A accuracy, headline checks.

Shared by bench/ai.py (which prints the figures) and the quality-gate tests.
The wikinewssum texts are read from ../shared at evaluation time and never
copied into the repository; the Q&A and headline sets are ours, over the
bundled CC BY demo corpus.
"""

from __future__ import annotations

import json
import re
import statistics
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from broadsheet.ai.answers import answer_question, best_support, rank_support
from broadsheet.ai.headline_checks import check_headline
from broadsheet.ai.results import Answer, Summary
from broadsheet.ai.rouge import rouge_l, rouge_n
from broadsheet.ai.semantic_support import blend
from broadsheet.ai.sentences import article_sentences, supported_by
from broadsheet.ai.story_answers import answer_story_question
from broadsheet.ai.story_summaries import StoryArticle, summarize_story
from broadsheet.enrichment import extract_entities

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CORPUS = REPO / "broadsheet" / "demo" / "corpus" / "wikinews_en_demo.jsonl"
QA_SET = HERE / "tests" / "data" / "qa.jsonl"
HEADLINE_SET = HERE / "tests" / "data" / "headlines.jsonl"
WIKINEWSSUM = (
    REPO.parent / "shared" / "datasets" / "wikinewssum-sample-dev" / "wikinewssum_sample_dev.jsonl"
)


def load_corpus() -> dict[str, dict[str, Any]]:
    """The bundled demo articles by id."""
    with CORPUS.open(encoding="utf-8") as lines:
        return {a["id"]: a for a in map(json.loads, lines)}


def _jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


# --- story summaries -------------------------------------------------------------------------


@dataclass(frozen=True)
class Cluster:
    """One wikinewssum cluster: its distinct sources and the Wikinews reference text."""

    cluster_id: str
    reference: str
    articles: tuple[StoryArticle, ...]


def load_clusters(path: Path = WIKINEWSSUM) -> list[Cluster]:
    """Clusters with a non-empty reference, exact duplicate sources dropped."""
    clusters = []
    for row in _jsonl(path):
        reference = (row["wikinews"].get("text") or "").strip()
        if not reference:
            continue
        articles = tuple(
            StoryArticle(
                key=f"{row['cluster_id']}#{s['source_index']}",
                source=s.get("url") or "",
                title=s.get("title") or "",
                text=s.get("text") or "",
            )
            for s in row["sources"]
            if s.get("duplicate_of") is None
        )
        clusters.append(Cluster(row["cluster_id"], reference, articles))
    return clusters


def lead3(articles: tuple[StoryArticle, ...]) -> str:
    """The baseline: the first three sentences of the longest source."""
    longest = max(articles, key=lambda a: len(a.text))
    return " ".join(article_sentences(longest.text)[:3])


@dataclass
class RougeTotals:
    """Mean ROUGE F1 (and recall) over clusters, for one system."""

    scores: dict[str, list[float]] = field(default_factory=dict)

    def add(self, candidate: str, reference: str) -> None:
        """Score one candidate summary against its reference."""
        for name, score in (
            ("rouge1", rouge_n(candidate, reference, 1)),
            ("rouge2", rouge_n(candidate, reference, 2)),
            ("rougeL", rouge_l(candidate, reference)),
        ):
            self.scores.setdefault(f"{name}_f", []).append(score.f1)
            self.scores.setdefault(f"{name}_r", []).append(score.recall)
            self.scores.setdefault(f"{name}_p", []).append(score.precision)

    def means(self) -> dict[str, float]:
        """Mean of every figure."""
        return {k: round(statistics.fmean(v), 4) for k, v in self.scores.items()}


def evaluate_stories(
    clusters: list[Cluster], summarize: Callable[..., Summary] = summarize_story
) -> dict[str, Any]:
    """ROUGE of the story summary and of lead-3, plus the story summaries' citation support."""
    system, baseline = RougeTotals(), RougeTotals()
    supported = total = 0
    for cluster in clusters:
        summary = summarize(cluster.articles)
        system.add(" ".join(s.text for s in summary.sentences), cluster.reference)
        baseline.add(lead3(cluster.articles), cluster.reference)
        s, t = citation_support(summary)
        supported, total = supported + s, total + t
    return {
        "clusters": len(clusters),
        "system": system.means(),
        "lead3": baseline.means(),
        "citation_support": round(supported / max(1, total), 4),
        "summary_sentences": total,
    }


def citation_support(summary: Summary) -> tuple[int, int]:
    """(sentences whose cited sentences hold all their names and numbers, sentences)."""
    ok = sum(supported_by(s.text, [c.text for c in s.citations]) for s in summary.sentences)
    return ok, len(summary.sentences)


# Independent of the summarizer's own filter (sentences.is_prose): what a reader would call a
# caption, a credit, an interview turn, a dateline or a question in a summary.
_NOT_SUMMARY = re.compile(
    r"\b(?:Image|Photo|Photograph|Credit|Picture)\s*:|\(photos?\)|\bFile photo\b|\(YouTube\)"
    r"|\(\((?:WN|Wikinews)\)\)|^\s*\(\(|\?[\"”’')]*\s*$"
    r"|^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),? [A-Z][a-z]+ \d"
    r"|^[A-Z][A-Z.' ,-]{2,40}(?:\([^)]{1,40}\))?\s*[-–—]+\s",
    re.M,
)


def summary_hygiene(summaries: Iterable[Summary]) -> tuple[int, int, list[str]]:
    """(summary sentences that are captions, credits, datelines or questions, sentences, them)."""
    bad, total = [], 0
    for summary in summaries:
        for sentence in summary.sentences:
            total += 1
            if _NOT_SUMMARY.search(sentence.text):
                bad.append(sentence.text)
    return len(bad), total, bad


# --- questions and answers -------------------------------------------------------------------


@dataclass(frozen=True)
class QaResult:
    """One question's outcome."""

    question: str
    article: str
    expected: str
    half: str
    answer: Answer
    batch: int = 1

    @property
    def answerable(self) -> bool:
        """Whether the set says the article answers the question."""
        return self.expected != "unanswerable"

    @property
    def correct(self) -> bool:
        """Answerable: the first cited sentence holds the expected text; else found=False."""
        if not self.answerable:
            return not self.answer.found
        if not self.answer.found or not self.answer.citations:
            return False
        return self.expected.casefold() in self.answer.citations[0].text.casefold()

    @property
    def short_correct(self) -> bool:
        """Answerable and right: the short answer and the expected fact overlap."""
        short = (self.answer.short or "").casefold()
        if not (self.correct and self.answerable and short):
            return False
        expected = self.expected.casefold()
        return short in expected or expected in short


def qa_cases() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Every row of the Q&A set with its demo article."""
    corpus = load_corpus()
    return [(row, corpus[row["article"]]) for row in _jsonl(QA_SET)]


def story_articles(row: dict[str, Any], corpus: dict[str, dict[str, Any]]) -> list[StoryArticle]:
    """The demo articles of a story question (a row with ``story``: article ids), in order."""
    return [
        StoryArticle(key, corpus[key]["source"], corpus[key]["title"], corpus[key]["text"])
        for key in row["story"]
    ]


def run_qa(answer: Callable[[str, str, str], Answer] = answer_question) -> list[QaResult]:
    """Answer every question of the Q&A set against its demo article (or its story's articles)."""
    corpus = load_corpus()
    return [
        qa_result(
            row,
            answer_story_question(row["question"], story_articles(row, corpus))
            if "story" in row
            else answer(row["question"], article["title"], article["text"]),
        )
        for row, article in qa_cases()
    ]


def qa_result(row: dict[str, Any], answer: Answer) -> QaResult:
    """One row of the Q&A set and the answer given to it."""
    return QaResult(
        row["question"], row["article"], row["expected"], row["half"], answer, row.get("batch", 1)
    )


def qa_figures(results: list[QaResult]) -> dict[str, Any]:
    """Accuracy overall, on answerable and on unanswerable questions."""
    answerable = [r for r in results if r.answerable]
    unanswerable = [r for r in results if not r.answerable]

    def share(rows: list[QaResult]) -> float:
        return round(sum(r.correct for r in rows) / max(1, len(rows)), 4)

    return {
        "questions": len(results),
        "accuracy": share(results),
        "answerable": len(answerable),
        "answerable_accuracy": share(answerable),
        "unanswerable": len(unanswerable),
        "not_in_text_accuracy": share(unanswerable),
        "short_accuracy": round(
            sum(r.short_correct for r in answerable) / max(1, len(answerable)), 4
        ),
    }


QA_HALVES = ("dev", "held-aside", "fresh")


def qa_halves(results: list[QaResult]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Figures for the dev part, the held-aside third (never looked at while tuning) and both."""
    for half in QA_HALVES:
        yield half, qa_figures([r for r in results if r.half == half])
        for batch in sorted({r.batch for r in results}):
            rows = [r for r in results if r.half == half and r.batch == batch]
            yield f"{half} b{batch}", qa_figures(rows)
    yield "all", qa_figures(results)


def calibrate_threshold(half: str = "dev") -> tuple[float, list[tuple[float, float, float]]]:
    """The answer threshold the tuning half supports, and the sweep behind it.

    Rule, fixed before looking at the held-aside third: the highest accuracy on the
    dev part, then the highest "not in the text" accuracy, then the middle of
    the thresholds still tied.
    """
    corpus = load_corpus()
    cases = []
    for row in _jsonl(QA_SET):
        if row["half"] != half:
            continue
        article = corpus[row["article"]]
        sentences = article_sentences(article["text"])
        question = " ".join(row["question"].split())
        ranked = rank_support(
            question,
            sentences,
            title=article["title"],
            entities=extract_entities(article["title"], article["text"]),
        )
        cases.append((row["expected"], question, sentences, ranked))
    table = []
    for step in range(20, 81):
        threshold = step / 100
        right = right_unanswerable = unanswerable = 0
        for expected, question, sentences, ranked in cases:
            candidates = blend(question, sentences, ranked, threshold=threshold)
            best = best_support(candidates, threshold=threshold)
            if expected == "unanswerable":
                unanswerable += 1
                ok = best is None
                right_unanswerable += ok
            else:
                ok = best is not None and expected.casefold() in sentences[best.index].casefold()
            right += ok
        table.append(
            (threshold, right / max(1, len(cases)), right_unanswerable / max(1, unanswerable))
        )
    top = max((acc, nit) for _, acc, nit in table)
    tied = [t for t, acc, nit in table if (acc, nit) == top]
    return round((tied[0] + tied[-1]) / 2, 3), table


# --- headline checks -------------------------------------------------------------------------


def evaluate_headlines(half: str | None = None) -> dict[str, Any]:
    """Precision and recall of flagging on the labelled headline set (or one ``half`` of it:
    "dev", or "held-aside", written after the rules were last tuned), with misjudged rows."""
    corpus = load_corpus()
    tp = fp = fn = tn = 0
    wrong = []
    for row in _jsonl(HEADLINE_SET):
        if half is not None and row.get("half", "dev") != half:
            continue
        check = check_headline(row["headline"], corpus[row["article"]]["text"])
        flagged = not check.ok
        if flagged and row["flagged"]:
            tp += 1
        elif flagged:
            fp += 1
            wrong.append((row["headline"], "false alarm", check.reasons))
        elif row["flagged"]:
            fn += 1
            wrong.append((row["headline"], f"missed: {row['why']}", ()))
        else:
            tn += 1
    return {
        "headlines": tp + fp + fn + tn,
        "precision": round(tp / max(1, tp + fp), 4),
        "recall": round(tp / max(1, tp + fn), 4),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "wrong": wrong,
    }


def real_headline_flags() -> tuple[int, int, list[tuple[str, tuple[str, ...]]]]:
    """How many of the demo corpus's own headlines are flagged (all are presumed fine)."""
    flagged = []
    corpus = load_corpus()
    for article in corpus.values():
        check = check_headline(article["title"], article["text"])
        if not check.ok:
            flagged.append((article["title"], check.reasons))
    return len(flagged), len(corpus), flagged
