"""Our ROUGE matches hand-computed values."""

from __future__ import annotations

import pytest

from broadsheet.ai.rouge import rouge_l, rouge_n


def test_rouge_1_2_and_l_match_hand_computed_values():
    candidate, reference = "The cat sat on the mat.", "the cat lay on the mat"
    assert rouge_n(candidate, reference, 1).f1 == pytest.approx(5 / 6)
    assert rouge_n(candidate, reference, 2).recall == pytest.approx(3 / 5)
    assert rouge_l(candidate, reference).precision == pytest.approx(5 / 6)


def test_rouge_of_an_empty_candidate_is_zero():
    assert rouge_n("", "a reference", 2).f1 == 0.0
    assert rouge_l("", "a reference").f1 == 0.0
