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
from broadsheet.lib.testing.gates import require

# What bench/ai.py measured, less a little slack (see broadsheet/ai/README.md).
# Measured on batches 1-6 (439 questions, threshold 0.42) with the words alone (95f42e8):
# accuracy 79.7%, refused 88.4% of 155, held-aside accuracy 70.2%, fresh accuracy 72.9%,
# short answers 61.3%; with the sentence model the floors hold with more room (held-aside
# accuracy 74.2%). The floors stay those of the words alone: they pass without the model.
QA_ACCURACY_FLOOR = 0.78
NOT_IN_TEXT_FLOOR = 0.87
HELD_OUT_ACCURACY_FLOOR = 0.68
FRESH_ACCURACY_FLOOR = 0.70
SHORT_ANSWER_FLOOR = 0.59  # answerable questions whose short answer is the expected fact
# The fourth session's batches are gated on their own (the floors above are over batches 1-6):
# batch 7, 103 fresh questions never tuned on, and batch 8, 61 dev questions written after the
# sentence model's first measurement. Measured at 95f42e8: accuracy 55.3% and 50.8%; with the
# sentence model 57.3% and 54.1%.
BATCH_FLOORS = {7: 0.53, 8: 0.50}


def test_qa_accuracy_stays_above_floor():
    every = run_qa()
    results = [r for r in every if r.batch not in BATCH_FLOORS]
    figures = qa_figures(results)
    assert figures["accuracy"] >= QA_ACCURACY_FLOOR
    assert figures["not_in_text_accuracy"] >= NOT_IN_TEXT_FLOOR
    held_out = qa_figures([r for r in results if r.half == "held-aside"])
    assert held_out["accuracy"] >= HELD_OUT_ACCURACY_FLOOR
    fresh = qa_figures([r for r in results if r.half == "fresh"])
    assert fresh["accuracy"] >= FRESH_ACCURACY_FLOOR
    assert figures["short_accuracy"] >= SHORT_ANSWER_FLOOR
    for batch, floor in BATCH_FLOORS.items():
        assert qa_figures([r for r in every if r.batch == batch])["accuracy"] >= floor, batch


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
