"""Clustering quality gate: B-cubed F1 on the shared story sets and the demo corpus's pairwise
precision must stay above pinned floors. Under CI=true a missing dataset FAILS the gate;
elsewhere it skips loudly (the evaluation sets are not bundled; the demo corpus is)."""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path
from types import ModuleType

from broadsheet.clustering import Doc, cluster_articles
from broadsheet.demo.story_check import run_demo_check
from broadsheet.lib.testing.gates import load_scorer, require
from broadsheet.lib.testing.story_sets import ecb_in_file_order, half_of

REPO_ROOT = Path(__file__).resolve().parents[3]
SHARED = REPO_ROOT.parent / "shared"
ECB = SHARED / "datasets" / "ecbplus-stories-dev"
UCI = SHARED / "datasets" / "uci-news-aggregator-prefix"
SCORER = SHARED / "tools" / "cluster_eval.py"

# What bench/clustering.py measured (0.9378, 0.944, 0.9365), minus 0.005 (and the rounding).
ECB_FILE_ORDER_FLOOR = 0.932
ECB_SHUFFLED_FLOOR = 0.938  # cluster_eval.py's own order (seed 0)
# The mean of the bench's 10 shuffled orders (seeds 0-9): how much arrival order decides.
# 0.9436 measured (0.9394 before regather.py), minus 0.005.
ECB_SHUFFLED_MEAN_FLOOR = 0.938
ECB_SHUFFLES = 10
UCI_FLOOR = 0.931
# The held-aside halves (bench/clustering.py, same split: ECB+ by topic, UCI by story, each
# half clustered on its own; never tuned on): 0.936 and 0.954 measured, minus 0.005 (and the rounding).
ECB_HELD_ASIDE_FLOOR = 0.930
UCI_HELD_ASIDE_FLOOR = 0.948
# CPU seconds, a guard against a runaway, not a speed test (bench/clustering.py times it): UCI's
# 3,592 bare headlines go through the sentence model (meaning.py), 44-49 s of CPU alone, 162 s
# measured inside a whole test run at load 9 on the 2 shared cores; the rest ~2 s.
MAX_SECONDS = 400
# The bundled demo corpus with its true dates (bench/clustering.py: 1.000, 7 of 7 pairs).
DEMO_PRECISION_FLOOR = 0.995
# ...without emptying the demo: the labelled pairs (same event, close follow-ups) it still joins.
DEMO_RIGHT_PAIRS_FLOOR = 7
# As the demo publishers serve it (newest 200 first, then the rest from the oldest, with the
# dates they show): 1.000, 6 of 6 pairs (the prorogation pair stays two linked stories).
DEMO_SERVED_RIGHT_PAIRS_FLOOR = 6


def require_data(*paths: Path) -> None:
    require("clustering quality gate", *paths)


def _bcubed_f1(scorer: ModuleType, docs: list[dict], gold: list[str]) -> float:
    labels = [str(label) for label in cluster_articles([Doc(**d) for d in docs])]
    return scorer.bcubed(labels, gold)[2]


def test_story_f1_stays_above_floors() -> None:
    require_data(ECB, UCI, SCORER)
    scorer = load_scorer(SCORER, "cluster_eval")
    started = time.process_time()  # CPU time: the shared host may be loaded
    ecb_file = _bcubed_f1(scorer, *ecb_in_file_order(ECB))
    ecb_shuffled = _bcubed_f1(scorer, *scorer.load_dataset(ECB))
    uci = _bcubed_f1(scorer, *scorer.load_dataset(UCI))
    elapsed = time.process_time() - started
    scores = f"ECB+ file order {ecb_file:.4f}, ECB+ shuffled {ecb_shuffled:.4f}, UCI {uci:.4f}"
    assert ecb_file >= ECB_FILE_ORDER_FLOOR, scores
    assert ecb_shuffled >= ECB_SHUFFLED_FLOOR, scores
    assert uci >= UCI_FLOOR, scores
    assert elapsed < MAX_SECONDS, f"the gate took {elapsed:.1f}s"


def test_story_f1_in_shuffled_orders_stays_above_floor() -> None:
    require_data(ECB, SCORER)
    scorer = load_scorer(SCORER, "cluster_eval")
    docs, gold = ecb_in_file_order(ECB)
    scores = []
    for seed in range(ECB_SHUFFLES):  # as bench/_cluster_sets.shuffled orders them
        order = list(range(len(docs)))
        random.Random(seed).shuffle(order)
        scores.append(_bcubed_f1(scorer, [docs[i] for i in order], [gold[i] for i in order]))
    assert statistics.mean(scores) >= ECB_SHUFFLED_MEAN_FLOOR, [round(f, 4) for f in scores]


def _held_aside_f1(
    scorer: ModuleType, docs: list[dict], gold: list[str], *, by_topic: bool
) -> float:
    """B-cubed F1 of the held-aside half (ECB+ by topic, "1_ecb" -> "1"; else by story),
    clustered on its own."""
    units = [g.split("_")[0] if by_topic else g for g in gold]
    keep = [n for n, unit in enumerate(units) if half_of(unit) == "held-aside"]
    return _bcubed_f1(scorer, [docs[n] for n in keep], [gold[n] for n in keep])


def test_held_aside_halves_stay_above_floors() -> None:
    require_data(ECB, UCI, SCORER)
    scorer = load_scorer(SCORER, "cluster_eval")
    ecb = _held_aside_f1(scorer, *ecb_in_file_order(ECB), by_topic=True)
    uci = _held_aside_f1(scorer, *scorer.load_dataset(UCI), by_topic=False)
    scores = f"held-aside halves: ECB+ {ecb:.4f}, UCI {uci:.4f}"
    assert ecb >= ECB_HELD_ASIDE_FLOOR, scores
    assert uci >= UCI_HELD_ASIDE_FLOOR, scores


def test_demo_stories_join_only_one_event_within_two_weeks() -> None:
    check = run_demo_check()
    assert check.precision >= DEMO_PRECISION_FLOOR, (check.precision, check.wrong_pairs)
    assert check.right >= DEMO_RIGHT_PAIRS_FLOOR, (check.right, check.pairs)
    assert check.wide_stories == []


def test_demo_as_served_joins_only_one_event_within_two_weeks() -> None:
    check = run_demo_check(served=True)
    assert check.precision >= DEMO_PRECISION_FLOOR, (check.precision, check.wrong_pairs)
    assert check.right >= DEMO_SERVED_RIGHT_PAIRS_FLOOR, (check.right, check.pairs)
    assert check.wide_stories == []
