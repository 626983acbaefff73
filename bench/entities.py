"""Entity and topic benchmark: broadsheet.enrichment on the hand-labelled Wikinews set.

Scores extract_entities and classify_topics against
broadsheet/enrichment/tests/data/entities_gold.jsonl (ids and labels; the texts
come from the bundled demo corpus) and prints, for the dev and held-out halves:
entity-level precision, recall and F1 per kind (names normalised, aliases count
as the same entity), place-country accuracy, topic top-1 accuracy, and
milliseconds per article.

    .venv/bin/python bench/entities.py [--errors] [--split dev|heldout|all] [--repeat N]
                                       [--json out.json]

--errors lists misses and false alarms for the dev halves only: the held-out
halves are for reporting, not for tuning.

The same figures are printed for tests/data/entities_gold_fr_es.jsonl (short French
and Spanish news texts written and labelled by hand; the demo corpus is English
only), run with the text's language.

It also names every entity of the whole demo corpus and scores the 200 most
named against tests/data/entities_top200.jsonl (canonical name and type labelled
by hand; `same_as` marks an entry that duplicates another): duplicates, wrong
types, and entries the labels do not know.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any

import _harness  # noqa: F401 - the one preamble: sys.path, --json


def summarise(score: Any, ms: list[float], first_ms: list[float], words: int) -> dict[str, Any]:
    """Plain figures for printing and JSON."""
    from broadsheet.enrichment.evaluation import KINDS, Tally

    out: dict[str, Any] = {"articles": score.articles}
    for kind in KINDS:
        p, r, f = score.tallies[kind].scores()
        out[kind] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}
    total = Tally(*(sum(getattr(t, a) for t in score.tallies.values()) for a in ("tp", "fp", "fn")))
    p, r, f = total.scores()
    out["all"] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}
    out["place_country_accuracy"] = round(
        score.countries_right / max(1, score.countries_checked), 3
    )
    out["topic_top1_accuracy"] = round(score.topic_accuracy, 3)
    out["topic_any_accuracy"] = round(score.topics_any / max(1, score.articles), 3)
    out["ms_per_article_median"] = round(statistics.median(ms), 2)
    out["ms_per_article_mean"] = round(statistics.fmean(ms), 2)
    out["ms_per_600_words"] = round(sum(ms) / max(1, words) * 600, 2)
    out["ms_per_600_words_first_run"] = round(sum(first_ms) / max(1, words) * 600, 2)
    return out


def bench_top_entities(report: dict[str, Any]) -> None:
    """Duplicates and wrong types among the demo corpus's 200 most named entities."""
    from broadsheet.enrichment.evaluation import score_top_entities, top_entities

    result = score_top_entities(top_entities(200))
    report["top200"] = result
    print(
        f"demo corpus, 200 most named entities: {result['labelled']} labelled by hand;"
        f" duplicates {len(result['duplicates'])}, wrong type {len(result['wrong_type'])},"
        f" not labelled {len(result['unlabelled'])}"
    )
    for slug, same in result["duplicates"]:
        print(f"  duplicate: {slug} is {same}")
    for slug, kind, label in result["wrong_type"]:
        print(f"  wrong type: {slug} is a {kind}, labelled {label}")


def _reference_ms() -> float:
    start = time.process_time()
    total = 0
    for k in range(1_000_000):
        total += k
    return (time.process_time() - start) * 1000


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--split", choices=["dev", "heldout", "all"], default="all")
    ap.add_argument("--errors", action="store_true", help="list dev-half errors")
    ap.add_argument("--repeat", type=int, default=5, help="timing repeats per article")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)

    from broadsheet.enrichment import classify_topics, extract_entities
    from broadsheet.enrichment.evaluation import (
        CORPUS,
        KINDS,
        Score,
        gold_articles,
        gold_fr_es_articles,
    )

    # Warm up on articles outside the gold set, as a running ingest would be warm.
    gold_ids = {g["id"] for g, _ in gold_articles()}
    with CORPUS.open(encoding="utf-8") as lines:
        others = [json.loads(line) for line in lines]
    for article in [a for a in others if a["id"] not in gold_ids][:50]:
        classify_topics(article["title"], article["text"])
        extract_entities(article["title"], article["text"])
    for language in ("fr", "es"):  # load each language's lexicon once, outside the timings
        extract_entities("", "Le Monde. El País.", language=language)
    report: dict[str, Any] = {}
    sets = [("dev", gold_articles("dev")), ("heldout", gold_articles("heldout"))]
    sets += [("fr-es dev", gold_fr_es_articles("dev"))]
    sets += [("fr-es heldout", gold_fr_es_articles("heldout"))]
    errors: list[str] = []
    for split, pairs in sets:
        if args.split not in ("all", split.removeprefix("fr-es ")):
            continue
        score, ms, first_ms, words = Score(), [], [], 0
        for gold, article in pairs:
            language = article.get("language", "en")
            runs = []
            for _ in range(max(1, args.repeat)):
                start = time.process_time()
                entities = extract_entities(article["title"], article["text"], language=language)
                topics = classify_topics(article["title"], article["text"], entities=entities)
                runs.append((time.process_time() - start) * 1000)
            ms.append(min(runs))
            first_ms.append(runs[0])
            words += len(article["title"].split()) + len(article["text"].split())
            score.errors.append(f"= {gold['id']}")
            score.add(gold, entities, topics)
        report[split] = summarise(score, ms, first_ms, words)
        if args.errors and not split.endswith("heldout"):
            errors += score.errors
    # CPU time on a shared machine swings with its load; a fixed pure-Python loop timed
    # in the same run lets figures from different runs be compared.
    reference = min(_reference_ms() for _ in range(5))
    print(f"reference loop (1M additions): {reference:.1f} ms CPU")
    for split, figures in report.items():
        print(f"{split}: {figures['articles']} articles")
        for kind in (*KINDS, "all"):
            f = figures[kind]
            print(f"  {kind:13} P {f['precision']:.3f}  R {f['recall']:.3f}  F1 {f['f1']:.3f}")
        print(f"  place country accuracy {figures['place_country_accuracy']:.3f}")
        print(
            f"  topic top-1 accuracy {figures['topic_top1_accuracy']:.3f}"
            f"  (any of top 3: {figures['topic_any_accuracy']:.3f})"
        )
        print(
            f"  CPU ms/article (entities + topics, best of {args.repeat}): median"
            f" {figures['ms_per_article_median']:.2f}, mean {figures['ms_per_article_mean']:.2f},"
            f" per 600 words {figures['ms_per_600_words']:.2f}"
            f" (first run of each article: {figures['ms_per_600_words_first_run']:.2f})"
        )
    if errors:
        print("\n".join(errors))
    bench_top_entities(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
