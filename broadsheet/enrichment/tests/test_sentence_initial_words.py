"""Capitalised words that only start a sentence are not entities."""

from broadsheet.enrichment import extract_entities


def test_sentence_initial_common_words_are_not_entities():
    text = (
        "However, the vote was delayed. The committee met again. Officials said little. "
        'Yesterday, turnout was low. "Nobody came," one voter said. Dozens left early.'
    )
    assert extract_entities("The vote was delayed", text) == []


def test_a_name_starting_a_sentence_is_still_a_name():
    text = "Siemens cut jobs. Analysts said Siemens would recover."
    assert [(e.name, e.mentions) for e in extract_entities("", text)] == [("Siemens", 2)]


def test_a_title_case_headline_adds_only_names_the_body_confirms():
    title = "Apple Unveils New Phone At Developers Conference In Cupertino"
    text = "Apple showed the phone on Monday. Apple chief Tim Cook spoke in Cupertino, California."
    names = {e.name: e.mentions for e in extract_entities(title, text)}
    assert names == {"Apple": 3, "Tim Cook": 1, "Cupertino": 2, "California": 1}
