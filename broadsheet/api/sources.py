"""/api/v1/sources: the publishers Broadsheet follows, with each feed's health."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router

from broadsheet.api.errors import CLIENT_ERRORS, ErrorOut
from broadsheet.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, Order, paginate
from broadsheet.api.schemas import SourceDetailOut, SourcePage, source_out
from broadsheet.sources.models import Source

router = Router(tags=["sources"])
ORDER = Order(scope="sources", field="name", descending=False)


@router.get("", response={200: SourcePage, CLIENT_ERRORS: ErrorOut})
def list_sources(
    request: HttpRequest,
    language: str | None = None,
    cursor: str | None = None,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
) -> dict:
    """Publishers by name."""
    rows = Source.objects.filter(language=language) if language else Source.objects.all()
    page, next_cursor = paginate(rows, ORDER, cursor=cursor, limit=limit)
    return {"items": [source_out(s) for s in page], "next_cursor": next_cursor}


@router.get("/{slug}", response={200: SourceDetailOut, CLIENT_ERRORS: ErrorOut})
def get_source(request: HttpRequest, slug: str) -> dict:
    """A publisher and its feeds: health, last success, next poll (readers ask why feeds stop)."""
    source = get_object_or_404(Source, slug=slug)
    feeds = [
        {
            "url": feed.url,
            "title": feed.title,
            "health": str(feed.health),
            "last_success_at": feed.last_success_at,
            "next_fetch_at": feed.next_fetch_at,
            "failed_entries": len(feed.entry_failures.all()),
        }
        for feed in source.feeds.order_by("url").prefetch_related("entry_failures")
    ]
    return {**source_out(source), "feeds": feeds}
