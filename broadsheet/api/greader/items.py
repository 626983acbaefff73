"""Articles as Google Reader items: ids, times, categories, origin and escaped HTML content."""

from __future__ import annotations

from django.utils.html import escape

from broadsheet.api.greader.streams import LABEL, READ, READING_LIST, STARRED, long_id
from broadsheet.api.schemas import http_url
from broadsheet.articles.models import Article


def usec(article: Article) -> str:
    """The item time in microseconds, as text (the protocol's big numbers are strings)."""
    return str(int(article.published_at.timestamp() * 1_000_000))


def content_html(article: Article) -> str:
    """The body as paragraphs of escaped text: nothing a publisher wrote can run in an app."""
    paragraphs = article.paragraphs or ([article.summary] if article.summary else [])
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def item_json(
    article: Article, *, is_read: bool, is_starred: bool, labels: list[str] | None = None
) -> dict:
    """One item of stream/contents (expects the source loaded); `labels` are the folders
    its source is filed in."""
    categories = [READING_LIST, *(f"{LABEL}{name}" for name in labels or [])]
    if is_read:
        categories.append(READ)
    if is_starred:
        categories.append(STARRED)
    updated = article.updated_at or article.published_at
    return {
        "id": long_id(article.pk),
        "crawlTimeMsec": str(int(article.created_at.timestamp() * 1000)),
        "timestampUsec": usec(article),
        "published": int(article.published_at.timestamp()),
        "updated": int(updated.timestamp()),
        "title": article.title,
        "author": article.author,
        "canonical": [{"href": http_url(article.url)}],
        "alternate": [{"href": http_url(article.url), "type": "text/html"}],
        "categories": categories,
        "origin": {
            "streamId": f"feed/{article.source_id}",
            "title": article.source.name,
            "htmlUrl": http_url(article.source.home_url),
        },
        "summary": {"direction": "ltr", "content": content_html(article)},
    }


def item_ref(article: Article) -> dict:
    """One entry of stream/items/ids: the short (decimal) id."""
    return {
        "id": str(article.pk),
        "directStreamIds": [f"feed/{article.source_id}"],
        "timestampUsec": usec(article),
    }
