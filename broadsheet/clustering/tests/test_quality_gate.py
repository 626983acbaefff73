"""Clustering quality gate: B-cubed F1 on the shared story sets and the demo corpus's pairwise
precision must stay above pinned floors. Under CI=true a missing dataset FAILS the gate;
elsewhere it skips loudly (the evaluation sets are not bundled; the demo corpus is)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from types import ModuleType

from broadsheet.clustering import Doc, cluster_articles
from broadsheet.demo.story_check import run_demo_check
from broadsheet.lib.testing.gates import load_scorer, require

REPO_ROOT = Path(__file__).resolve().parents[3]
SHARED = REPO_ROOT.parent / "shared"
ECB = SHARED / "datasets" / "ecbplus-stories-dev"
UCI = SHARED / "datasets" / "uci-news-aggregator-prefix"
SCORER = SHARED / "tools" / "cluster_eval.py"

# What bench/clustering.py measured (0.9271, 0.9146, 0.8774), minus 0.005.
ECB_FILE_ORDER_FLOOR = 0.922
ECB_SHUFFLED_FLOOR = 0.909  # cluster_eval.py's own order (seed 0)
UCI_FLOOR = 0.872
MAX_SECONDS = 40
# The bundled demo corpus with its true dates (bench/clustering.py: 0.500, 6 of 12 pairs).
DEMO_PRECISION_FLOOR = 0.495


def require_data(*paths: Path) -> None:
    require("clustering quality gate", *paths)


def _bcubed_f1(scorer: ModuleType, docs: list[dict], gold: list[str]) -> float:
    labels = [str(label) for label in cluster_articles([Doc(**d) for d in docs])]
    return scorer.bcubed(labels, gold)[2]


def test_story_f1_stays_above_floors() -> None:
    require_data(ECB, UCI, SCORER)
    scorer = load_scorer(SCORER, "cluster_eval")
    started = time.monotonic()
    rows = [json.loads(line) for line in next(ECB.glob("*.jsonl")).open() if line.strip()]
    file_order = [
        {
            "title": r.get("lead") or "",
            "text": r.get("text") or "",
            "source": r.get("outlet") or "unknown",
            "url": r.get("url"),
            "published_at": None,
            "language": "en",
        }
        for r in rows
    ]
    ecb_file = _bcubed_f1(scorer, file_order, [r["cluster_id"] for r in rows])
    ecb_shuffled = _bcubed_f1(scorer, *scorer.load_dataset(ECB))
    uci = _bcubed_f1(scorer, *scorer.load_dataset(UCI))
    elapsed = time.monotonic() - started
    scores = f"ECB+ file order {ecb_file:.4f}, ECB+ shuffled {ecb_shuffled:.4f}, UCI {uci:.4f}"
    assert ecb_file >= ECB_FILE_ORDER_FLOOR, scores
    assert ecb_shuffled >= ECB_SHUFFLED_FLOOR, scores
    assert uci >= UCI_FLOOR, scores
    assert elapsed < MAX_SECONDS, f"the gate took {elapsed:.1f}s"


def test_demo_stories_join_only_one_event_within_two_weeks() -> None:
    check = run_demo_check()
    assert check.precision >= DEMO_PRECISION_FLOOR, (check.precision, check.wrong_pairs)
    assert check.wide_stories == []
