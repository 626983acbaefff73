"""The search page: full text over titles and bodies, filtered, grouped by story, highlighted."""

from __future__ import annotations

from datetime import datetime, time

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_GET

from broadsheet.articles.models import Article
from broadsheet.search import SearchQuery, get_backend
from broadsheet.sources.models import Source

PAGE_SIZE = 20


def _day(raw: str, *, end: bool = False) -> datetime | None:
    try:
        day = parse_date(raw.strip()) if raw else None
    except ValueError:
        return None
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Results for ?q= with source, language and date filters; no input can break it."""
    params = request.GET
    text = params.get("q", "")[:10_000]
    try:
        page = max(1, min(int(params.get("page", "1")), 50))
    except ValueError:
        page = 1
    query = SearchQuery(
        text=text,
        source_slug=params.get("source") or None,
        language=(params.get("lang") or "")[:16] or None,
        since=_day(params.get("since", "")),
        until=_day(params.get("until", ""), end=True),
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    results = get_backend().search(query) if text.strip() else None
    groups = _group_by_story(results.hits) if results else []
    context = {
        "q": text,
        "params": params,
        "results": results,
        "groups": groups,
        "page": page,
        "has_next": bool(results and results.total > page * PAGE_SIZE),
        "sources": Source.objects.order_by("name").only("name", "slug"),
    }
    return render(request, "web/search.html", context)


def _group_by_story(hits):  # type: ignore[no-untyped-def]
    """Hits in rank order, with later hits of the same story folded under the first."""
    articles = (
        Article.objects.select_related("source", "story")
        .defer("body")
        .in_bulk([h.article_id for h in hits])
    )
    groups: dict[object, dict] = {}
    for hit in hits:
        article = articles.get(hit.article_id)
        if article is None:
            continue
        key = article.story_id or f"a{article.pk}"
        group = groups.setdefault(key, {"story": article.story, "hits": []})
        group["hits"].append((hit, article))
    return list(groups.values())
