"""Ask with the packaged sentence model beside the words, and by words alone without it."""

from __future__ import annotations

import pytest

from broadsheet.ai import answer_question, semantic_support
from broadsheet.ai.sentence_vectors import load_encoder
from broadsheet.lib.testing.gates import missing

NOBEL = "Swedish_academy_announces_2019_Nobel_Prize_winners_in_physics"
HUMBERTO = "Hurricane_Humberto_strengthens_to_Category_3_while_approaching_Bermuda"
HARRIS = "Biden_announces_Kamala_Harris_as_2020_running_mate_in_US_presidential_race"


@pytest.fixture
def model():
    if load_encoder() is None:
        missing("the packaged sentence model is not installed (make install)")


@pytest.fixture
def words_only(monkeypatch):
    monkeypatch.setattr(semantic_support, "load_encoder", lambda: None)


def ask(corpus, article: str, question: str):
    return answer_question(question, corpus[article]["title"], corpus[article]["text"])


def test_the_answer_names_the_sentence_model(model, corpus):
    answer = ask(corpus, HUMBERTO, "How strong were Humberto's winds?")
    assert answer.method == "offline-extractive + all-MiniLM-L6-v2"
    assert answer.found and "120 miles per hour" in answer.answer


def test_a_fact_of_the_right_type_about_something_else_is_refused(model, corpus):
    # The article's only prize is physics; Peebles "won his half of the prize" shares the words.
    answer = ask(corpus, NOBEL, "Who won the chemistry prize?")
    assert not answer.found
    assert answer.method == "offline-extractive + all-MiniLM-L6-v2"


def test_a_question_the_words_answer_is_answered_either_way(model, corpus, words_only):
    answer = ask(corpus, NOBEL, "Which university does Peebles teach at?")
    assert answer.method == "offline-extractive (lexical only: sentence model not installed)"
    assert not answer.found or "Princeton" in answer.answer  # the words alone may not reach it
    answer = ask(corpus, HUMBERTO, "How far north of Bermuda was Humberto?")
    assert answer.found and "75 miles" in answer.answer


def test_without_the_model_the_answer_says_it_used_words_only(corpus, words_only):
    answer = ask(corpus, NOBEL, "What did the astronauts eat?")
    assert not answer.found
    assert answer.method == "offline-extractive (lexical only: sentence model not installed)"
    assert semantic_support.lexical_floor(0.42) == 0.42


def test_a_typed_sentence_the_words_barely_reach_is_answered_when_the_model_agrees(
    model, corpus, monkeypatch
):
    question = "Which state does Harris represent in the Senate?"
    answer = ask(corpus, HARRIS, question)
    assert answer.found and "Senator from California" in answer.answer
    monkeypatch.setattr(semantic_support, "RESCUE_COS", 2.0)  # no cosine reaches it
    assert not ask(corpus, HARRIS, question).found
