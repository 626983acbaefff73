"""AI panel benchmark: story ROUGE vs lead-3, citation support, Q&A, latency, headline checks.

    .venv/bin/python bench/ai.py [--calibrate] [--errors] [--json out.json] [--local-model]
                                 [--only qa|headlines|stories|latency] [--baseline REF]
                                 [--ceiling]

- Story summaries: ROUGE-1/2/L (our implementation, lower-cased word tokens)
  of summarize_story on ../shared/datasets/wikinewssum-sample-dev against the
  Wikinews text, beside lead-3 (first three sentences of the longest source);
  clusters with an empty reference are skipped. Skipped when ../shared is absent.
- Citation support: share of summary sentences whose cited sentences hold all
  their names and numbers (story summaries, and article summaries of the demo corpus);
  captions, credits, datelines and questions found in those summaries.
- Q&A: on broadsheet/ai/tests/data/qa.jsonl, the dev part and the held-aside third
  side by side, each beside the method at --baseline (default: main before issue 17),
  run from a git archive of that tree: answerable found, short answer, refused.
- Latency: median ms of summarize_article + key_facts + one answer_question per demo article.
- With a model (--local-model: llama.cpp + the bundled SmolLM2; or --model-url): citation
  support of the article summaries it writes, after the verification pass.
- Headline check: precision/recall of flagging on tests/data/headlines.jsonl (dev,
  held-aside, all; and at --baseline), and how many of the demo corpus's own 410
  headlines are flagged.

--ceiling adds how far ask's ranking could go, threshold ignored (bench/_ask_ceiling.py).
--calibrate prints the threshold sweep on the dev part; --errors lists the dev part's
wrong answers and the misjudged headlines (the held-aside third is only ever totalled).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from _harness import ROOT  # noqa: E402 - the one preamble: sys.path, --json

BEFORE_ISSUE_17 = "44b8bed"  # main when issue 17 began: "today's method" in its figures


def bench_stories(report: dict[str, Any]) -> None:
    """ROUGE of story summaries against Wikinews, beside lead-3."""
    from broadsheet.ai.evaluation import WIKINEWSSUM, evaluate_stories, load_clusters
    from broadsheet.ai.summaries import summarize_article

    if not WIKINEWSSUM.is_file():
        print(f"story ROUGE: skipped ({WIKINEWSSUM} not found)")
        return
    clusters = load_clusters()
    started = time.perf_counter()
    result = evaluate_stories(clusters)
    seconds = time.perf_counter() - started
    report["stories"] = result
    print(
        f"story summaries on wikinewssum-sample-dev: {result['clusters']} clusters with a reference"
    )
    print(f"  {'':22} {'R1-F':>7} {'R2-F':>7} {'RL-F':>7} {'R1-R':>7} {'R2-R':>7} {'RL-R':>7}")
    for name, key in (("summarize_story", "system"), ("lead-3 (longest src)", "lead3")):
        m = result[key]
        print(
            f"  {name:22} {m['rouge1_f']:7.4f} {m['rouge2_f']:7.4f} {m['rougeL_f']:7.4f}"
            f" {m['rouge1_r']:7.4f} {m['rouge2_r']:7.4f} {m['rougeL_r']:7.4f}"
        )
    print(
        f"  citation support: {result['citation_support']:.1%} of "
        f"{result['summary_sentences']} summary sentences;"
        f" {seconds * 1000 / len(clusters):.0f} ms/cluster"
    )
    from broadsheet.ai.evaluation import citation_support, load_corpus, summary_hygiene
    from broadsheet.ai.story_summaries import summarize_story

    ok = total = 0
    summaries = []
    for article in load_corpus().values():
        summaries.append(summarize_article(article["title"], article["text"]))
        s, t = citation_support(summaries[-1])
        ok, total = ok + s, total + t
    bad, n, rows = summary_hygiene(summaries)
    story_bad, story_n, story_rows = summary_hygiene(summarize_story(c.articles) for c in clusters)
    report["summary_hygiene"] = {
        "demo_articles": [bad, n],
        "wikinewssum_stories": [story_bad, story_n],
    }
    print(
        f"  captions, credits, datelines or questions in summaries: demo articles {bad} of {n}"
        f" sentences, wikinewssum stories {story_bad} of {story_n}"
    )
    for row in (rows + story_rows)[:10]:
        print(f"    {row[:110]}")
    report["article_citation_support"] = round(ok / max(1, total), 4)
    print(
        f"  article summaries (demo corpus): citation support {ok / max(1, total):.1%} of {total}"
    )


_BASELINE_SCRIPT = """
import json, sys
from broadsheet.ai.answers import answer_question
try:
    from broadsheet.ai import answer_story_question
    from broadsheet.ai.story_summaries import StoryArticle
except ImportError:  # a tree from before story questions: they count as not found
    answer_story_question = None
out = []
for question, title, text, story in json.load(sys.stdin):
    if story and answer_story_question is None:
        out.append([False, None, [], None])
        continue
    if story:
        a = answer_story_question(question, [StoryArticle(*s) for s in story])
    else:
        a = answer_question(question, title, text)
    out.append([a.found, a.answer, [[c.sentence, c.text] for c in a.citations],
                getattr(a, "short", None)])
json.dump(out, sys.stdout)
"""


_BASELINE_HEADLINES = """
import json, sys
from broadsheet.ai.headline_checks import check_headline
json.dump([not check_headline(h, t).ok for h, t in json.load(sys.stdin)], sys.stdout)
"""


def baseline_answers(ref: str) -> list[Any] | None:
    """The Q&A set answered by the method at git ``ref`` (run from an archive of that tree)."""
    from broadsheet.ai.evaluation import load_corpus, qa_cases, qa_result, story_articles
    from broadsheet.ai.results import Answer, Citation

    cases, corpus = qa_cases(), load_corpus()
    stories = [
        [[s.key, s.source, s.title, s.text] for s in story_articles(r, corpus)]
        if "story" in r
        else None
        for r, _ in cases
    ]
    payload = json.dumps(
        [
            [r["question"], a["title"], a["text"], s]
            for (r, a), s in zip(cases, stories, strict=True)
        ]
    )
    output = run_at(ref, _BASELINE_SCRIPT, payload)
    if output is None:
        return None
    return [
        qa_result(
            row,
            Answer(found, text, tuple(Citation(i, t) for i, t in cites), "baseline", short),
        )
        for (row, _), (found, text, cites, short) in zip(cases, json.loads(output), strict=True)
    ]


def baseline_headline_figures(ref: str) -> dict[str, Any] | None:
    """Precision and recall of the headline check at git ``ref`` on today's labelled set."""
    from broadsheet.ai.evaluation import HEADLINE_SET, load_corpus

    corpus = load_corpus()
    rows = [json.loads(line) for line in HEADLINE_SET.read_text(encoding="utf-8").splitlines()]
    payload = json.dumps([[r["headline"], corpus[r["article"]]["text"]] for r in rows])
    output = run_at(ref, _BASELINE_HEADLINES, payload)
    if output is None:
        return None
    pairs = list(zip(json.loads(output), (r["flagged"] for r in rows), strict=True))
    tp = sum(f and truth for f, truth in pairs)
    fp = sum(f and not truth for f, truth in pairs)
    fn = sum(truth and not f for f, truth in pairs)
    return {"precision": tp / max(1, tp + fp), "recall": tp / max(1, tp + fn), "pairs": len(rows)}


def run_at(ref: str, script: str, payload: str) -> str | None:
    """Run ``script`` (stdin: payload) against the broadsheet package as it was at git ``ref``."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", ref, "broadsheet"], capture_output=True
        )
        if archive.returncode:
            print(f"baseline {ref}: git archive failed, skipped")
            return None
        subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
        run = subprocess.run(
            [sys.executable, "-c", script], input=payload, cwd=tmp,
            capture_output=True, text=True, env={"PYTHONPATH": tmp, "PATH": "/usr/bin:/bin"},
        )  # fmt: skip
    if run.returncode:
        print(f"baseline {ref}: failed ({run.stderr.strip()[-200:]})")
        return None
    return run.stdout


def bench_qa(
    report: dict[str, Any], *, calibrate: bool, errors: bool, baseline: str | None
) -> None:
    """Q&A accuracy on the dev part and the held-aside third, beside the method at ``baseline``."""
    from broadsheet.ai.answers import THRESHOLD
    from broadsheet.ai.evaluation import calibrate_threshold, qa_halves, run_qa

    if calibrate:
        chosen, table = calibrate_threshold("dev")
        print("threshold sweep on the dev part (threshold, accuracy, not-in-text accuracy):")
        for threshold, acc, nit in table:
            if int(round(threshold * 100)) % 5 == 0 or threshold == chosen:
                print(f"  {threshold:.2f}  {acc:.3f}  {nit:.3f}")
        print(f"  rule picks {chosen} (answers.THRESHOLD is {THRESHOLD})")
    started = time.perf_counter()
    results = run_qa()
    seconds = time.perf_counter() - started
    runs = [("now", results)]
    old = baseline_answers(baseline) if baseline else None
    if old is not None:
        runs.append((baseline or "", old))
    report["qa"] = {}
    print(
        f"Q&A on the demo corpus (threshold {THRESHOLD}; {seconds * 1000 / len(results):.1f} ms"
        " per question); answerable = cited sentence holds the expected fact, short = the short"
        " answer is that fact"
    )
    for half, _ in qa_halves(results):
        for name, rows in runs:
            figures = dict(qa_halves(rows))[half]
            if not figures["questions"]:
                continue
            report["qa"].setdefault(name, {})[half] = figures
            print(
                f"  {half:13} {name:7} {figures['questions']:3} q:"
                f" accuracy {figures['accuracy']:6.1%}"
                f" | answerable {figures['answerable_accuracy']:6.1%} of {figures['answerable']:3}"
                f" (short {figures['short_accuracy']:6.1%})"
                f" | refused {figures['not_in_text_accuracy']:6.1%} of {figures['unanswerable']}"
            )
    if errors:
        for r in results:
            if r.half == "dev" and not (r.correct and (r.short_correct or not r.answerable)):
                got = (r.answer.answer or "(not found)")[:100]
                print(
                    f"    wrong: {r.question} | expected {r.expected!r} | short"
                    f" {r.answer.short!r} | got {got}"
                )


def bench_latency(report: dict[str, Any]) -> None:
    """Median time of the article panel's offline work per demo article."""
    from broadsheet.ai import answer_question, summarize_article
    from broadsheet.ai.evaluation import load_corpus
    from broadsheet.enrichment import key_facts

    articles = list(load_corpus().values())
    for article in articles[:20]:  # warm caches (lexicon, gazetteer), as a running server is
        summarize_article(article["title"], article["text"])
        answer_question("Who said it?", article["title"], article["text"])
    timings = []
    for article in articles:
        started = time.perf_counter()
        summarize_article(article["title"], article["text"])
        key_facts(article["text"])
        answer_question("How many people were involved?", article["title"], article["text"])
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[int(0.95 * (len(timings) - 1))]
    report["latency_ms"] = {"median": round(statistics.median(timings), 2), "p95": round(p95, 2)}
    print(
        f"latency, summary + key facts + one answer, {len(timings)} demo articles: "
        f"median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, max {timings[-1]:.1f} ms"
    )


def bench_headlines(report: dict[str, Any], *, errors: bool, baseline: str | None) -> None:
    """Precision and recall of headline flags; flags on the corpus's own headlines."""
    from broadsheet.ai.evaluation import evaluate_headlines, real_headline_flags

    result = evaluate_headlines()
    flagged, total, rows = real_headline_flags()
    report["headlines"] = {k: v for k, v in result.items() if k != "wrong"}
    report["headlines"]["real_headlines_flagged"] = [flagged, total]
    for name, figures in (
        ("dev", evaluate_headlines("dev")),
        ("held-aside", evaluate_headlines("held-aside")),
        ("all", result),
    ):
        report["headlines"][name] = {k: v for k, v in figures.items() if k != "wrong"}
        print(
            f"headline check, {name:10} {figures['headlines']:3} labelled headline/body pairs:"
            f" precision {figures['precision']:.1%} recall {figures['recall']:.1%}"
            f" (tp {figures['tp']} fp {figures['fp']} fn {figures['fn']} tn {figures['tn']})"
        )
    print(f"  demo corpus's own headlines flagged: {flagged} of {total}")
    old = baseline_headline_figures(baseline) if baseline else None
    if old is not None:
        report["headlines"][baseline or ""] = old
        print(
            f"headline check at {baseline}, {old['pairs']} labelled pairs: precision"
            f" {old['precision']:.1%} recall {old['recall']:.1%}"
        )
    if errors:
        for headline, what, reasons in result["wrong"]:
            print(f"    {what}: {headline} {list(reasons)}")
        for headline, reasons in rows:
            print(f"    real headline flagged: {headline} {list(reasons)}")


def bench_with_model(report: dict[str, Any], *, url: str, name: str, articles: int) -> None:
    """Citation support of article summaries written by a language model (after verification)."""
    from broadsheet.ai import OpenAICompatibleModel, TokenBudget, summarize_with_model
    from broadsheet.ai.evaluation import citation_support, load_corpus

    model = OpenAICompatibleModel(base_url=url, model=name, timeout=300, retries=0)
    ok = total = by_model = 0
    timings = []
    for article in list(load_corpus().values())[:articles]:
        started = time.perf_counter()
        summary = summarize_with_model(
            model, article["title"], article["text"], budget=TokenBudget(10**9)
        )
        timings.append(time.perf_counter() - started)
        by_model += summary.method.startswith("llm:")
        s, t = citation_support(summary)
        ok, total = ok + s, total + t
    support = ok / max(1, total)
    report["model"] = {"name": name, "articles": len(timings), "written_by_model": by_model,
                       "citation_support": round(support, 4)}  # fmt: skip
    print(
        f"with the model {name}: {len(timings)} demo articles, {by_model} summaries kept from"
        f" the model (the rest fell back offline); citation support {support:.1%} of {total}"
        f" sentences (target >= 95%); median {statistics.median(timings):.1f} s/article"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--calibrate", action="store_true", help="print the threshold sweep")
    ap.add_argument("--errors", action="store_true", help="list the dev part's errors")
    ap.add_argument(
        "--baseline", default=BEFORE_ISSUE_17,
        help="git ref whose Q&A method is measured side by side ('' to skip); default: main"
        " before issue 17 (whole-sentence answers)",
    )  # fmt: skip
    ap.add_argument("--only", choices=["qa", "headlines", "stories", "latency"])
    ap.add_argument(
        "--ceiling", action="store_true",
        help="with the Q&A part: how far the ranking could go (bench/_ask_ceiling.py)",
    )  # fmt: skip
    ap.add_argument("--json", type=Path)
    ap.add_argument("--model-url", help="an OpenAI-compatible /v1 URL: also score its summaries")
    ap.add_argument("--model-name", default="default")
    ap.add_argument(
        "--local-model", action="store_true",
        help="start llama.cpp with the bundled SmolLM2 (the `model` extra) and score it",
    )  # fmt: skip
    ap.add_argument("--model-articles", type=int, default=40)
    args = ap.parse_args(argv)
    report: dict[str, Any] = {}
    if args.only in (None, "stories"):
        bench_stories(report)
    if args.only in (None, "qa"):
        bench_qa(report, calibrate=args.calibrate, errors=args.errors, baseline=args.baseline)
        if args.ceiling:
            from _ask_ceiling import bench_ceiling

            bench_ceiling(report)
    if args.only in (None, "latency"):
        bench_latency(report)
    if args.only in (None, "headlines"):
        bench_headlines(report, errors=args.errors, baseline=args.baseline)
    if args.model_url:
        bench_with_model(report, url=args.model_url, name=args.model_name,
                         articles=args.model_articles)  # fmt: skip
    elif args.local_model:
        _bench_local_model(report, articles=args.model_articles)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


def _bench_local_model(report: dict[str, Any], *, articles: int) -> None:
    import tempfile

    from broadsheet.lib.testing.local_model import ALIAS, available, llama_server

    if not available():
        print("with a model: skipped (the `model` extra is not installed)")
        return
    with tempfile.TemporaryDirectory() as tmp, llama_server(Path(tmp) / "server.log") as url:
        bench_with_model(report, url=url, name=ALIAS, articles=articles)


if __name__ == "__main__":
    raise SystemExit(main())
