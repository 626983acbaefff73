"""Extraction quality gate: body F1 on extraction-dev must not fall below the pinned floor."""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path
from types import ModuleType

import pytest

from broadsheet.extraction import extract_article

REPO_ROOT = Path(__file__).resolve().parents[3]
SHARED = REPO_ROOT.parent / "shared"
DATASET = SHARED / "datasets" / "extraction-dev"
SCORER = SHARED / "tools" / "extract_eval.py"

# What bench/extraction.py measured (F1 0.988) minus 0.005 of slack.
F1_FLOOR = 0.983
# The whole run takes a few seconds; a pathological slowdown fails the gate too.
MAX_SECONDS = 45


def _load_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("extract_eval", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(
    not (DATASET / "ground-truth.json").is_file() or not SCORER.is_file(),
    reason=f"extraction-dev dataset or scorer not found under {SHARED}",
)
def test_extraction_f1_stays_above_floor() -> None:
    scorer = _load_scorer()
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
