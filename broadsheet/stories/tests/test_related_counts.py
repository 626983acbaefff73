"""Related articles are counted by the database and in bulk; the ranks must be those of the
definition in related_articles' docstring, worked out here link by link."""

from __future__ import annotations

import random

import pytest

from broadsheet.articles.services import upsert_article
from broadsheet.stories import queries
from broadsheet.stories.models import ArticleEntity, ArticleTopic, Entity, Topic


def _by_definition(article, window: int) -> dict[tuple[int, int, int], list[int]]:
    """Eligible articles by (strong, weak, topics) shared, straight from the docstring."""
    low, high = article.pk - window, article.pk + window
    named: dict[int, dict[int, int]] = {}
    for link in ArticleEntity.objects.filter(article__pk__range=(low, high)):
        named.setdefault(link.article_id, {})[link.entity_id] = link.mentions
    tagged: dict[int, set[int]] = {}
    for link in ArticleTopic.objects.filter(article__pk__range=(low, high)):
        tagged.setdefault(link.article_id, set()).add(link.topic_id)
    own, own_topics = named.get(article.pk, {}), tagged.get(article.pk, set())
    shares = {
        pk: (named.get(pk, {}).keys() & own.keys(), tagged.get(pk, set()) & own_topics)
        for pk in (named.keys() | tagged.keys()) - {article.pk}
    }
    nearby = sum(1 for entities, topics in shares.values() if entities or topics)
    broad_above = max(queries.BROAD_MIN, queries.BROAD_SHARE * nearby)
    broad = {e for e in own if sum(e in s[0] for s in shares.values()) > broad_above}
    ranks: dict[tuple[int, int, int], list[int]] = {}
    for pk, (entities, topics) in shares.items():
        strong = sum(e not in broad and min(own[e], named[pk][e]) > 1 for e in entities)
        key = (strong, len(entities) - strong, len(topics))
        if strong or (key[1] and key[2]) or key[2] >= 2:
            ranks.setdefault(key, []).append(pk)
    return {key: sorted(ids) for key, ids in ranks.items()}


@pytest.mark.parametrize("window", [6, 40])
def test_ranks_match_the_definition_link_by_link(feed, make_draft, monkeypatch, window):
    """Forty articles: a broad entity on most (named once or more), narrow ones on a few,
    a broad topic and two narrow ones; every article's ranks as the definition has them."""
    monkeypatch.setattr(queries, "RELATED_WINDOW", window)
    draw = random.Random(21)
    entities = [Entity.objects.create(slug=f"e{n}", kind="place", name=f"E{n}") for n in range(6)]
    topics = [Topic.objects.create(slug=f"t{n}", name=f"T{n}") for n in range(3)]
    stored = []
    for n in range(40):
        draft = make_draft(url=f"https://harbour.example/r/{n}", title=f"Report {n}")
        stored.append(upsert_article(draft, source=feed.source, feed=feed))
        for rank, entity in enumerate(entities):
            if draw.random() < (0.7 if rank == 0 else 0.25):
                ArticleEntity.objects.create(
                    article=stored[-1], entity=entity, mentions=draw.choice([1, 2, 3])
                )
        for rank, topic in enumerate(topics):
            if draw.random() < (0.6 if rank == 0 else 0.2):
                ArticleTopic.objects.create(article=stored[-1], topic=topic)
    differences, eligible = [], 0
    for article in stored:
        entity_ids = list(article.entity_links.values_list("entity_id", flat=True))
        topic_ids = list(article.topic_links.values_list("topic_id", flat=True))
        if not entity_ids and not topic_ids:
            continue
        found = queries._by_rank(article, entity_ids, topic_ids)
        expected = _by_definition(article, window)
        eligible += sum(map(len, expected.values()))
        if {key: sorted(ids) for key, ids in found.items()} != expected:
            differences.append(article.pk)
    assert eligible > 40  # the fixture exercises the ranks, not empty windows
    assert differences == []
