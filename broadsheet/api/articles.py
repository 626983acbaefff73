"""/api/v1/articles: the article list (filtered, cursor-paged), one article, its AI panel."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from broadsheet.api.errors import CLIENT_ERRORS, ErrorOut
from broadsheet.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, Order, paginate
from broadsheet.api.params import Moment, instant
from broadsheet.api.schemas import (
    ArticleDetailOut,
    ArticlePage,
    article_out,
    entity_out,
    topic_out,
)
from broadsheet.articles.models import Article
from broadsheet.articles.queries import article_entities, article_topics

router = Router(tags=["articles"])
ORDER = Order(scope="articles", field="published_at")
LIST_FIELDS = (
    "public_id", "title", "url", "author", "language", "summary", "image_url", "status",
    "published_at", "updated_at", "source__slug", "source__name", "story__public_id",
    "copy_of__public_id", "source_id", "story_id", "copy_of_id",
)  # fmt: skip


class ArticleFilters(Schema):
    """What an article list can be narrowed to."""

    source: str | None = None
    topic: str | None = None
    entity: str | None = None
    language: str | None = None
    since: Moment | None = None
    until: Moment | None = None
    originals: bool = False


def list_rows(queryset: QuerySet[Article]) -> QuerySet[Article]:
    """Articles with what a list shows loaded in the same query, and nothing more."""
    return queryset.select_related("source", "story", "copy_of").only(*LIST_FIELDS)


def filtered(filters: ArticleFilters) -> QuerySet[Article]:
    """Articles matching the filters (slugs that match nothing give an empty list)."""
    rows = Article.objects.all()
    if filters.source:
        rows = rows.filter(source__slug=filters.source)
    if filters.topic:
        rows = rows.filter(topic_links__topic__slug=filters.topic)
    if filters.entity:
        rows = rows.filter(entity_links__entity__slug=filters.entity)
    if filters.language:
        rows = rows.filter(language=filters.language)
    if since := instant(filters.since, name="since"):
        rows = rows.filter(published_at__gte=since)
    if until := instant(filters.until, name="until"):
        rows = rows.filter(published_at__lt=until)
    if filters.originals:
        rows = rows.filter(copy_of__isnull=True)
    return rows


@router.get("", response={200: ArticlePage, CLIENT_ERRORS: ErrorOut})
def list_articles(
    request: HttpRequest,
    filters: Query[ArticleFilters],
    cursor: str | None = None,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
) -> dict:
    """Articles newest first; pass `next_cursor` back as `cursor` for the next page."""
    rows, next_cursor = paginate(list_rows(filtered(filters)), ORDER, cursor=cursor, limit=limit)
    return {"items": [article_out(a) for a in rows], "next_cursor": next_cursor}


@router.get("/{public_id}", response={200: ArticleDetailOut, CLIENT_ERRORS: ErrorOut})
def get_article(request: HttpRequest, public_id: str) -> dict:
    """One article with its clean body, topics and entities."""
    article = get_object_or_404(
        Article.objects.select_related("source", "story", "copy_of"), public_id=public_id
    )
    topics = article_topics(article)
    entities = article_entities(article)
    return {
        **article_out(article),
        "body": article.body,
        "paragraphs": article.paragraphs,
        "word_count": article.word_count,
        "reading_minutes": article.reading_minutes,
        "topics": [topic_out(t) for t in topics],
        "entities": [entity_out(e) for e in entities],
        "headline_check": {
            "checked": article.enriched_at is not None,
            "ok": not article.headline_flags if article.enriched_at is not None else None,
            "differences": [str(f) for f in article.headline_flags or []],
        },
    }
