"""Questions in other words than the article's: verb groups, phrasal verbs, past forms, and an
act written as a noun done to the person asked of."""

from __future__ import annotations

import pytest

from broadsheet.ai import answer_question

DOWNING = (
    "On Saturday, representatives from Iran acknowledged their military had shot down the "
    "airliner near Tehran. The airliner was flying to Kyiv with 176 people on board. Ukraine "
    "demanded compensation for the families of the dead."
)
SEIZURE = (
    "Pelts sell for high prices in city markets. Customs officers seized 126 pelts at the port "
    "in March. Hunters sold 300 pelts to traders last year. Customs officers said trade in "
    "pelts was falling."
)
MARCH = (
    "Deputies arrested Kyle Smith for shooting two men during a march protesting the shooting "
    "of Jacob Blake. The march had been peaceful until midnight."
)


def test_owning_up_is_acknowledging_and_shot_is_a_form_of_shoot():
    answer = answer_question("When did Iran own up to shooting down the jet?", "Jet", DOWNING)
    assert answer.found and answer.citations[0].sentence == 0 and answer.short == "Saturday"


def test_confiscating_is_seizing():
    answer = answer_question("How many pelts did customs confiscate?", "Port", SEIZURE)
    assert answer.found and answer.citations[0].sentence == 1 and "126" in (answer.short or "")


def test_the_act_written_as_a_noun_on_the_asked_person_names_no_doer():
    # "the shooting of Jacob Blake": Kyle Smith's shooting is of two other men.
    assert not answer_question("Who shot Jacob Blake?", "Kenosha", MARCH).found
    named = MARCH + " Blake was shot seven times by an officer, Rusten Sheskey."
    answer = answer_question("Who shot Jacob Blake?", "Kenosha", named)
    assert answer.found and answer.citations[0].sentence == 2


MARCHES = (
    "Millions of people marched against the war in cities around the world on Saturday. This "
    "included marches of 250,000 protesters in New York City and 100,000 in London, and 1.4 "
    "million in cities throughout Germany. Organisers said the marches were peaceful."
)


def test_a_place_the_question_names_is_its_place_even_when_the_article_never_names_it():
    # Counts need no entity list; the gazetteer still knows Paris is a place, not the article's.
    title = "Millions march against war"
    assert not answer_question("How many protesters marched in Paris?", title, MARCHES).found
    answer = answer_question("How many protesters marched in New York?", title, MARCHES)
    assert answer.found and answer.citations[0].sentence == 1
    assert answer.short == "250,000 protesters"


PHRASED = [
    # (question, text, the cited sentence, the short answer): each fact under a phrase whose
    # verb is another word than the question's.
    (
        "When was the suspect's wife arrested?",
        "The attack killed four on Thursday. A prosecutor said the suspect's wife was taken "
        "into custody on Friday. Police searched the flat.",
        1,
        "on Friday",
    ),
    (
        "Who succeeded John Roe?",
        "The board met on Monday. Jane Doe took over as chief executive from John Roe in "
        "March. Profits fell.",
        1,
        "Jane Doe",
    ),
    (
        "Who will replace Smith?",
        "Smith resigned on Monday. Jane Doe will fill the post left by Smith until June. "
        "Profits fell.",
        1,
        "Jane Doe",
    ),
    (
        "When did Smith retire?",
        "Smith played for the club for 12 years. He stopped playing in 2019 and now coaches "
        "the youth team.",
        1,
        "in 2019",
    ),
    (
        "How much did the FTSE 100 rise?",
        "The FTSE 100 was 2% below its peak on Tuesday. The FTSE 100 went up 1% on Monday.",
        1,
        "1%",
    ),
    (
        "Why was the final cancelled?",
        "The final was delayed on Saturday because of rain. Organisers called off the final on "
        "Sunday because of snow.",
        1,
        None,
    ),
    (
        "How much fuel leaked?",
        "A truck carrying 900 gallons of fuel hit a car on Monday. Around 40 gallons, "
        "officials said, spilled and ignited.",
        1,
        "Around 40 gallons",
    ),
    (
        "How many vehicles were sent?",
        "Firefighters dispatched around 30 vehicles on Friday. The blaze was out by noon.",
        0,
        "around 30 vehicles",
    ),
]


@pytest.mark.parametrize(("question", "text", "sentence", "short"), PHRASED)
def test_a_phrase_is_read_as_the_verb_it_stands_for(
    question: str, text: str, sentence: int, short: str | None
) -> None:
    answer = answer_question(question, "News", text)
    assert answer.found and answer.citations[0].sentence == sentence
    if short is not None:
        assert answer.short == short


def test_a_phrase_with_another_sense_is_left_alone():
    # "took over the city" is a seizure, not a succession; no fuel was spilled or leaked.
    text = "Rebels took over the city in May. The truck hit a barrier; two lanes closed."
    assert not answer_question("Who succeeded the mayor?", "News", text).found
    assert not answer_question("How much fuel leaked onto the road?", "News", text).found


GENERAL_GROUPS = [
    (
        "When did the club choose its coach?",
        "The club fired its coach in June. The club selected its coach in July.",
        "in July",
    ),
    (
        "When did the minister reject the charges?",
        "The minister faced the charges on Monday. The minister denied the charges on Friday.",
        "on Friday",
    ),
]


@pytest.mark.parametrize(("question", "text", "short"), GENERAL_GROUPS)
def test_words_of_one_general_group_meet(question: str, text: str, short: str) -> None:
    # Both sentences share every other word: only the group tells the asked act.
    answer = answer_question(question, "News", text)
    assert answer.found and answer.citations[0].sentence == 1 and answer.short == short
