"""Pages of the news site: home, article, source; and /healthz for monitoring."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from broadsheet.articles.models import Article
from broadsheet.sources.models import Feed, Source

PAGE_SIZE = 20


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Latest articles, newest first, paginated."""
    articles = Article.objects.published().select_related("source").defer("body")
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/home.html", {"page": page})


@require_GET
def article_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """One article: headline, source, byline, times, image, body, link to the original."""
    article = get_object_or_404(Article.objects.select_related("source"), public_id=public_id)
    return render(request, "web/article.html", {"article": article})


@require_GET
def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A publisher's articles and the health of its feeds."""
    source = get_object_or_404(Source, slug=slug)
    articles = Article.objects.from_source(source).published().defer("body")
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    feeds = source.feeds.order_by("url")
    return render(request, "web/source.html", {"source": source, "page": page, "feeds": feeds})


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Counts for monitoring: sources, feeds ok/failing, articles, last successful ingest."""
    feeds = Feed.objects.aggregate(
        total=Count("pk"),
        failing=Count("pk", filter=Q(consecutive_errors__gt=0)),
        last_success=Max("last_success_at"),
    )
    last = feeds["last_success"]
    return JsonResponse(
        {
            "status": "ok",
            "sources": Source.objects.count(),
            "feeds": {
                "total": feeds["total"],
                "ok": feeds["total"] - feeds["failing"],
                "failing": feeds["failing"],
            },
            "articles": Article.objects.count(),
            "last_ingest_at": last.isoformat() if last else None,
        }
    )
