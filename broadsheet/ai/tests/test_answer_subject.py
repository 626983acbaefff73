"""A fact of the asked type said of another subject, or in another role, does not answer."""

from __future__ import annotations

from broadsheet.ai import answer_question
from broadsheet.ai.answer_checks import by_name, role_owner_missing
from broadsheet.ai.answer_fit import (
    another_instance,
    held_by_other,
    holder,
    is_place,
    other_subject,
    owned_by_other,
    without_deputies,
)
from broadsheet.ai.answer_intent import Intent, question_intent
from broadsheet.ai.answer_types import Span, answer_spans
from broadsheet.enrichment import Entity

IRAN = [Entity(kind="place", name="Iran", slug="iran", aliases=(), country=None, mentions=1)]


def test_a_place_name_is_found_as_a_word_not_inside_another():
    sentence = "State-owned Iranian news agency Fars said Iran issued arrest warrants."
    spans = answer_spans(Intent("place"), sentence, IRAN)
    assert [(s.text, sentence[s.start : s.end + 7]) for s in spans] == [("Iran", "Iran issued")]


def test_a_place_name_that_owns_or_acts_is_no_place():
    where = "Where was the general killed?"
    acts = "Reports said Iran issued arrest warrants for 36 people."
    at = acts.index("Iran")
    assert not is_place(where, acts, Span("Iran", at, at + 4, weak=True), IRAN)
    owns = "The move follows Iran's seizure of the tanker."
    at = owns.index("Iran")
    assert not is_place(where, owns, Span("Iran", at, at + 4, weak=True), IRAN)
    # Written "in Iran" it is where; an entity-only mention that neither owns nor acts too.
    placed = "He was killed in Iran last week."
    at = placed.index("Iran")
    assert is_place(where, placed, Span("Iran", at, at + 4), IRAN)
    listed = "Protests spread across Iran and Iraq last week."
    at = listed.index("Iran")
    assert is_place(where, listed, Span("Iran", at, at + 4, weak=True), IRAN)


def test_the_name_asked_of_a_compound_noun_asks_for_a_person():
    assert question_intent("What is the bus driver's name?").kind == "person"
    text = "The bus overturned; the bus driver told reporters he lost control."
    assert not answer_question("What is the bus driver's name?", "Bus crash", text).found
    named = "The bus driver, Juan Perez, told reporters he lost control."
    answer = answer_question("What is the bus driver's name?", "Bus crash", named)
    assert answer.found and answer.short == "Juan Perez"


def test_who_serves_a_role_does_not_hold_it():
    served = "Abdurrahman Mangal, spokesperson for the provincial governor, said twelve died."
    assert "governor" not in without_deputies(served)
    assert "spokesperson" in without_deputies(served)
    assert "president" not in without_deputies("Ann Lee, an aide to the president, said")
    assert "Governor of California" in without_deputies("Governor of California Gavin Newsom")
    text = f"A car bomb hit the base on Monday. {served}"
    assert not answer_question("Who is the provincial governor?", "Bomb", text).found
    asked = answer_question("Who is the spokesperson for the governor?", "Bomb", text)
    assert asked.found and asked.short == "Abdurrahman Mangal"


def test_by_after_a_year_names_no_maker():
    assert not by_name(Intent("agent"), "Imus was dropped in 2007 by MSNBC and CBS Radio.")
    assert by_name(Intent("agent"), "It was a documentary by Tomasz Sekielski.")


def test_a_figure_with_a_thousands_comma_stays_in_its_relative_clause():
    sentence = "Both offer the deal to 62,000 members at GM, which is seeking to cut 31,500 jobs."
    at = sentence.index("31,500")
    span = Span("31,500 jobs", at, at + 11)
    assert holder(sentence, span) == "GM"
    intent = Intent("number", unit="job")
    assert held_by_other([("chrysler",)], intent, sentence, span)
    assert not held_by_other([("gm",)], intent, sentence, span)


def test_a_role_written_with_another_owner_is_someone_elses():
    question = "Who is the director of Fishmongers' Hall?"
    sentence = (
        "According to Amy Cook, director of the Learning Together event, the tusk came from "
        "the wall in Fishmongers' Hall."
    )
    assert role_owner_missing(question, "London Bridge attack", sentence)
    assert not role_owner_missing("Who is the director of Learning Together?", "", sentence)


def test_a_sentence_about_other_names_does_not_answer_for_the_asked_one():
    sentence = "GM and Chrysler both ran out of operating funds in December."
    question = "When did Ford run out of operating funds?"
    assert other_subject(question, question_intent(question), sentence)
    asked = "When did GM run out of operating funds?"
    assert not other_subject(asked, question_intent(asked), sentence)
    text = f"Carmakers asked for federal aid. {sentence} Ford made a loss."
    assert not answer_question(question, "Carmakers", text).found
    found = answer_question(asked, "Carmakers", text)
    assert found.found and found.short == "in December"
    # A sentence opening with its source, with a pronoun, or with a plain word is not judged.
    for kept in (
        "Associated Press reported his cause of death in December.",
        "Sentencing is scheduled for February 4.",
        "Officials said they ran out of funds in December.",
    ):
        assert not other_subject(question, question_intent(question), kept)


def test_the_same_thing_owned_by_another_name_does_not_answer():
    question = "How much cash does Chrysler's package include?"
    gm = "Reports say that GM's package includes a $20,000 cash payment."
    assert owned_by_other(question, question_intent(question), gm)
    both = "GM's package includes a $20,000 cash payment, unlike Chrysler's."
    assert not owned_by_other(question, question_intent(question), both)
    chrysler = "Chrysler's package includes $50,000 in cash."
    text = f"Carmakers offer buyouts. {gm} {chrysler}"
    answer = answer_question(question, "Buyouts", text)
    assert answer.found and answer.short == "$50,000"
    assert not answer_question(question, "Buyouts", f"Carmakers offer buyouts. {gm}").found


def test_a_question_about_another_instance_needs_the_sentence_to_name_it():
    assert not another_instance(
        "When did the previous bus crash happen?", "Thursday's accident was the fourth bus crash."
    )
    assert another_instance("When did the bus crash happen?", "The bus crashed on Thursday.")
    text = (
        "Police arrested two men. On Saturday they arrested a 66-year-old man on suspicion of "
        "burglary. The second man, a 36-year-old, was arrested on Sunday."
    )
    answer = answer_question("How old is the second man arrested?", "Arrests", text)
    assert answer.found and "36" in answer.short
    first = "Police arrested two men. On Saturday they arrested a 66-year-old man."
    assert not answer_question("How old is the second man arrested?", "Arrests", first).found
