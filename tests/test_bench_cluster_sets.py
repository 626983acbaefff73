"""bench/_cluster_sets.py and the clustering gate: the fixed halves never change (figures
quoted on "dev" and "held-aside" stay comparable across sessions), and a shuffled order is
the same documents, the same way every run."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from broadsheet.lib.testing.story_sets import half_of

ROOT = Path(__file__).resolve().parent.parent


def _sets() -> ModuleType:
    path = ROOT / "bench" / "_cluster_sets.py"
    spec = importlib.util.spec_from_file_location("_cluster_sets", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("_cluster_sets", module)
    spec.loader.exec_module(module)
    return module


def test_the_halves_are_the_ones_every_quoted_figure_used() -> None:
    # ECB+ topics 1-12 as the sessions of 2026-12-07 cut them (the dev half's six topics
    # are 3, 8, 10, 18, 30 and 43); demo months likewise.
    dev = {str(topic) for topic in range(1, 13) if half_of(str(topic)) == "dev"}
    assert dev == {"2", "3", "8", "10"}
    assert [half_of(t) for t in ("18", "30", "43")] == ["dev"] * 3
    assert (half_of("2019-09"), half_of("2020-03")) == ("dev", "held-aside")
    assert _sets().half_of is half_of  # the bench reports the gate's halves


def test_a_shuffled_order_is_a_fixed_permutation_with_its_gold_labels() -> None:
    sets = _sets()
    docs = [{"title": f"t{n}"} for n in range(50)]
    gold = [f"g{n}" for n in range(50)]
    once, once_gold = sets.shuffled(docs, gold, 3)
    again, _ = sets.shuffled(docs, gold, 3)
    other, _ = sets.shuffled(docs, gold, 4)
    assert once == again and once != other and once != docs
    assert sorted(d["title"] for d in once) == sorted(d["title"] for d in docs)
    assert [d["title"][1:] for d in once] == [g[1:] for g in once_gold]
