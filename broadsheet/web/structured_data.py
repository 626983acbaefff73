"""schema.org NewsArticle JSON-LD for article and story pages, serialised safely for <script>."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from broadsheet.articles.models import Article
from broadsheet.stories.models import Story
from broadsheet.web.feeds_out import page_path

# As django.utils.html.json_script: inside <script> only "<" can end the element, and "&"
# and ">" are escaped too so the text is also safe if a page is ever served as XHTML.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(data: dict[str, Any]) -> SafeString:
    """A <script type="application/ld+json"> element no string in `data` can break out of."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_SCRIPT_ESCAPES)
    # U+2028/2029 are line breaks to JavaScript parsers; escaped for old JSON-LD consumers.
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def article_json_ld(article: Article, *, request: HttpRequest) -> dict[str, Any]:
    """A NewsArticle describing one article, credited to its publisher at its original URL."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "url": article.url,
        "mainEntityOfPage": article.url,
        "datePublished": article.published_at.isoformat(),
        "dateModified": (article.updated_at or article.published_at).isoformat(),
        "publisher": {"@type": "Organization", "name": article.source.name},
        "sameAs": _absolute(request, page_path("article", article.public_id)),
    }
    if article.source.home_url:
        data["publisher"]["url"] = article.source.home_url
    if article.author:
        data["author"] = [{"@type": "Person", "name": article.author}]
    if article.summary:
        data["description"] = article.summary
    if article.image_url:
        data["image"] = [article.image_url]
    if article.language:
        data["inLanguage"] = article.language
    return data


def story_json_ld(story: Story, *, articles: list[Article], request: HttpRequest) -> dict[str, Any]:
    """A NewsArticle for a story page, citing the articles that cover the story."""
    return {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.title,
        "url": _absolute(request, page_path("story", story.public_id)),
        "datePublished": story.first_seen_at.isoformat(),
        "dateModified": story.last_seen_at.isoformat(),
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
        "citation": [
            {
                "@type": "NewsArticle",
                "headline": article.title,
                "url": article.url,
                "datePublished": article.published_at.isoformat(),
                "publisher": {"@type": "Organization", "name": article.source.name},
            }
            for article in articles
        ],
    }
