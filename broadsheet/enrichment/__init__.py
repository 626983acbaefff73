"""Offline enrichment of articles: entities (people, organisations, places), topics, key facts.

A pure package: no Django, no network, no model downloads. README.md here
describes the method, the topic taxonomy and the measured quality.
"""

from broadsheet.enrichment.entities import Entity, extract_entities
from broadsheet.enrichment.facts import Fact, Facts, key_facts, split_sentences
from broadsheet.enrichment.topics import Topic, classify_topics, geographic_tags, taxonomy

__all__ = [
    "Entity",
    "Fact",
    "Facts",
    "Topic",
    "classify_topics",
    "extract_entities",
    "geographic_tags",
    "key_facts",
    "split_sentences",
    "taxonomy",
]
