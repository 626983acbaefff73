"""An article's topics and entities are listed in one order, on its page and in the API."""

from __future__ import annotations

import re

import pytest

from broadsheet.articles.services import upsert_article
from broadsheet.stories.models import ArticleEntity, ArticleTopic, Entity, Topic

# Stored in the order that the rule must not follow: least confident / least named first.
TOPICS = [("aardvarks", 0.2), ("zebras", 0.9), ("moles", 0.5)]
ENTITIES = [("Ana Alves", 1), ("Zed Port Authority", 7), ("Mid Harbour", 7)]


@pytest.fixture
def tagged(source, make_draft):
    article = upsert_article(make_draft(), source=source, feed=None)
    for slug, score in TOPICS:
        topic = Topic.objects.create(slug=slug, name=slug.title())
        ArticleTopic.objects.create(article=article, topic=topic, score=score)
    for name, mentions in ENTITIES:
        entity = Entity.objects.create(slug=name.lower().replace(" ", "-"), kind="place", name=name)
        ArticleEntity.objects.create(article=article, entity=entity, mentions=mentions)
    return article


@pytest.mark.django_db
def test_page_and_api_agree_on_the_order(client, tagged) -> None:
    data = client.get(f"/api/v1/articles/{tagged.public_id}").json()
    api_topics = [t["name"] for t in data["topics"]]
    api_entities = [e["name"] for e in data["entities"]]
    assert api_topics == ["Zebras", "Moles", "Aardvarks"]
    assert api_entities == ["Mid Harbour", "Zed Port Authority", "Ana Alves"]
    html = client.get(f"/en/article/{tagged.public_id}").content.decode()
    tags = re.findall(r'class="tag[^"]*" href="[^"]*">#?([^<]+)</a>', html)
    assert tags == api_topics + api_entities
