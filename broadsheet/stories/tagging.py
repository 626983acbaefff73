"""An article's topics and named entities: found by enrichment, stored as link rows."""

from __future__ import annotations

from broadsheet.articles.models import Article
from broadsheet.enrichment import classify_topics, extract_entities
from broadsheet.stories.models import ArticleEntity, ArticleTopic, Entity, Topic


def tag_article(article: Article) -> None:
    """Link the article to the entities it names and the topics it is about (replacing old tags)."""
    found_entities = extract_entities(
        article.title, article.body, language=article.language or "en"
    )
    found_topics = classify_topics(article.title, article.body, entities=found_entities)
    ArticleEntity.objects.filter(article=article).delete()
    ArticleTopic.objects.filter(article=article).delete()
    mentions: dict[str, int] = {}
    for found in found_entities:
        mentions[found.slug[:150]] = mentions.get(found.slug[:150], 0) + found.mentions
    entities = _ensure_rows(
        Entity,
        {
            e.slug[:150]: Entity(
                slug=e.slug[:150],
                kind=e.kind,
                name=e.name[:300],
                country=e.country or "",
                aliases=list(e.aliases),
            )  # fmt: skip
            for e in found_entities
        },
    )
    topics = _ensure_rows(
        Topic, {t.slug[:100]: Topic(slug=t.slug[:100], name=t.name) for t in found_topics}
    )
    scores = {t.slug[:100]: t.score for t in found_topics}
    ArticleEntity.objects.bulk_create(
        ArticleEntity(article=article, entity=entity, mentions=mentions[slug])
        for slug, entity in entities.items()
    )
    ArticleTopic.objects.bulk_create(
        ArticleTopic(article=article, topic=topic, score=scores[slug])
        for slug, topic in topics.items()
    )


def _ensure_rows(model, wanted: dict):  # type: ignore[no-untyped-def]
    """Rows of `model` for every slug in `wanted`, created in bulk where missing (2-3 queries)."""
    if not wanted:
        return {}
    existing = {row.slug: row for row in model.objects.filter(slug__in=list(wanted))}
    missing = [row for slug, row in wanted.items() if slug not in existing]
    if missing:
        model.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {row.slug: row for row in model.objects.filter(slug__in=list(wanted))}
    return existing
