"""A country's names read as one word: "the US" asked of "the United States"."""

from __future__ import annotations

import pytest

from broadsheet.ai import answer_question
from broadsheet.ai.name_aliases import fold_aliases

PHONE = (
    "The phone went on sale in May and sold well. The phone has a color display and stereo "
    "speakers. In the United States, the phone is sold only by Cingular Wireless. Reviewers "
    "praised the phone."
)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("the US, the U.S. and the United States", "the America, the America and the America"),
        ("the UK and the United Kingdom", "the Britain and the Britain"),
        ("Bank of America and Latin America", "Bank of America and Latin America"),
        ("they told us", "they told us"),
    ],
)
def test_a_countrys_names_are_one_word_and_names_inside_longer_names_stay(text, folded):
    assert fold_aliases(text) == folded


@pytest.mark.parametrize(
    "question", ["Which carrier sells the phone in the US?", "Who sells it in the U.S.?"]
)
def test_a_question_about_the_us_reads_a_sentence_about_the_united_states(question):
    # Before, "US" was a word the article never uses (lemmatised to "we"): refused.
    answer = answer_question(question, "Phone", PHONE)
    assert answer.found and answer.citations[0].sentence == 2
    assert answer.short == "Cingular Wireless"
