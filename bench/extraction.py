"""Article-body extraction benchmark: Broadsheet vs trafilatura on both dev sets, one run.

Scores extract_article, trafilatura default and trafilatura favor_recall side by side on
../shared/datasets/extraction-dev (the benchmark's own metric, ../shared/tools/extract_eval.py)
and on ../shared/datasets/wcxb-articles-dev (word F1 and snippet rates,
../shared/tools/wcxb_eval.py); both scorers are imported, not copied. Extractors run
interleaved page by page so that load on a shared machine hits them alike. WCXB figures are
printed for all pages, the development slice and the slice held aside from development;
"lost" counts pages with an empty result whose ground truth holds text (an empty result is
right on a page whose truth is empty); times are median CPU milliseconds per page.

    .venv/bin/python bench/extraction.py [--limit N] [--only NAME] [--workers N] [--json out.json]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from _harness import ROOT  # noqa: E402 - the one preamble: sys.path, --json

SHARED = ROOT.parent / "shared"
EXTRACTION_DEV = SHARED / "datasets" / "extraction-dev"
WCXB = SHARED / "datasets" / "wcxb-articles-dev"

Extractor = Callable[[str, str | None], str]


def is_held_aside(file_id: str) -> bool:
    """Whether a WCXB page belongs to the slice kept aside from development (about a third).

    Decided by a hash of the file id before any result was looked at; the failures of this
    slice are never inspected while developing, so its figures stand for unseen pages.
    """
    return hashlib.sha256(file_id.encode()).digest()[0] % 3 == 0


def load_module(name: str) -> ModuleType:
    """A shared scorer module (../shared/tools/<name>.py)."""
    path = SHARED / "tools" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def broadsheet_body(html: str, url: str | None) -> str:
    from broadsheet.extraction import extract_article

    article = extract_article(html, url)
    return article.text if article else ""


def trafilatura_default(html: str, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(html, include_comments=False) or ""


def trafilatura_recall(html: str, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(html, include_comments=False, favor_recall=True) or ""


EXTRACTORS: dict[str, Extractor] = {
    "broadsheet": broadsheet_body,
    "trafilatura-default": trafilatura_default,
    "trafilatura-recall": trafilatura_recall,
}


WORKERS = 1  # set by --workers


def run_interleaved(
    extractors: dict[str, Extractor], pages: list[tuple[str, str | None]]
) -> dict[str, tuple[list[str], list[float]]]:
    """Every extractor on page 1, then on page 2... (in turns: the first of a page pays its cold
    caches): outputs and CPU milliseconds per page.

    CPU time of the process (time.process_time), not wall time: on a shared, loaded machine
    wall time mostly measures the other processes.

    With --workers N the pages are cut into N runs of consecutive pages, each interleaved
    in its own process (a loaded shared machine hits both extractors of a page alike).
    """
    if WORKERS > 1 and len(pages) > WORKERS:
        return _run_in_workers(list(extractors), pages)
    return _run_pages(extractors, pages)


def _run_in_workers(
    names: list[str], pages: list[tuple[str, str | None]]
) -> dict[str, tuple[list[str], list[float]]]:
    from concurrent.futures import ProcessPoolExecutor

    size = -(-len(pages) // WORKERS)
    chunks = [pages[i : i + size] for i in range(0, len(pages), size)]
    runs: dict[str, tuple[list[str], list[float]]] = {name: ([], []) for name in names}
    with ProcessPoolExecutor(max_workers=WORKERS) as pool:
        for part in pool.map(_run_chunk, [names] * len(chunks), chunks):
            for name, (texts, times) in part.items():
                runs[name][0].extend(texts)
                runs[name][1].extend(times)
    return runs


def _run_chunk(
    names: list[str], pages: list[tuple[str, str | None]]
) -> dict[str, tuple[list[str], list[float]]]:
    return _run_pages({name: EXTRACTORS[name] for name in names}, pages)


def _run_pages(
    extractors: dict[str, Extractor], pages: list[tuple[str, str | None]]
) -> dict[str, tuple[list[str], list[float]]]:
    for fn in extractors.values():
        fn(*pages[0])  # warm-up: imports and lazy tables are not timed
    runs: dict[str, tuple[list[str], list[float]]] = {name: ([], []) for name in extractors}
    order = list(extractors.items())
    for index, (html, url) in enumerate(pages):
        # Each page's first extractor pays its cold caches (measured: 1.22x run first, 1.12x
        # run second, same code): the order turns by one place on every page.
        shift = index % len(order)
        for name, fn in order[shift:] + order[:shift]:
            started = time.process_time()
            try:
                text = fn(html, url)
            except Exception as exc:  # a crash is an empty prediction, and is reported
                print(f"  {name} failed on {url}: {type(exc).__name__}: {exc}", file=sys.stderr)
                text = ""
            runs[name][1].append((time.process_time() - started) * 1000)
            runs[name][0].append(text)
    return runs


def bench_extraction_dev(
    extractors: dict[str, Extractor], *, limit: int | None
) -> dict[str, dict[str, Any]]:
    """F1/P/R (4-gram shingles, the benchmark's metric) and bag-of-words F1 on extraction-dev."""
    scorer = load_module("extract_eval")
    pages = scorer.load_dataset(EXTRACTION_DEV)[: limit or None]
    runs = run_interleaved(extractors, [(page.read_html(), page.url) for page in pages])
    truths = [page.truth for page in pages]
    results = {}
    for name, (texts, times) in runs.items():
        metrics, _ = scorer.score(truths, texts, bootstrap=0)
        results[name] = {
            "pages": len(pages),
            "f1": metrics["f1"],
            "precision": metrics["precision"],
            "recall": metrics["recall"],
            "bow_f1": metrics.get("bow_f1"),
            "empty": sum(not text.strip() for text in texts),
            "median_ms": statistics.median(times),
        }
    return results


def bench_wcxb(
    extractors: dict[str, Extractor], *, limit: int | None
) -> dict[str, dict[str, dict[str, Any]]]:
    """Word F1/P/R, snippet rates and empty results on WCXB, per slice."""
    scorer = load_module("wcxb_eval")
    files = sorted((WCXB / "ground-truth").glob("*.json"))[: limit or None]
    truths = [json.loads(path.read_text(encoding="utf-8")) for path in files]
    htmls = []
    for path in files:
        with gzip.open(WCXB / "html" / f"{path.stem}.html.gz", "rt", errors="replace") as fh:
            htmls.append(fh.read())
    runs = run_interleaved(
        extractors, [(h, t.get("url")) for h, t in zip(htmls, truths, strict=True)]
    )
    held = [is_held_aside(path.stem) for path in files]
    results: dict[str, dict[str, dict[str, Any]]] = {}
    for name, (texts, times) in runs.items():
        rows = []
        for text, truth, ms in zip(texts, truths, times, strict=True):
            truth_text = truth.get("main_content") or ""
            p, r, f1 = scorer.word_prf(text, truth_text)
            without = truth.get("without") or []
            rows.append(
                {
                    "p": p,
                    "r": r,
                    "f1": f1,
                    "ms": ms,
                    "with": scorer.snippet_rate(text, truth.get("with") or []),
                    "without": scorer.snippet_rate(text, without) if without else 0.0,
                    "empty": not scorer.tokens(text),
                    # Nothing returned for a page whose truth holds text: an article lost.
                    # (An empty result is right on a page whose truth is empty.)
                    "lost": not scorer.tokens(text) and bool(scorer.tokens(truth_text)),
                }
            )
        results[name] = {
            "all": _summarise(rows),
            "dev-slice": _summarise([row for row, h in zip(rows, held, strict=True) if not h]),
            "held-aside": _summarise([row for row, h in zip(rows, held, strict=True) if h]),
        }
    return results


def _summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    if not rows:
        return {"pages": 0}
    n = len(rows)
    return {
        "pages": n,
        "f1": sum(row["f1"] for row in rows) / n,
        "precision": sum(row["p"] for row in rows) / n,
        "recall": sum(row["r"] for row in rows) / n,
        "with": sum(row["with"] for row in rows) / n,
        "without": sum(row["without"] for row in rows) / n,
        "empty": sum(row["empty"] for row in rows),
        "lost": sum(row["lost"] for row in rows),
        "median_ms": statistics.median(row["ms"] for row in rows),
    }


def print_table(title: str, results: dict[str, dict[str, Any]]) -> None:
    """One line per extractor, with the median-time ratio to trafilatura default."""
    print(f"\n{title}")
    print(
        f"{'extractor':<22} {'pages':>5} {'F1':>6} {'P':>6} {'R':>6} {'with':>6} {'without':>7} "
        f"{'empty':>5} {'lost':>4} {'CPU ms':>9} {'CPU ratio':>10}"
    )
    base = results.get("trafilatura-default", {}).get("median_ms")
    for name, m in results.items():
        if not m.get("pages"):
            continue
        ratio = f"{m['median_ms'] / base:.2f}x" if base else "-"
        with_rate = f"{m['with']:.3f}" if "with" in m else "-"
        without = f"{m['without']:.3f}" if "without" in m else "-"
        lost = str(m["lost"]) if "lost" in m else "-"
        print(
            f"{name:<22} {m['pages']:>5} {m['f1']:6.3f} {m['precision']:6.3f} "
            f"{m['recall']:6.3f} {with_rate:>6} {without:>7} {m['empty']:>5} {lost:>4} "
            f"{m['median_ms']:9.1f} {ratio:>10}"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--only", action="append", choices=sorted(EXTRACTORS), help="run only these")
    ap.add_argument("--limit", type=int, help="first N pages of each set (quick runs)")
    ap.add_argument("--skip-wcxb", action="store_true")
    ap.add_argument("--skip-extraction-dev", action="store_true")
    ap.add_argument("--json", type=Path, help="write results here")
    ap.add_argument("--workers", type=int, default=1, help="processes (pages split among them)")
    args = ap.parse_args(argv)
    global WORKERS
    WORKERS = max(1, args.workers)
    extractors = {name: EXTRACTORS[name] for name in (args.only or EXTRACTORS)}
    out: dict[str, Any] = {}
    if not args.skip_extraction_dev:
        if not (EXTRACTION_DEV / "ground-truth.json").is_file():
            print(f"dataset not found: {EXTRACTION_DEV}", file=sys.stderr)
            return 2
        out["extraction-dev"] = bench_extraction_dev(extractors, limit=args.limit)
        print_table(
            "extraction-dev (4-gram shingle F1, the benchmark's metric)", out["extraction-dev"]
        )
    if not args.skip_wcxb:
        if not (WCXB / "ground-truth").is_dir():
            print(f"dataset not found: {WCXB}", file=sys.stderr)
            return 2
        out["wcxb"] = bench_wcxb(extractors, limit=args.limit)
        for part in ("all", "dev-slice", "held-aside"):
            table = {name: slices[part] for name, slices in out["wcxb"].items()}
            print_table(f"WCXB article pages, {part} (word F1)", table)
    if args.json:
        args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
