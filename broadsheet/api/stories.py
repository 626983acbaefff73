"""/api/v1/stories, /topics and /entities: stories with coverage and timeline, tags, names."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from broadsheet.api.errors import CLIENT_ERRORS, ErrorOut
from broadsheet.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, Order, paginate
from broadsheet.api.params import Moment, instant
from broadsheet.api.schemas import (
    ArticleOut,
    EntityOut,
    EntityPage,
    SourceRef,
    StoryOut,
    StoryPage,
    TopicOut,
    TopicPage,
    article_out,
    entity_out,
    story_out,
    topic_out,
)
from broadsheet.articles.models import Article
from broadsheet.stories.front import story_chapters_after, story_chapters_before
from broadsheet.stories.models import Entity, Story, Topic
from broadsheet.stories.queries import story_coverage

router = Router(tags=["stories"])
tags_router = Router(tags=["topics and entities"])
STORY_ORDER = Order(scope="stories", field="last_seen_at")
TOPIC_ORDER = Order(scope="topics", field="name", descending=False)
ENTITY_ORDER = Order(scope="entities", field="name", descending=False)
DETAIL_STORIES = 20


class StoryFilters(Schema):
    """What a story list can be narrowed to (since/until apply to the last article's time)."""

    topic: str | None = None
    entity: str | None = None
    source: str | None = None
    language: str | None = None
    since: Moment | None = None
    until: Moment | None = None


class CoverageOut(Schema):
    article: ArticleOut
    copies: list[ArticleOut]


class TimelineOut(Schema):
    at: datetime
    article: str
    title: str
    source: SourceRef
    is_copy: bool


class StoryDetailOut(StoryOut):
    coverage: list[CoverageOut]
    timeline: list[TimelineOut]
    # The earlier story this one continues, and the later ones that continue it.
    earlier: StoryOut | None
    later: list[StoryOut]


class TopicDetailOut(TopicOut):
    stories: list[StoryOut]


class EntityDetailOut(EntityOut):
    stories: list[StoryOut]


def _stories(filters: StoryFilters) -> QuerySet[Story]:
    rows = Story.objects.live()
    narrowing: dict[str, str] = {}
    if filters.topic:
        narrowing["topic_links__topic__slug"] = filters.topic
    if filters.entity:
        narrowing["entity_links__entity__slug"] = filters.entity
    if filters.source:
        narrowing["source__slug"] = filters.source
    if filters.language:
        narrowing["language"] = filters.language
    if narrowing:
        rows = rows.filter(pk__in=Article.objects.filter(**narrowing).values("story_id"))
    if since := instant(filters.since, name="since"):
        rows = rows.filter(last_seen_at__gte=since)
    if until := instant(filters.until, name="until"):
        rows = rows.filter(last_seen_at__lt=until)
    return rows


@router.get("", response={200: StoryPage, CLIENT_ERRORS: ErrorOut})
def list_stories(
    request: HttpRequest,
    filters: Query[StoryFilters],
    cursor: str | None = None,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
) -> dict:
    """Stories, most recently updated first."""
    rows, next_cursor = paginate(_stories(filters), STORY_ORDER, cursor=cursor, limit=limit)
    return {"items": [story_out(s) for s in rows], "next_cursor": next_cursor}


def _coverage(story: Story) -> tuple[list[dict], list[dict]]:
    """Coverage (originals with folded copies) and the timeline, in a fixed number of queries."""
    coverage = story_coverage(story)
    members = [c.article for c in coverage] + [x for c in coverage for x in c.copies]
    by_pk = {m.pk: m for m in members}
    outside = {m.copy_of_id for m in members if m.copy_of_id and m.copy_of_id not in by_pk}
    by_pk.update(Article.objects.only("public_id").in_bulk(outside))
    for member in members:
        member.story = story
        if member.copy_of_id:
            member.copy_of = by_pk.get(member.copy_of_id)
    items = [
        {"article": article_out(c.article), "copies": [article_out(x) for x in c.copies]}
        for c in coverage
    ]
    timeline = [
        {
            "at": m.published_at,
            "article": m.public_id,
            "title": m.title,
            "source": {"slug": m.source.slug, "name": m.source.name},
            "is_copy": m.copy_of_id is not None,
        }
        for m in sorted(members, key=lambda m: (m.published_at, m.pk))
    ]
    return items, timeline


@router.get("/{public_id}", response={200: StoryDetailOut, CLIENT_ERRORS: ErrorOut})
def get_story(request: HttpRequest, public_id: str) -> dict:
    """One story: every source's coverage (copies folded) and the timeline of its articles.

    A story merged into another answers with the surviving story (its `id` differs).
    """
    story = get_object_or_404(Story, public_id=public_id).survivor()
    coverage, timeline = _coverage(story)
    earlier = story_chapters_before(story)
    return {
        **story_out(story),
        "coverage": coverage,
        "timeline": timeline,
        "earlier": story_out(earlier) if earlier is not None else None,
        "later": [story_out(s) for s in story_chapters_after(story)],
    }


@tags_router.get("/topics", response={200: TopicPage, CLIENT_ERRORS: ErrorOut})
def list_topics(
    request: HttpRequest,
    cursor: str | None = None,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
) -> dict:
    """Topics by name."""
    rows, next_cursor = paginate(Topic.objects.all(), TOPIC_ORDER, cursor=cursor, limit=limit)
    return {"items": [topic_out(t) for t in rows], "next_cursor": next_cursor}


def _latest_stories(**article_filter: object) -> list[dict]:
    stories = Story.objects.live().filter(
        pk__in=Article.objects.filter(**article_filter).values("story_id")
    )
    return [story_out(s) for s in stories.order_by("-last_seen_at", "-pk")[:DETAIL_STORIES]]


@tags_router.get("/topics/{slug}", response={200: TopicDetailOut, CLIENT_ERRORS: ErrorOut})
def get_topic(request: HttpRequest, slug: str) -> dict:
    """A topic and its latest stories (page on with /stories?topic=)."""
    topic = get_object_or_404(Topic, slug=slug)
    return {**topic_out(topic), "stories": _latest_stories(topic_links__topic=topic)}


@tags_router.get("/entities", response={200: EntityPage, CLIENT_ERRORS: ErrorOut})
def list_entities(
    request: HttpRequest,
    kind: str | None = None,
    cursor: str | None = None,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
) -> dict:
    """People, organisations and places by name; `kind` narrows to one of them."""
    rows = Entity.objects.filter(kind=kind) if kind else Entity.objects.all()
    page, next_cursor = paginate(rows, ENTITY_ORDER, cursor=cursor, limit=limit)
    return {"items": [entity_out(e) for e in page], "next_cursor": next_cursor}


@tags_router.get("/entities/{slug}", response={200: EntityDetailOut, CLIENT_ERRORS: ErrorOut})
def get_entity(request: HttpRequest, slug: str) -> dict:
    """A person, organisation or place and its latest stories (page on with /stories?entity=)."""
    entity = get_object_or_404(Entity, slug=slug)
    return {**entity_out(entity), "stories": _latest_stories(entity_links__entity=entity)}
