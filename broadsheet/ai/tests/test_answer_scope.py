"""A typed fact said of something else than the question asks is passed over (``answer_scope``)."""

from __future__ import annotations

from broadsheet.ai import answer_question
from broadsheet.ai.answer_fit import tense_fits
from broadsheet.ai.answer_scope import denies_act, question_act
from broadsheet.ai.answer_types import Span, question_intent
from broadsheet.ai.results import Answer
from broadsheet.enrichment import Entity


def ask(question: str, *sentences: str, title: str = "News", **kw: list[Entity]) -> Answer:
    """The answer from an article of these sentences."""
    return answer_question(question, title, " ".join(sentences), **kw)  # type: ignore[arg-type]


RACE = (
    "The senator ended her campaign for the party's nomination on Monday. "
    "She had won about 250 delegates fewer than the governor, her aides said. "
    "In a speech she praised the governor but did not offer a formal endorsement. "
    "Her husband, the 61-year-old son of a miner, joined her on the stage."
)


def test_a_count_written_as_a_difference_is_no_total():
    answer = answer_question("How many delegates did the senator win?", "Senator quits", RACE)
    assert not answer.found
    gap = answer_question("How many more delegates did the governor win?", "Senator quits", RACE)
    assert gap.found and gap.short == "about 250 delegates"


def test_an_age_written_before_a_relative_is_the_relative_s():
    text = [
        "President Dan Moore and his wife Ella tested positive for the virus on Friday.",
        "Officials said the Moore family's 14-year-old son Ben tested negative.",
    ]
    assert not ask("How old is Moore?", *text, title="President tests positive").found
    son = ask("How old is Moore's son?", *text, title="President tests positive")
    assert son.found and son.short == "14-year-old"


def test_neither_the_country_of_a_role_nor_a_day_is_where_it_happened():
    text = [
        "Tomas Varga, a former vice-president of Slovakia, died on Sunday.",
        "He was 80 years old.",
        "The current president of Slovakia, Zuzana Horvath, expressed her sadness at his death.",
    ]
    title = "Tomas Varga, former vice-president, dies aged 80"
    assert not ask("Where did Tomas Varga die?", *text, title=title).found
    held = "The president of Slovakia spoke at a rally in Bratislava on Sunday."
    assert answer_question("Where did the president of Slovakia speak?", "Rally", held).short == (
        "Bratislava"
    )


def test_the_question_s_act_is_its_verb():
    assert question_act("Who did Sanders endorse?") == "endorse"
    assert question_act("What did Hana Kimura die of?") == "die"
    assert question_act("When did the fire start?") == "start"
    assert question_act("How many people were killed?") == "killed"
    assert question_act("Who is the Attorney General?") is None


def test_a_sentence_denying_the_asked_act_answers_nothing():
    assert denies_act("Who did the senator endorse?", RACE.split(". ")[2])
    assert not answer_question("Who did the senator endorse?", "Senator quits", RACE).found
    assert denies_act("What did she die of?", "No cause of death was announced.")
    assert not denies_act("When did the jet first fly?", "It was not until 2005 that it flew.")
    assert not denies_act("Who did not vote?", "Two members did not vote.")


def test_a_count_beside_arrests_does_not_count_protesters():
    text = [
        "Protesters clashed with police outside parliament for a third night.",
        "Police said at least 40 people were arrested on Friday night.",
    ]
    assert not ask("How many people protested?", *text, title="Protests").found
    assert ask("How many people were arrested?", *text, title="Protests").found


def test_who_else_asks_the_verb_after_else_and_not_the_headline_s_names():
    mayor = "The mayor said on Friday that she had tested positive for the virus."
    deputy = "Her deputy, Ann Lowe, had tested positive on Thursday."
    assert ask("Who else tested positive?", mayor, deputy).short == "Ann Lowe"
    crash = ["Singer Ray Dunn died on Friday in a car crash in Ohio.", "Dunn was driving alone."]
    title = "Singer Ray Dunn dies in car crash"
    assert ask("Who died in the crash?", *crash, title=title).short == "Ray Dunn"
    assert not ask("Who else died in the crash?", *crash, title=title).found


def test_how_many_more_counts_the_noun_after_more_and_only_an_increment():
    intent = question_intent("How many more people were killed?")
    assert (intent.kind, intent.unit) == ("number", "people")
    asked = "How many more people were arrested?"
    total = "Police said 50 people were arrested on Friday."
    assert not answer_question(asked, "Protests", total).found
    both = total + " At least eight more people were arrested on Saturday."
    assert answer_question(asked, "Protests", both).short == "eight more people"


def test_should_be_completed_looks_forward():
    sentence = "The new bridge should be completed by March 2027, officials said."
    span = Span("March 2027", sentence.index("March"), sentence.index("March") + 10)
    assert tense_fits("When will the bridge be completed?", sentence, span)


def test_who_did_x_verb_needs_the_verb():
    text = [
        "The senator ended her campaign on Monday after trailing Governor Tom Hale.",
        "She thanked her supporters and Mayor Eva Ruiz in a short speech.",
    ]
    assert not ask("Who did the senator endorse?", *text, title="Senator quits").found
    endorsed = [*text, "On Tuesday she endorsed Governor Tom Hale."]
    assert ask("Who did the senator endorse?", *endorsed, title="Senator quits").found


def test_a_place_whose_name_goes_on_into_a_body_is_no_place():
    said = (
        "The United States Commission on Presidential Debates said the second debate, "
        "scheduled for October 15 in Miami, would be held online."
    )
    assert ask("Where was the second debate to be held?", said).short == "Miami"
    alone = (
        "The United States Debate Commission held the first debate last week and will hold "
        "the second debate on October 15."
    )
    us = Entity("place", "United States", "place-us", ("US",), "US", 2)
    assert not ask("Where will the second debate be held?", alone, entities=[us]).found


def test_a_part_of_the_question_s_hyphenated_name_is_no_answer():
    text = [
        "Reporter Omar al-Hadi, who wrote for Reuters, was shot on Tuesday.",
        "His editor praised the quality of al-Hadi's work.",
    ]
    answer = ask("Which news agency did al-Hadi work for?", *text, title="Reporter shot")
    assert answer.short == "Reuters"
