"""/api/v1/search: the same full-text search as the /en/search page, as JSON."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema

from broadsheet.api.articles import list_rows
from broadsheet.api.errors import CLIENT_ERRORS, ErrorOut
from broadsheet.api.pagination import DEFAULT_LIMIT, decode_offset, encode_offset
from broadsheet.api.params import Moment, instant
from broadsheet.api.schemas import ArticleOut, article_out
from broadsheet.articles.models import Article
from broadsheet.search import SearchQuery, get_backend
from broadsheet.search.backend import MAX_LIMIT

router = Router(tags=["search"])
# Ranked results are paged by offset; this deep and no further (as the search page).
MAX_OFFSET = 1000


class HitOut(Schema):
    article: ArticleOut
    score: float
    title_html: str
    snippet_html: str


class SearchOut(Schema):
    query: str
    total: int
    is_total_capped: bool
    items: list[HitOut]
    next_cursor: str | None


@router.get("", response={200: SearchOut, CLIENT_ERRORS: ErrorOut})
def search(
    request: HttpRequest,
    q: str = Query(..., min_length=1, max_length=500),
    source: str | None = None,
    language: str | None = Query(None, max_length=16),
    since: Moment | None = None,
    until: Moment | None = None,
    cursor: str | None = None,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
) -> dict:
    """Best matches first: words must all match, "phrases", prefix*, -excluded.

    `title_html` and `snippet_html` are escaped text with <mark> around matches.
    """
    offset = decode_offset("search", cursor)
    query = SearchQuery(
        text=q,
        source_slug=source or None,
        language=language or None,
        since=instant(since, name="since"),
        until=instant(until, name="until"),
        limit=limit,
        offset=offset,
    )
    results = get_backend().search(query)
    articles = list_rows(Article.objects.all()).in_bulk([h.article_id for h in results.hits])
    items = [
        {
            "article": article_out(articles[h.article_id]),
            "score": h.score,
            "title_html": h.title_html,
            "snippet_html": h.snippet_html,
        }
        for h in results.hits
        if h.article_id in articles
    ]
    after = offset + limit
    more = results.total > after and after < MAX_OFFSET and len(results.hits) == limit
    return {
        "query": q,
        "total": results.total,
        "is_total_capped": results.is_total_capped,
        "items": items,
        "next_cursor": encode_offset("search", after) if more else None,
    }
