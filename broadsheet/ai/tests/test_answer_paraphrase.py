"""Questions in other words than the article's: verb groups, phrasal verbs, past forms, and an
act written as a noun done to the person asked of."""

from __future__ import annotations

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
