"""Feeds we publish: RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the latest articles, a source,
a topic, an entity or a story."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils import feedgenerator, translation
from django.views.decorators.http import require_GET

from broadsheet.articles.models import Article, ArticleQuerySet
from broadsheet.sources.models import Source
from broadsheet.stories.models import Entity, Story, Topic

FEED_SIZE = 50
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


@dataclass(frozen=True)
class Channel:
    """What one feed is about, in any format: its title, page and articles."""

    title: str
    description: str
    page_path: str
    feed_path: str
    articles: QuerySet[Article]
    # The query string of a feed that depends on one (a saved search), kept in its self link.
    query: str = ""


def page_path(name: str, *args: str) -> str:
    """A page's path in the default language: feeds live outside the language prefix."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(name, args=args)


def _articles() -> ArticleQuerySet:
    return (
        Article.objects.published()
        .select_related("source")
        .prefetch_related("topic_links__topic")
        .defer("body")
    )


def latest_channel(request: HttpRequest) -> Channel:
    """The home page: the latest original articles."""
    return Channel(
        title=settings.SITE_NAME,
        description=f"The latest articles on {settings.SITE_NAME}",
        page_path=page_path("home"),
        feed_path="/feeds/latest",
        articles=_articles().originals(),
    )


def source_channel(request: HttpRequest, *, slug: str) -> Channel:
    """One publisher's articles."""
    source = get_object_or_404(Source, slug=slug)
    return Channel(
        title=f"{source.name} · {settings.SITE_NAME}",
        description=f"Articles from {source.name}",
        page_path=page_path("source", source.slug),
        feed_path=f"/feeds/source/{source.slug}",
        articles=_articles().from_source(source),
    )


def topic_channel(request: HttpRequest, *, slug: str) -> Channel:
    """Original articles tagged with one topic."""
    topic = get_object_or_404(Topic, slug=slug)
    return Channel(
        title=f"#{topic.name} · {settings.SITE_NAME}",
        description=f"Articles about {topic.name}",
        page_path=page_path("topic", topic.slug),
        feed_path=f"/feeds/topic/{topic.slug}",
        articles=_articles().originals().filter(topic_links__topic=topic),
    )


def entity_channel(request: HttpRequest, *, slug: str) -> Channel:
    """Original articles that name one person, organisation or place."""
    entity = get_object_or_404(Entity, slug=slug)
    return Channel(
        title=f"{entity.name} · {settings.SITE_NAME}",
        description=f"Articles that mention {entity.name}",
        page_path=page_path("entity", entity.slug),
        feed_path=f"/feeds/entity/{entity.slug}",
        articles=_articles().originals().filter(entity_links__entity=entity),
    )


def story_channel(request: HttpRequest, *, public_id: str) -> Channel:
    """Every article of one story (a merged story's feed follows its survivor)."""
    story = get_object_or_404(Story, public_id=public_id).survivor()
    return Channel(
        title=f"{story.title} · {settings.SITE_NAME}",
        description=f"Coverage of: {story.title}",
        page_path=page_path("story", story.public_id),
        feed_path=f"/feeds/story/{story.public_id}",
        articles=_articles().filter(story=story),
    )


def _summary_text(article: Article) -> str:
    # Summaries are stored as plain text; a "<" in one is a character, not a tag.
    return article.summary.strip()


def _topic_names(article: Article) -> list[str]:
    return [link.topic.name for link in article.topic_links.all()]


class _RssWithOriginal(feedgenerator.Rss201rev2Feed):
    """RSS 2.0 that names each item's publisher URL in <dc:source>."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        handler.addQuickElement(
            "dc:source", item["original_url"], {"xmlns:dc": "http://purl.org/dc/elements/1.1/"}
        )


class _AtomWithOriginal(feedgenerator.Atom1Feed):
    """Atom 1.0 that names each item's publisher URL as link rel="via" (RFC 4287 4.2.7.2)."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        handler.addQuickElement("link", "", {"rel": "via", "href": item["original_url"]})


class ArticleFeed(Feed):
    """An RSS or Atom feed of one channel's articles, linking to our article pages."""

    def __init__(
        self, *, channel: Callable[..., Channel], feed_type: type[feedgenerator.SyndicationFeed]
    ) -> None:
        super().__init__()
        self.channel = channel
        self.feed_type = feed_type

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Channel:
        return self.channel(request, **kwargs)

    def title(self, obj: Channel) -> str:
        return obj.title

    def description(self, obj: Channel) -> str:
        # Readers render channel descriptions as HTML too, and they carry publishers' names.
        return html.escape(obj.description)

    def link(self, obj: Channel) -> str:
        return obj.page_path

    def author_name(self, obj: Channel) -> str:
        # RFC 4287 4.1.1: an Atom feed needs an author whenever an entry has none of its own.
        return str(settings.SITE_NAME)

    def feed_url(self, obj: Channel) -> str:
        ext = "atom" if self.feed_type is _AtomWithOriginal else "rss"
        return f"{obj.feed_path}.{ext}{obj.query}"

    def items(self, obj: Channel) -> list[Article]:
        return list(obj.articles[:FEED_SIZE])

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        # Readers render RSS descriptions and Atom type="html" summaries as HTML, so the
        # plain text is HTML-escaped here, once more than the XML writer escapes it.
        return html.escape(_summary_text(item))

    def item_link(self, item: Article) -> str:
        return page_path("article", item.public_id)

    def item_author_name(self, item: Article) -> str | None:
        return item.author or None

    def item_pubdate(self, item: Article) -> datetime:
        return item.published_at

    def item_updateddate(self, item: Article) -> datetime:
        return item.updated_at or item.published_at

    def item_categories(self, item: Article) -> list[str]:
        return _topic_names(item)

    def item_extra_kwargs(self, item: Article) -> dict[str, Any]:
        return {"original_url": item.url}


def json_feed(request: HttpRequest, channel: Channel) -> dict[str, Any]:
    """A JSON Feed 1.1 document of one channel (https://jsonfeed.org/version/1.1)."""
    base = f"{request.scheme}://{request.get_host()}"
    items = []
    for article in channel.articles[:FEED_SIZE]:
        link = base + page_path("article", article.public_id)
        summary = _summary_text(article)
        item: dict[str, Any] = {
            "id": link,
            "url": link,
            "external_url": article.url,
            "title": article.title,
            "content_text": summary or article.title,
            "date_published": article.published_at.isoformat(),
            "tags": _topic_names(article),
        }
        if summary:
            item["summary"] = summary
        if article.updated_at:
            item["date_modified"] = article.updated_at.isoformat()
        if article.author:
            item["authors"] = [{"name": article.author}]
        if article.language:
            item["language"] = article.language
        if article.image_url:
            item["image"] = article.image_url
        items.append(item)
    return {
        "version": JSON_FEED_VERSION,
        "title": channel.title,
        "home_page_url": base + channel.page_path,
        "feed_url": f"{base}{channel.feed_path}.json{channel.query}",
        "description": channel.description,
        "language": settings.LANGUAGE_CODE,
        "items": items,
    }


def _json_view(channel: Callable[..., Channel]) -> Callable[..., HttpResponse]:
    @require_GET
    def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        try:
            document = json_feed(request, channel(request, **kwargs))
        except Story.DoesNotExist as error:
            raise Http404 from error
        return JsonResponse(
            document, content_type="application/feed+json", json_dumps_params={"indent": 1}
        )

    return view


def _patterns() -> list[URLPattern]:
    channels: list[tuple[str, Callable[..., Channel]]] = [
        ("latest", latest_channel),
        ("source/<slug:slug>", source_channel),
        ("topic/<slug:slug>", topic_channel),
        ("entity/<slug:slug>", entity_channel),
        ("story/<str:public_id>", story_channel),
    ]
    patterns = []
    for route, channel in channels:
        kind = route.split("/")[0]
        patterns += [
            path(
                f"feeds/{route}.rss",
                ArticleFeed(channel=channel, feed_type=_RssWithOriginal),
                name=f"feed-{kind}-rss",
            ),
            path(
                f"feeds/{route}.atom",
                ArticleFeed(channel=channel, feed_type=_AtomWithOriginal),
                name=f"feed-{kind}-atom",
            ),
            path(f"feeds/{route}.json", _json_view(channel), name=f"feed-{kind}-json"),
        ]
    return patterns


feed_patterns = _patterns()
