"""Sitemaps for crawlers: an index of article, story, source and topic pages, and a Google
News sitemap of the last 48 hours."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sitemaps.views import x_robots_tag
from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.http import http_date
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

    def rows(self, page: Page) -> Iterable[tuple[str, datetime]]:
        """(public id, lastmod) of a page's items, without building a model per row."""
        rows: QuerySet[Article] = page.object_list  # type: ignore[assignment]
        # One datetime per row to convert, not two: the database picks the lastmod.
        lastmod = Coalesce("updated_at", "published_at")
        return rows.annotate(lastmod=lastmod).values_list("public_id", "lastmod")


class StorySitemap(Sitemap):
    """Every story that was not merged into another."""

    limit = 10000

    def items(self) -> QuerySet[Story]:
        return Story.objects.live().only("public_id", "last_seen_at").order_by("pk")

    @property
    def paginator(self) -> Paginator:
        # Django's counts the live stories for the index: 60 of its 210 ms at 350k stories.
        return PkRangePaginator(self.items(), self.limit)

    def get_latest_lastmod(self) -> datetime | None:
        return self.items().order_by("-last_seen_at").values_list("last_seen_at", flat=True).first()

    def location(self, item: Story) -> str:
        return page_path("story", item.public_id)

    def lastmod(self, item: Story) -> datetime:
        return item.last_seen_at

    def rows(self, page: Page) -> Iterable[tuple[str, datetime]]:
        """(public id, lastmod) of a page's items, without building a model per row."""
        rows: QuerySet[Story] = page.object_list  # type: ignore[assignment]
        return rows.values_list("public_id", "last_seen_at")


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


# Sections with many pages of 10,000 URLs, written straight from rows (RAW_PAGES) rather than
# through Django's sitemap template: a URL's dict and a template loop cost ~0.1 ms each, a
# page of 10,000 about a second at 1M articles. The output is byte for byte Django's
# (web/tests/test_sitemap_pages.py compares them in three time zones).
RAW_PAGES = {"articles": "article", "stories": "story"}
_PLAIN_ID = re.compile(r"[A-Za-z0-9_.~-]+")
_URLSET_OPEN = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)


@x_robots_tag
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    """One page of a section: the large ones written from rows, the others by Django."""
    if section not in RAW_PAGES:
        return sitemap_views.sitemap(request, SITEMAPS, section)  # type: ignore[no-any-return]
    site = SITEMAPS[section]()
    number = request.GET.get("p", 1)
    try:
        page = site.paginator.page(number)
    except EmptyPage as empty:
        raise Http404(f"Page {number} empty") from empty
    except PageNotAnInteger as wrong:
        raise Http404(f"No page '{number}'") from wrong
    protocol = site.get_protocol(request.scheme)
    prefix = escape(f"{protocol}://{get_current_site(request).domain}")
    name = RAW_PAGES[section]
    path = page_path(name, "0")[:-1]  # "/en/article/"
    head = str(prefix + escape(path))  # a plain str: adding to a SafeString costs 20 us
    zone = timezone.get_current_timezone()
    parts, latest = [_URLSET_OPEN], None
    for public_id, lastmod in _raw_rows(site.rows(page)):
        # A plain id is its own path segment and needs no escaping; any other takes the slow
        # path, reverse() itself, as Django's view does.
        if _PLAIN_ID.fullmatch(public_id):
            loc = head + public_id
        else:
            loc = prefix + escape(page_path(name, public_id))
        # Django's date filter writes the day in the current time zone.
        day = lastmod.astimezone(zone).date().isoformat()
        parts.append(f"<url><loc>{loc}</loc><lastmod>{day}</lastmod></url>")
        if latest is None or lastmod > latest:
            latest = lastmod
    parts.append("\n</urlset>\n")
    headers = {"Last-Modified": http_date(latest.timestamp())} if latest else None
    return HttpResponse("".join(parts), content_type="application/xml", headers=headers)


def _raw_rows(rows: QuerySet[Any]) -> Iterator[tuple[str, datetime]]:
    """The rows of a values_list of (id, time) without Django's per-value converters (half
    of a 10,000-URL page): SQLite gives the stored UTC text, which fromisoformat reads."""
    sql, params = rows.query.sql_with_params()
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        for public_id, value in cursor:
            if isinstance(value, str):
                value = datetime.fromisoformat(value).replace(tzinfo=UTC)
            elif timezone.is_naive(value):
                value = timezone.make_aware(value, UTC)
            yield public_id, value


sitemap_patterns: list[URLPattern] = [
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap-index",
    ),
    path("sitemap-news.xml", news_sitemap, name="sitemap-news"),
    path("sitemap-<section>.xml", sitemap_section, name="sitemap-section"),
]
