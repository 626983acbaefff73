"""Extraction quality gate: body F1 on extraction-dev and on the WCXB article pages.

Both scores must stay above their pinned floors. The data lives in ../shared beside the
repository; under CI=true a missing dataset or scorer FAILS the gate, elsewhere (a bare
clone) the gate is skipped with a loud message.
"""

from __future__ import annotations

import gzip
import json
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from broadsheet.extraction import extract_article
from broadsheet.lib.testing.gates import load_scorer, require

REPO_ROOT = Path(__file__).resolve().parents[3]
SHARED = REPO_ROOT.parent / "shared"
DATASET = SHARED / "datasets" / "extraction-dev"
SCORER = SHARED / "tools" / "extract_eval.py"
WCXB = SHARED / "datasets" / "wcxb-articles-dev"
WCXB_SCORER = SHARED / "tools" / "wcxb_eval.py"

# What bench/extraction.py measured minus 0.005 of slack.
F1_FLOOR = 0.981  # extraction-dev: 0.9864
WCXB_F1_FLOOR = 0.953  # WCXB article pages, all 793: 0.9582 (docs/measurements.md)
# One WCXB page (held aside, a shell drawn by scripts) shows no text at all and its ground
# truth is empty: None is the right answer there. Every page whose truth holds text holds an
# article and must give one: no page may be lost.
WCXB_MAX_EMPTY = 1
WCXB_MAX_LOST = 0
# Not a speed test (bench/extraction.py measures speed): only a hang or a pathological
# slowdown fails here, so the bounds hold on a shared machine at a load of 10 per core
# (91 pages take about 10 s on an idle 2-core machine, 65 s were seen under such load).
MAX_SECONDS = 300
WCXB_MAX_SECONDS = 1800


def require_data(*paths: Path) -> None:
    require("extraction quality gate", *paths)


def test_extraction_f1_stays_above_floor() -> None:
    require_data(DATASET / "ground-truth.json", SCORER)
    scorer = load_scorer(SCORER, "extract_eval")
    pages = scorer.load_dataset(DATASET)
    started = time.monotonic()
    predictions = []
    for page in pages:
        article = extract_article(page.read_html(), page.url)
        predictions.append(article.text if article else "")
    elapsed = time.monotonic() - started
    metrics, _ = scorer.score([p.truth for p in pages], predictions, bootstrap=0)
    assert metrics["f1"] >= F1_FLOOR, f"F1 {metrics['f1']:.4f} fell below the floor {F1_FLOOR}"
    assert elapsed < MAX_SECONDS, f"extraction of {len(pages)} pages took {elapsed:.1f}s"


def _wcxb_page(path: Path) -> tuple[float, bool, bool]:
    """Word F1 of one WCXB page, whether the prediction was empty and whether that lost an
    article (its truth holds text) (runs in a worker)."""
    scorer = load_scorer(WCXB_SCORER, "wcxb_eval")
    truth = json.loads(path.read_text(encoding="utf-8"))
    html_path = path.parent.parent / "html" / f"{path.stem}.html.gz"
    with gzip.open(html_path, "rt", encoding="utf-8", errors="replace") as handle:
        html = handle.read()
    article = extract_article(html, truth.get("url"))
    text = article.text if article else ""
    truth_text = truth.get("main_content") or ""
    _, _, f1 = scorer.word_prf(text, truth_text)
    empty = not scorer.tokens(text)
    return f1, empty, empty and bool(scorer.tokens(truth_text))


def test_wcxb_article_pages_f1_stays_above_floor() -> None:
    require_data(WCXB / "ground-truth", WCXB / "html", WCXB_SCORER)
    files = sorted((WCXB / "ground-truth").glob("*.json"))
    assert files, f"no pages in {WCXB}"
    started = time.monotonic()
    # Two worker processes: the run is CPU-bound and CI has two cores.
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(_wcxb_page, files, chunksize=8))
    elapsed = time.monotonic() - started
    f1 = sum(score for score, _, _ in results) / len(results)
    empty = sum(is_empty for _, is_empty, _ in results)
    lost = sum(is_lost for _, _, is_lost in results)
    assert f1 >= WCXB_F1_FLOOR, f"WCXB F1 {f1:.4f} fell below the floor {WCXB_F1_FLOOR}"
    assert lost <= WCXB_MAX_LOST, f"{lost} WCXB article pages holding text extracted to nothing"
    assert empty <= WCXB_MAX_EMPTY, f"{empty} WCXB article pages extracted to nothing"
    assert elapsed < WCXB_MAX_SECONDS, f"WCXB gate took {elapsed:.0f}s"
