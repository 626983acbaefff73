"""Questions answered from the article, or "the article does not say"."""

from __future__ import annotations

from broadsheet.ai import answer_question
from broadsheet.ai.answers import question_type


def test_answer_found_with_citation(airbus):
    answer = answer_question(
        "How many confirmed orders has the A380 received?", airbus["title"], airbus["text"]
    )
    assert answer.found
    assert "149" in answer.answer
    (citation,) = answer.citations
    assert citation.text == answer.answer
    assert citation.sentence == 4


def test_who_question_is_answered_by_a_sentence_naming_a_person(airbus):
    answer = answer_question(
        "Who is the chief executive of Airbus?", airbus["title"], airbus["text"]
    )
    assert answer.found and "Noel Forgeard" in answer.answer


def test_unanswerable_question_returns_found_false(airbus):
    answer = answer_question("How much does one A380 cost?", airbus["title"], airbus["text"])
    assert not answer.found
    assert answer.answer is None
    assert answer.citations == ()


def test_question_about_something_the_article_never_mentions_is_not_found(airbus):
    answer = answer_question("Who won the football match?", airbus["title"], airbus["text"])
    assert not answer.found


def test_question_type_reads_the_question_opening():
    assert question_type("Who leaked the recording?") == "who"
    assert question_type("When did the plane land?") == "when"
    assert question_type("How many people died?") == "number"
    assert question_type("Where was he born?") == "where"
    assert question_type("Why did it crash?") == "why"
    assert question_type("What car caught fire?") == "other"
