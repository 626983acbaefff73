"""The reader's word bridged to the text's word through WordNet (broadsheet/ai/lexicon.py)."""

from broadsheet.ai import answer_question
from broadsheet.ai.answer_terms import term
from broadsheet.ai.lexicon import bridges, relatives


def test_wordnet_relates_synonyms_and_phrasal_verbs_not_antonyms():
    assert "purchase" in relatives("buy")
    assert "franchise" in relatives("licence")
    assert {"eliminate", "remove"} <= relatives("get_rid_of")
    assert "sell" not in relatives("buy")
    assert not relatives("get")  # too many senses: it would relate to everything


def test_a_name_is_never_bridged():
    absent = {term("hang"), term("seng")}
    assert bridges(["How", "much", "did", "the", "Hang", "Seng", "fall"], absent, term) == {}


def test_an_absent_reader_word_is_met_by_a_related_text_word():
    text = (
        "General Motors has announced a restructuring plan. "
        "The plan says GM is seeking to cut 31,500 jobs by 2012. "
        "The company has also asked for more federal aid from the government."
    )
    answer = answer_question("How many workers will GM try to get rid of?", "GM plan", text)
    assert answer.found
    assert "31,500" in (answer.answer or "")
