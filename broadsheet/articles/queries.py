"""How an article's topics and entities are listed: one order for the pages and the API.

Topics by the tagger's confidence, entities by how often the article names them; ties by name,
so the order is the same on every database and every request. (The links live in the stories
app; they are reached through the article's own relations, so articles imports nothing of it.)
"""

from __future__ import annotations

from typing import Any

from broadsheet.articles.models import Article


def article_topics(article: Article) -> list[Any]:
    """The article's topics, most confident first."""
    links = article.topic_links.select_related("topic")
    return [link.topic for link in links.order_by("-score", "topic__name", "topic_id")]


def article_entities(article: Article) -> list[Any]:
    """The article's named entities, most mentioned first."""
    links = article.entity_links.select_related("entity")
    return [link.entity for link in links.order_by("-mentions", "entity__name", "entity_id")]
