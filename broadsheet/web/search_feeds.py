"""Feeds of a saved search: /feeds/search.rss|atom|json?q=...&source=&lang= .

A reader who searched once can follow the query in any feed reader. The items are
the query's best matches (the same engine and ranking as /en/search), newest first.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from broadsheet.articles.models import Article
from broadsheet.search import SearchQuery, get_backend
from broadsheet.web.feeds_out import (
    FEED_SIZE,
    ArticleFeed,
    Channel,
    _AtomWithOriginal,
    _RssWithOriginal,
    json_feed,
    page_path,
)

MAX_QUERY = 500


def _query(request: HttpRequest) -> dict[str, str]:
    """The search the feed follows; 404 without one (a feed of everything is /feeds/latest)."""
    text = " ".join(request.GET.get("q", "").split())[:MAX_QUERY]
    if not text or "\x00" in text:
        raise Http404("no search")
    wanted = {"q": text}
    for name in ("source", "lang"):
        value = request.GET.get(name, "").strip()[:100]
        if value and "\x00" not in value:
            wanted[name] = value
    return wanted


def search_channel(request: HttpRequest) -> Channel:
    """The best matches of a query, newest first, as a feed channel."""
    wanted = _query(request)
    hits = (
        get_backend()
        .search(
            SearchQuery(
                text=wanted["q"],
                source_slug=wanted.get("source"),
                language=wanted.get("lang"),
                limit=FEED_SIZE,
            )
        )
        .hits
    )
    articles = (
        Article.objects.published()
        .filter(pk__in=[hit.article_id for hit in hits])
        .select_related("source")
        .prefetch_related("topic_links__topic")
        .defer("body")
    )
    query = urlencode(wanted)
    return Channel(
        title=f"“{wanted['q']}” · {settings.SITE_NAME}",
        description=f"Articles matching “{wanted['q']}”",
        page_path=f"{page_path('search')}?{query}",
        feed_path="/feeds/search",
        articles=articles,
        query=f"?{query}",
    )


class SearchFeed(ArticleFeed):
    """RSS or Atom of a search; its self link keeps the query."""

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Channel:
        return search_channel(request)


@require_GET
def search_json_feed(request: HttpRequest) -> HttpResponse:
    """JSON Feed 1.1 of a search."""
    document = json_feed(request, search_channel(request))
    return JsonResponse(
        document, content_type="application/feed+json", json_dumps_params={"indent": 1}
    )


search_feed_patterns: list[URLPattern] = [
    path(
        "feeds/search.rss",
        SearchFeed(channel=search_channel, feed_type=_RssWithOriginal),
        name="feed-search-rss",
    ),
    path(
        "feeds/search.atom",
        SearchFeed(channel=search_channel, feed_type=_AtomWithOriginal),
        name="feed-search-atom",
    ),
    path("feeds/search.json", search_json_feed, name="feed-search-json"),
]
