"""Topics are shown in the interface language: the taxonomy's names and countries."""

from __future__ import annotations

import json

from django.utils import translation

from broadsheet.enrichment.lexicon import DATA
from broadsheet.stories.models import Topic
from broadsheet.stories.topic_names import TAXONOMY_NAMES, topic_display_name


def test_every_taxonomy_topic_has_a_translatable_name_equal_to_its_english_one():
    taxonomy = json.loads((DATA / "topics.json").read_text(encoding="utf-8"))
    assert set(TAXONOMY_NAMES) == set(taxonomy)
    with translation.override("en"):
        for slug, topic in taxonomy.items():
            assert topic_display_name(slug, "stored") == topic["name"]


def test_taxonomy_topics_and_countries_speak_the_page_language():
    with translation.override("fr"):
        assert Topic(slug="business", name="Business").display_name == "Entreprises"
        assert str(Topic(slug="place-us", name="United States")) == "États-Unis"
    with translation.override("es"):
        assert Topic(slug="disasters", name="Disasters and accidents").display_name == (
            "Catástrofes y accidentes"
        )
        assert Topic(slug="place-de", name="Germany").display_name == "Alemania"


def test_an_unknown_topic_keeps_its_stored_name():
    with translation.override("fr"):
        assert Topic(slug="place-qq", name="Atlantis").display_name == "Atlantis"
        assert Topic(slug="custom", name="Harbours").display_name == "Harbours"
