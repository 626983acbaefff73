"""Sitemaps for crawlers: an index of article, story, source and topic pages, and a Google
News sitemap of the last 48 hours."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_GET
from lxml import etree

from broadsheet.articles.models import Article
from broadsheet.sources.models import Source
from broadsheet.stories.models import Story, Topic
from broadsheet.web.feeds_out import page_path

NEWS_WINDOW = timedelta(hours=48)
NEWEST_FOR_LASTMOD = 200  # articles whose lastmod dates the article sitemap in the index
NEWS_LIMIT = 1000  # Google reads at most 1,000 <url> entries from a news sitemap.
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


class PkRangePaginator(Paginator):
    """Pages that are ranges of primary keys: page n holds the rows with pk in
    [low + (n-1) * per_page, low + n * per_page). Each page is one index range scan, where
    OFFSET pages read every earlier row (1.4-2.9 s for a late page at 1M articles). A page
    holds fewer rows than per_page where keys are missing or filtered out (copies), and may
    be empty; each row is on exactly one page, and a row keeps its page as the archive grows.
    """

    def __init__(self, object_list: QuerySet[Any], per_page: int) -> None:
        super().__init__(object_list, per_page)
        self.rows = object_list
        # Two single-ended queries: SQLite answers MIN or MAX alone from the index's end, but
        # scans the whole table for MIN and MAX in one query.
        keys = object_list.model._default_manager.order_by("pk").values_list("pk", flat=True)
        self.low = keys.first() or 1
        self.high = keys.last() or 0

    @cached_property
    def count(self) -> int:
        return max(0, self.high - self.low + 1)

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        first = self.low + (number - 1) * self.per_page
        rows = self.rows.filter(pk__gte=first, pk__lt=first + self.per_page)
        return Page(rows, number, self)


class ArticleSitemap(Sitemap):
    """Our page of every original article (copies point at their original)."""

    limit = 10000

    def items(self) -> QuerySet[Article]:
        return (
            Article.objects.originals()
            .only("public_id", "published_at", "updated_at")
            .order_by("pk")
        )

    @property
    def paginator(self) -> Paginator:
        return PkRangePaginator(self.items(), self.limit)

    def get_latest_lastmod(self) -> datetime | None:
        # Django's default reads every item. The newest articles are the ones that change.
        newest = self.items().order_by("-published_at")[:NEWEST_FOR_LASTMOD]
        return max((self.lastmod(a) for a in newest), default=None)

    def location(self, item: Article) -> str:
        return page_path("article", item.public_id)

    def lastmod(self, item: Article) -> datetime:
        return item.updated_at or item.published_at


class StorySitemap(Sitemap):
    """Every story that was not merged into another."""

    limit = 10000

    def items(self) -> QuerySet[Story]:
        return Story.objects.live().only("public_id", "last_seen_at").order_by("pk")

    def get_latest_lastmod(self) -> datetime | None:
        return self.items().order_by("-last_seen_at").values_list("last_seen_at", flat=True).first()

    def location(self, item: Story) -> str:
        return page_path("story", item.public_id)

    def lastmod(self, item: Story) -> datetime:
        return item.last_seen_at


class SourceSitemap(Sitemap):
    """Every publisher's page."""

    def items(self) -> QuerySet[Source]:
        return Source.objects.order_by("pk")

    def location(self, item: Source) -> str:
        return page_path("source", item.slug)


class TopicSitemap(Sitemap):
    """Every topic's page."""

    def items(self) -> QuerySet[Topic]:
        return Topic.objects.order_by("pk")

    def location(self, item: Topic) -> str:
        return page_path("topic", item.slug)


SITEMAPS: dict[str, Any] = {
    "articles": ArticleSitemap,
    "stories": StorySitemap,
    "sources": SourceSitemap,
    "topics": TopicSitemap,
}


def _news_language(article: Article) -> str:
    # Google wants an ISO 639 code; it accepts only zh-cn and zh-tw with a region.
    language = (article.language or settings.LANGUAGE_CODE).lower().replace("_", "-")
    return language if language in ("zh-cn", "zh-tw") else language.split("-")[0]


@require_GET
def news_sitemap(request: HttpRequest) -> HttpResponse:
    """A Google News sitemap of the original articles published in the last 48 hours."""
    since = timezone.now() - NEWS_WINDOW
    articles = (
        Article.objects.originals()
        .published()
        .filter(published_at__gte=since)
        .only("public_id", "title", "language", "published_at")[:NEWS_LIMIT]
    )
    base = f"{request.scheme}://{request.get_host()}"
    urlset = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS, "news": NEWS_NS})
    for article in articles:
        url = etree.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = base + page_path(
            "article", article.public_id
        )
        news = etree.SubElement(url, f"{{{NEWS_NS}}}news")
        publication = etree.SubElement(news, f"{{{NEWS_NS}}}publication")
        etree.SubElement(publication, f"{{{NEWS_NS}}}name").text = settings.SITE_NAME
        etree.SubElement(publication, f"{{{NEWS_NS}}}language").text = _news_language(article)
        etree.SubElement(
            news, f"{{{NEWS_NS}}}publication_date"
        ).text = article.published_at.isoformat()
        etree.SubElement(news, f"{{{NEWS_NS}}}title").text = _xml_text(article.title)
    body = etree.tostring(urlset, xml_declaration=True, encoding="utf-8")
    return HttpResponse(body, content_type="application/xml; charset=utf-8")


def _xml_text(text: str) -> str:
    # XML 1.0 cannot carry most control characters, which a publisher's title may hold.
    return "".join(c for c in text if c in "\t\n\r" or ord(c) >= 0x20)


sitemap_patterns: list[URLPattern] = [
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap-index",
    ),
    path("sitemap-news.xml", news_sitemap, name="sitemap-news"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]
