"""The labelled story sets of bench/clustering.py: loading, shuffled orders and fixed halves.

ECB+ (by topic, so both look-alike events of a topic stay together), UCI (by story) and the
demo corpus (by month, so events days apart stay together) are each cut in two fixed halves
by a hash: tune on "dev", report "held-aside" beside it, never tune on it. ECB+ carries no
dates, so its order is the file's or a shuffle, and how much the order matters is half of
what a change has to show: each ECB+ half is also clustered in the shuffled orders the whole
set is (`--shuffles`), and only the mean and the minimum are printed.
"""

from __future__ import annotations

import importlib.util
import random
import statistics
import sys
from pathlib import Path
from types import ModuleType

from broadsheet.clustering import ClusterConfig, Doc, cluster_articles
from broadsheet.demo.story_check import check_demo_stories, demo_docs, load_labelled_pairs
from broadsheet.lib.testing.story_sets import ecb_in_file_order as read_ecb
from broadsheet.lib.testing.story_sets import half_of

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ECB = SHARED / "datasets" / "ecbplus-stories-dev"
UCI = SHARED / "datasets" / "uci-news-aggregator-prefix"


def load_scorer() -> ModuleType:
    """The shared scorer module (../shared/tools/cluster_eval.py)."""
    path = SHARED / "tools" / "cluster_eval.py"
    spec = importlib.util.spec_from_file_location("cluster_eval", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["cluster_eval"] = module
    spec.loader.exec_module(module)
    return module


def ecb_in_file_order() -> tuple[list[dict], list[str]]:
    """ECB+ documents in file order, mapped to fields exactly as cluster_eval maps them."""
    return read_ecb(ECB)


def shuffled(docs: list[dict], gold: list[str], seed: int) -> tuple[list[dict], list[str]]:
    """The same documents in a seeded random order."""
    order = list(range(len(docs)))
    random.Random(seed).shuffle(order)
    return [docs[i] for i in order], [gold[i] for i in order]


def _f1(
    scorer: ModuleType, docs: list[dict], gold: list[str], config: ClusterConfig | None
) -> float:
    labels = [str(x) for x in cluster_articles([Doc(**d) for d in docs], config)]
    return float(scorer.bcubed(labels, gold)[2])


def run_halves(config: ClusterConfig | None = None, *, shuffles: int = 0) -> dict[str, float]:
    """Each set's halves clustered on their own, in file (or time) order; the ECB+ halves
    also in `shuffles` shuffled orders (seeds 0 to `shuffles` - 1): their mean and minimum."""
    out: dict[str, float] = {}
    if ECB.is_dir() and UCI.is_dir():
        scorer = load_scorer()
        docs, gold = ecb_in_file_order()
        udocs, ugold = scorer.load_dataset(UCI)
        sets = [
            ("ECB+", docs, gold, lambda g: g.split("_")[0], shuffles),
            ("UCI", udocs, ugold, lambda g: g, 0),
        ]
        for name, all_docs, all_gold, unit, orders in sets:
            for half in ("dev", "held-aside"):
                keep = [i for i, g in enumerate(all_gold) if half_of(unit(g)) == half]
                sdocs = [all_docs[i] for i in keep]
                sgold = [all_gold[i] for i in keep]
                out[f"{name} {half}"] = _f1(scorer, sdocs, sgold, config)
                if orders:
                    scores = [
                        _f1(scorer, *shuffled(sdocs, sgold, s), config) for s in range(orders)
                    ]
                    out[f"{name} {half} shuffled mean"] = statistics.mean(scores)
                    out[f"{name} {half} shuffled min"] = min(scores)
    items = demo_docs()
    labelled = load_labelled_pairs()
    for half in ("dev", "held-aside"):
        part = [(a, d) for a, d in items if half_of(f"{a.original_published:%Y-%m}") == half]
        labels = cluster_articles([d for _, d in part], config)
        check = check_demo_stories([a for a, _ in part], labels, labelled)
        out[f"demo {half}"] = check.precision
        out[f"demo {half} pairs"] = check.pairs
        out[f"demo {half} wide"] = len(check.wide_stories)
    return out


def print_halves(config: ClusterConfig | None = None, *, shuffles: int = 0) -> None:
    """The halves of run_halves side by side: dev (tuned on) and held-aside."""
    scores = run_halves(config, shuffles=shuffles)
    print("\nhalves, clustered separately (B3 F1; demo: pairwise precision, pairs, > 14 days):")
    for name in ("ECB+", "UCI"):
        if f"{name} dev" in scores:
            print(
                f"  {name:<5} dev {scores[f'{name} dev']:.3f} | "
                f"held-aside {scores[f'{name} held-aside']:.3f}"
            )
    if "ECB+ dev shuffled mean" in scores:
        s = {
            h: (scores[f"ECB+ {h} shuffled mean"], scores[f"ECB+ {h} shuffled min"])
            for h in ("dev", "held-aside")
        }
        print(
            f"  ECB+  {shuffles} shuffled orders: dev mean {s['dev'][0]:.3f} min {s['dev'][1]:.3f}"
            f" | held-aside mean {s['held-aside'][0]:.3f} min {s['held-aside'][1]:.3f}"
        )
    demo = [scores[f"demo {h}{k}"] for h in ("dev", "held-aside") for k in ("", " pairs", " wide")]
    line = "  demo  dev {:.3f} ({} pairs, {} wide) | held-aside {:.3f} ({} pairs, {} wide)"
    print(line.format(*demo))
