"""Junk, empty and foreign input never crashes (speed is bench/'s business, not a test's)."""

import random
import string

from broadsheet.enrichment import classify_topics, extract_entities, key_facts


def _junk(size: int) -> str:
    rng = random.Random(7)
    alphabet = string.printable + "ÀÉÎÕÜßØœ—“”’…€£¥\u200b\u00a0" + "Aa. ,(JNIM)Mr Dr U.S. $%"
    return "".join(rng.choice(alphabet) for _ in range(size))


def test_ten_kilobytes_of_junk_or_empty_input_does_not_crash():
    junk = _junk(10_000)
    for title, text in [(junk[:200], junk), ("", ""), ("", "   \n\n  "), (junk, ""), ("A", "B")]:
        entities = extract_entities(title, text)
        assert isinstance(entities, list)
        classify_topics(title, text, entities=entities)
        key_facts(text)
    caps = ("Xy " * 4000) + "Of The And " * 500
    assert isinstance(extract_entities(caps, caps), list)


def test_articles_in_languages_without_rules_get_no_entities():
    text = "Angela Merkel a rencontré Emmanuel Macron à Paris."
    assert extract_entities("Sommet", text, language="de") == []
    assert extract_entities("Summit", text, language="en-GB")
    assert extract_entities("Sommet", text, language="fr-FR")  # French has its word lists
