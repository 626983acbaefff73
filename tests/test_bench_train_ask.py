"""bench/train_ask.py and bench/_learned_ask.py: ask's score parts recorded, combined, fitted."""

from __future__ import annotations

import importlib
import importlib.util
import json
import random
import sys
from pathlib import Path

import numpy as np
import pytest

from broadsheet.ai.answers import Support, rank_support

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
learned_support = importlib.import_module("_learned_ask")


def _train_ask():
    spec = importlib.util.spec_from_file_location("train_ask", REPO / "bench" / "train_ask.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rank_support_records_the_score_parts_of_a_typed_sentence():
    sentences = ["The fire started at about 19:00 local time.", "Firefighters came later."]
    ranked = rank_support("When did the fire start?", sentences)
    best = ranked[0]
    assert best.index == 0 and best.typed
    words, bigrams, near, head, opens = best.parts
    assert words == pytest.approx(1.0) and near == 1.0 and head == 0.0 and opens == 0.0
    assert 0.0 <= bigrams <= 1.0


def test_rescore_answers_exactly_when_the_probability_clears_the_cut(tmp_path, monkeypatch):
    weights = {"words": {"w": [-2.0, 4.0, 0.0, 0.0, 0.0], "cut": 0.5}}
    weights["model"] = {"w": [-2.0, 4.0, 0.0, 0.0, 0.0, 0.0], "cut": 0.5}
    path = tmp_path / "w.json"
    path.write_text(json.dumps(weights))
    monkeypatch.setattr(learned_support, "WEIGHTS_FILE", path)
    monkeypatch.setattr(learned_support, "load_encoder", lambda: None)
    ranked = [
        Support(0, 0.9, True, "x", (0.6, 0.0, 0.0, 0.0, 0.0)),  # z = 0.4: p > 0.5
        Support(1, 0.8, True, "y", (0.4, 0.0, 0.0, 0.0, 0.0)),  # z = -0.4: p < 0.5
        Support(2, 0.95, False, None, (0.9, 0.0, 0.0, 0.0, 0.0)),  # no typed fact
    ]
    out = learned_support.rescore("q?", ["a", "b", "c"], ranked, threshold=0.42)
    assert [s.index for s in out] == [0, 1]
    assert out[0].score >= 0.42 > out[1].score


def test_the_fit_separates_answering_rows_from_the_others():
    train = _train_ask()
    rng = np.random.default_rng(0)
    good = np.column_stack([np.ones(50), rng.uniform(0.6, 1.0, 50)])
    bad = np.column_stack([np.ones(50), rng.uniform(0.0, 0.4, 50)])
    w = train.fit(np.vstack([good, bad]), np.r_[np.ones(50), np.zeros(50)])
    assert w[1] > 0 and (good @ w).min() > (bad @ w).max()


def test_a_pseudo_question_drops_the_fact_and_opens_with_its_wh_word():
    train = _train_ask()
    sentence = "Boeing will begin production of the 787 in 2006 at its Everett plant."
    start = sentence.index("2006")
    question = train.pseudo_question(sentence, start, start + 4, "When", random.Random(1), [])
    assert question.startswith("When ") and question.endswith("?") and "2006" not in question


def test_training_never_reads_an_article_the_question_sets_use():
    train = _train_ask()
    used = {row["article"] for row in train._jsonl(train.QA_SET)}
    assert used and not used & {a["id"] for a in train.training_articles()}


def test_evaluate_totals_each_part_and_restores_the_hand_blend(monkeypatch, capsys):
    from broadsheet.ai import answers, evaluation
    from broadsheet.ai.results import Answer, Citation

    hand = answers.blend
    found = Answer(True, "It was 149.", (Citation(0, "It was 149."),), "m", "149")
    refused = Answer(False, None, (), "m")
    rows = [
        evaluation.QaResult("q", "a", "149", "dev", found),
        evaluation.QaResult("q", "a", "unanswerable", "dev", found),
        *(evaluation.QaResult("q", "a", "x", "fresh", refused, batch=b) for b in (6, 7, 9, 10)),
        *(
            evaluation.QaResult("q", "a", "unanswerable", "fresh", refused, batch=b)
            for b in (11, 12)
        ),
        evaluation.QaResult("q", "a", "unanswerable", "held-aside", refused),
    ]
    monkeypatch.setattr(evaluation, "run_qa", lambda: rows)
    totals = learned_support.evaluate()
    assert totals["dev"] == (1, 1, 0, 1) and totals["b12"] == (0, 0, 1, 1)
    assert answers.blend is hand
    learned_support.print_totals({**totals, "b6": (0, 1, 0, 0), "b11": (0, 0, 1, 1)})
    assert "never-read found 0/4  refused 3/3" in capsys.readouterr().out
