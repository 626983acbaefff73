"""Quality gates: Q&A accuracy, headline flags and story ROUGE-2 above lead-3."""

from __future__ import annotations

from pathlib import Path

from broadsheet.ai.evaluation import (
    WIKINEWSSUM,
    evaluate_headlines,
    evaluate_stories,
    load_clusters,
    qa_figures,
    run_qa,
)
from broadsheet.ai.sentence_vectors import load_encoder
from broadsheet.lib.testing.gates import in_ci, missing, require

# What bench/ai.py measured, less a little slack (see broadsheet/ai/README.md), over batches 1-6
# (439 questions, threshold 0.42) and, on their own, batch 7 (103 fresh questions never tuned
# on), batch 8 (61 dev questions written after the sentence model's first measurement) and
# batch 9 (93 fresh questions written at the start of issue 17's fifth session, never tuned on:
# 72.0% with the model, 69.9% with the words alone, at 853ca29).
# With the sentence model (issue 17's fifth session): accuracy 82.2%, refused 89.0% of 155,
# held-aside accuracy 75.8%, fresh (batch 6) 72.9%, short answers 64.8%, batch 7 61.2%, batch 8
# 60.7%, batch 9 73.1%. Without the model's package (the words alone): 80.2%, 89.0%, 72.6%,
# 70.6%, 62.0%, 56.3%, 52.5%, 69.9% (at 853ca29, before that session: with the model 81.6%,
# 88.4%, 75.0%, 74.1%, 63.4%, 57.3%, 55.7%, 72.0%). CI must have the model: there a
# missing package fails the gate. Batch 10 (125 fresh questions, 9 of them over a three-article
# story, written at the start of issue 17's seventh session, never tuned on): 54.4% with the
# model, 53.6% with the words alone, at 8539474; 56.8% / 56.0% after that session's rules.
# Batch 11 (83 fresh questions, 10 over a three-article story, written at the start of issue
# 17's eighth session, never tuned on): 71.1% with the model, 63.9% with the words alone.
# Issue 17's eleventh session (a17d): batch 9 83.9%, batch 10 63.2%, batch 8 75.4%, batch 11
# 71.1% (unchanged), batches 1-6 and held-aside unchanged; floors left where they were (gains
# of one or two questions a batch, all floors already several points below). Twelfth session
# (a17e): dev answerable 82.8%, b7 refused 82.0%, held-aside answerable 73.3%, others unchanged;
# floors left where they were for the same reason. Thirteenth (a17f, phrases read as verbs):
# dev answerable 84.4%, accuracy 89.7%, b8 80.3%, b10 64.0%, others unchanged; floors kept.
# Batch 12 (75 fresh questions, 7 over a three-article GM bankruptcy story, written without
# reading the method, never tuned on; q17 at f6f25fb): accuracy 50.7% with the model, 48.0% with
# the words alone; floors one question below (0.49 / 0.46).
FLOORS = {
    "model": {"accuracy": 0.81, "refused": 0.88, "held-aside": 0.75, "fresh": 0.72,
              "short": 0.63, 7: 0.60, 8: 0.59, 9: 0.72, 10: 0.55, 11: 0.70,
              12: 0.49},
    "words": {"accuracy": 0.79, "refused": 0.88, "held-aside": 0.71, "fresh": 0.70,
              "short": 0.60, 7: 0.55, 8: 0.51, 9: 0.69, 10: 0.54, 11: 0.63,
              12: 0.46},
}  # fmt: skip
NEW_BATCHES = (7, 8, 9, 10, 11, 12)


def test_qa_accuracy_stays_above_floor():
    if load_encoder() is None and in_ci():
        missing("the packaged sentence model is not installed (make install)")
    floors = FLOORS["model" if load_encoder() is not None else "words"]
    every = run_qa()
    results = [r for r in every if r.batch not in NEW_BATCHES]
    figures = qa_figures(results)
    assert figures["accuracy"] >= floors["accuracy"]
    assert figures["not_in_text_accuracy"] >= floors["refused"]
    held_out = qa_figures([r for r in results if r.half == "held-aside"])
    assert held_out["accuracy"] >= floors["held-aside"]
    fresh = qa_figures([r for r in results if r.half == "fresh"])
    assert fresh["accuracy"] >= floors["fresh"]
    assert figures["short_accuracy"] >= floors["short"]
    for batch in NEW_BATCHES:
        assert qa_figures([r for r in every if r.batch == batch])["accuracy"] >= floors[batch]


def test_headline_flags_stay_precise():
    result = evaluate_headlines()
    assert result["precision"] >= 0.95
    assert result["recall"] >= 0.85


STORY_ROUGE_2_FLOOR = 0.093  # measured 0.0955; 0.0909 before issue 17


def require_data(path: Path) -> None:
    require("story summary quality gate", path)


def test_story_rouge_2_beats_lead_3_with_full_citation_support():
    require_data(WIKINEWSSUM)
    result = evaluate_stories(load_clusters())
    assert result["system"]["rouge2_f"] > result["lead3"]["rouge2_f"]
    assert result["system"]["rouge2_f"] >= STORY_ROUGE_2_FLOOR, result["system"]
    assert result["citation_support"] == 1.0
