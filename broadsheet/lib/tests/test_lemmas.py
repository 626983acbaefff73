"""Lemmas come from simplemma's compressed data: the same answers, no dictionary decoded
whole into memory (English ~20 MB, French ~23, Spanish ~97 in every process that asked)."""

from __future__ import annotations

import simplemma
from simplemma.strategies.dictionaries.dictionary_factory import DEFAULT_DICTIONARY_FACTORY

from broadsheet.enrichment.entities import extract_entities
from broadsheet.enrichment.facts import key_facts
from broadsheet.lib import lemmas

WORDS = ["houses", "went", "better", "children", "mice", "running", "was", "geese", "analyses"]


def _decoded_whole() -> int:
    return DEFAULT_DICTIONARY_FACTORY._get_dictionary.cache_info().currsize


def test_the_product_decodes_no_dictionary_whole():
    DEFAULT_DICTIONARY_FACTORY._get_dictionary.cache_clear()
    extract_entities("Le maire de Lyon", "Le maire de Lyon a visité les écoles de la ville.")
    extract_entities("El alcalde de Madrid", "El alcalde de Madrid visitó las escuelas.")
    key_facts("Rescuers found 40 houses destroyed and 12 bridges closed.")
    assert [lemmas.lemmatize(w, "en") for w in WORDS]
    assert lemmas.is_known("maison", "fr") and lemmas.is_known("escuela", "es")
    assert _decoded_whole() == 0


def test_the_same_lemmas_as_the_whole_dictionaries():
    for word in WORDS:
        assert lemmas.lemmatize(word, "en") == simplemma.lemmatize(word, lang="en")
    for word, lang in (("maisons", "fr"), ("escuelas", "es"), ("zzyzx", "en")):
        assert lemmas.is_known(word, lang) == simplemma.is_known(word, lang=lang)
        assert lemmas.lemmatize(word, lang) == simplemma.lemmatize(word, lang=lang)
