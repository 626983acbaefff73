"""Questions answered from the article, or "the article does not say"."""

from __future__ import annotations

from broadsheet.ai import answer_question
from broadsheet.ai.answer_types import Intent, question_intent
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


TRAIN = (
    "An all-women crew ran the express train from Mysore to Bangalore on Saturday. "
    "Asha Rao was the loco pilot of the train. "
    "Her co-pilot was 22-year-old Meena Das. "
    "The train left Mysore at 11:30 am and covered 139 km. "
    "Only 10% of the division's employees are women, about 650 people."
)


def test_answer_is_the_short_fact_with_its_sentence():
    answer = answer_question("When did the train leave?", "Women run a train", TRAIN)
    assert answer.found and answer.short == "11:30 am"
    assert answer.short in answer.answer and answer.citations[0].sentence == 3
    who = answer_question("Who was the co-pilot?", "Women run a train", TRAIN)
    assert who.found and who.short == "Meena Das"


def test_age_of_someone_else_is_not_an_answer():
    # The text gives the co-pilot's age, never the pilot's.
    answer = answer_question("How old is the loco pilot?", "Women run a train", TRAIN)
    assert not answer.found


def test_a_count_of_something_else_is_not_an_answer():
    answer = answer_question("How many passengers were on board?", "Women run a train", TRAIN)
    assert not answer.found
    staff = answer_question(
        "How many people in the division are women?", "Women run a train", TRAIN
    )
    assert staff.found and staff.short == "about 650 people"


def test_which_noun_sets_the_answer_type():
    assert question_intent("Which court heard the case?").kind == "org"
    assert question_intent("In which city was it held?").kind == "place"
    assert question_intent("What year did it open?").kind == "date"
    assert question_intent("How many firefighters came?") == Intent("number", unit="firefight")
    assert question_intent("Who is Peter Smith?").kind == "describe"


def test_bad_questions_are_refused(airbus):
    for question in ("", "   ", "x" * 10_000, "<b>" * 200, "¿Cuántos pedidos tiene el A380?"):
        answer = answer_question(question, airbus["title"], airbus["text"])
        assert not answer.found
    assert not answer_question("Who said it?", "Empty", "").found


def test_a_story_question_about_one_aircraft_is_not_answered_from_another():
    from broadsheet.ai import StoryArticle, answer_story_question

    articles = [
        StoryArticle(
            "a1", "Air Daily", "Airbus A380 flies",
            "The Airbus A380 first flew on 27 April 2005 from Toulouse. "
            "The A380 carried a crew of six on the first flight.",
        ),
        StoryArticle(
            "a2", "Jet News", "Boeing rolls out the 787",
            "Boeing rolled out the 787 Dreamliner in July 2007. "
            "The 787 is built largely from composite materials.",
        ),
    ]  # fmt: skip
    answer = answer_story_question("When did the 787 first fly?", articles)
    assert not answer.found or answer.citations[0].article == "a2"
    a380 = answer_story_question("When did the A380 first fly?", articles)
    assert a380.found and a380.short == "27 April 2005" and a380.citations[0].label == "Air Daily"
