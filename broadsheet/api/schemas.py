"""The shapes the API returns, and the functions that turn rows into them.

Text fields hold plain text as the publisher wrote it; only fields named `*_html`
hold HTML, and that is escaped text with <mark> tags (search) or sanitised comment
markup: a client may insert nothing else as HTML.
"""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema
from pydantic import ConfigDict

from broadsheet.articles.models import Article
from broadsheet.lib.urls import is_http_url
from broadsheet.sources.models import Source
from broadsheet.stories.models import Entity, Story, Topic


class InputSchema(Schema):
    """A request body: a field the API does not know is refused (422), as the schema says."""

    model_config = ConfigDict(extra="forbid")


class SourceRef(Schema):
    slug: str
    name: str


class TopicOut(Schema):
    slug: str
    name: str


class EntityOut(Schema):
    slug: str
    name: str
    kind: str
    country: str
    aliases: list[str]


class ArticleOut(Schema):
    id: str
    title: str
    url: str
    source: SourceRef
    author: str
    language: str
    summary: str
    image_url: str
    status: str
    published_at: datetime
    updated_at: datetime | None
    story: str | None
    copy_of: str | None


class HeadlineCheckOut(Schema):
    checked: bool = Field(description="false until the article has been enriched")
    ok: bool | None = Field(description="the headline matches the text; null when not checked")
    differences: list[str] = Field(description="what the text does not support, in English")


class ArticleDetailOut(ArticleOut):
    body: str
    paragraphs: list[str]
    word_count: int
    reading_minutes: int
    topics: list[TopicOut]
    entities: list[EntityOut]
    headline_check: HeadlineCheckOut


class StoryOut(Schema):
    id: str
    title: str
    first_seen_at: datetime
    last_seen_at: datetime
    article_count: int
    source_count: int
    languages: list[str]


class FeedOut(Schema):
    url: str
    title: str
    health: str
    last_success_at: datetime | None
    next_fetch_at: datetime
    failed_entries: int  # entries that could not become articles (see /healthz)


class SourceOut(Schema):
    slug: str
    name: str
    home_url: str
    language: str
    country: str
    icon_url: str


class SourceDetailOut(SourceOut):
    feeds: list[FeedOut]


class ArticlePage(Schema):
    items: list[ArticleOut]
    next_cursor: str | None


class StoryPage(Schema):
    items: list[StoryOut]
    next_cursor: str | None


class SourcePage(Schema):
    items: list[SourceOut]
    next_cursor: str | None


class TopicPage(Schema):
    items: list[TopicOut]
    next_cursor: str | None


class EntityPage(Schema):
    items: list[EntityOut]
    next_cursor: str | None


def http_url(url: str) -> str:
    """The URL if it is http(s), else empty: apps put these in links and <img src>."""
    return url if is_http_url(url) else ""


def article_out(article: Article) -> dict:
    """An article as lists show it (no body); expects source, story, copy_of loaded."""
    return {
        "id": article.public_id,
        "title": article.title,
        "url": http_url(article.url),
        "source": {"slug": article.source.slug, "name": article.source.name},
        "author": article.author,
        "language": article.language,
        "summary": article.summary,
        "image_url": http_url(article.image_url),
        "status": article.status,
        "published_at": article.published_at,
        "updated_at": article.updated_at,
        "story": article.story.public_id if article.story_id and article.story else None,
        "copy_of": article.copy_of.public_id if article.copy_of_id and article.copy_of else None,
    }


def topic_out(topic: Topic) -> dict:
    """A topic tag."""
    return {"slug": topic.slug, "name": topic.name}


def entity_out(entity: Entity) -> dict:
    """A person, organisation or place."""
    aliases = entity.aliases if isinstance(entity.aliases, list) else []
    return {
        "slug": entity.slug,
        "name": entity.name,
        "kind": entity.kind,
        "country": entity.country,
        "aliases": [str(a) for a in aliases],
    }


def story_out(story: Story) -> dict:
    """A story's headline facts."""
    return {
        "id": story.public_id,
        "title": story.title,
        "first_seen_at": story.first_seen_at,
        "last_seen_at": story.last_seen_at,
        "article_count": story.article_count,
        "source_count": story.source_count,
        "languages": [code for code in story.languages.split(",") if code.strip()],
    }


def source_out(source: Source) -> dict:
    """A publisher."""
    return {
        "slug": source.slug,
        "name": source.name,
        "home_url": http_url(source.home_url),
        "language": source.language,
        "country": source.country,
        "icon_url": http_url(source.icon_url),
    }
