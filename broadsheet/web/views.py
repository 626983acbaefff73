"""Pages of the news site: home, article, source; and /healthz for monitoring."""

from __future__ import annotations

import copy

from django.db.models import Count, Max, Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from broadsheet.articles.article_ai import sentence_paragraphs
from broadsheet.articles.models import Article, EntryFailure
from broadsheet.articles.queries import article_entities, article_topics
from broadsheet.readers.follows import followed_in
from broadsheet.readers.mutes import Muted, hide_muted_articles, hide_muted_stories, muted_in
from broadsheet.readers.services import mark_read, saved_and_read
from broadsheet.readers.state import ReaderState, reader_state
from broadsheet.sources.models import Feed, Source
from broadsheet.stories.front import FrontPage, front_page, front_pool
from broadsheet.stories.queries import related_articles
from broadsheet.web.fragments import Once, news_version, shared_value, stamped_head
from broadsheet.web.paging import UncountedPage, page_number, uncounted_page

PAGE_SIZE = 20
LATEST_SHARED = 3 * PAGE_SIZE  # newest rows kept for readers who mute


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Top stories by breadth and recency, then the latest articles (copies folded), paginated."""
    state = reader_state(request.user)  # a signed-in reader's follows and mutes
    version = Once(news_version)  # one reading for the page and its fragments
    number = page_number(request.GET.get("page"))
    if number == 1:
        # Ranked for this reader (their follows and mutes count), and kept under the news
        # version and their state: a reader's next visit is a lookup, not a ranking.
        front, page = shared_value(
            f"home-first:{state.key or 'anonymous'}",
            lambda: (_front_page(state, version), _latest(state, 1, version)),
            version=version,
        )
    else:
        front, page = FrontPage(), _latest(state, number, version)
    # What the lists show, by id: with the news version, the key of their shared fragment
    # (a reader's follows and mutes change the ids; their read marks are a key of their own).
    shown = (
        [a.pk for a in page.object_list],
        [(s.pk, lead.pk) for s, lead in front.top],
        [(t.pk, [(s.pk, lead.pk) for s, lead in rows]) for t, rows in front.sections],
    )
    context = {
        "page": page, "top": front.top, "sections": front.sections,
        "shown": shown, "news_version": version,
    }  # fmt: skip
    return render(request, "web/home.html", context)


def _front_page(state: ReaderState, version: Once[str]) -> FrontPage:
    """The top stories and sections, from the pool every reader shares, for this reader."""
    now = timezone.now()
    pool = shared_value("front-pool", lambda: front_pool(now=now), version=version)
    muted = muted_in(state)
    return front_page(
        now=now,
        follows=lambda pool: followed_in(pool, state),
        hide=lambda stories: hide_muted_stories(stories, muted, sources=pool.sources),
        pool=pool,
    )


def _latest(state: ReaderState, number: int, version: Once[str]) -> UncountedPage:
    """Page `number` of the latest articles, without what the reader mutes."""
    articles = Article.objects.originals().published().select_related("source").defer("body")
    muted = muted_in(state)
    if muted:
        return _muted_latest(articles, muted, number, version)
    return shared_value(  # the same rows for every reader without mutes
        f"home-latest:{number}",
        lambda: uncounted_page(articles, str(number), PAGE_SIZE),
        version=version,
    )


def _muted_latest(
    articles: QuerySet[Article], muted: Muted, number: int, version: Once[str]
) -> UncountedPage:
    """A muting reader's latest list: its first page from the newest rows every reader
    shares, left out in Python as the database would (mutes.hides_article), while enough
    remain; later pages, or mutes that leave too few, query the database."""
    if number == 1:
        newest = shared_value(
            "home-newest", lambda: list(articles[:LATEST_SHARED]), version=version
        )
        kept = [article for article in newest if not muted.hides_article(article)]
        if len(kept) > PAGE_SIZE:
            return UncountedPage(object_list=kept[:PAGE_SIZE], number=1, has_next=True)
    return uncounted_page(hide_muted_articles(articles, muted), str(number), PAGE_SIZE)


@require_GET
def article_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """One article: headline, source, byline, times, image, body, link to the original."""
    # The row with its source, story and topics, kept under the news version and the row's
    # own stamp (a re-fetch, an enrichment or a move changes it): the stamp is one indexed
    # read where the row itself, through the ORM, cost a fifth of the page.
    head, version, stamp = stamped_head(
        "article", _ARTICLE_STAMP, public_id, lambda: _article_head(public_id)
    )
    article = copy.copy(head[0])  # what this request sets on it stays on its own copy
    topics = head[1]
    is_saved, is_read = saved_and_read(request.user, article)
    article.is_saved = is_saved  # type: ignore[attr-defined]  # for the Save button
    if request.user.is_authenticated and not is_read:  # first time (a re-read writes nothing)
        mark_read(request.user, article)
    story = article.story
    shared = Once(lambda: _article_shared(article, topics))  # only when its fragment misses
    context = {
        "article": article, "story": story, "topics": topics, "shared": shared,
        "news_version": version, "stamp": stamp,
    }  # fmt: skip
    return render(request, "web/article.html", context)


_ARTICLE_STAMP = (
    "SELECT id, title, status, fetched_at, updated_at, enriched_at, moved_at, story_id, "
    "copy_of_id FROM articles_article WHERE public_id = %s"
)


def _article_head(public_id: str) -> tuple[Article, list] | None:
    """The article with its source, story and original, and its topics; None if unknown."""
    articles = Article.objects.select_related("source", "story", "copy_of__source")
    article = articles.filter(public_id=public_id).first()
    return None if article is None else (article, article_topics(article))


def _article_shared(article: Article, topics: list) -> dict[str, object]:
    """What the article page shows every reader alike: body, tags, coverage, related."""
    coverage = []
    if article.story is not None and article.story.article_count > 1:
        coverage = list(
            Article.objects.filter(story=article.story)
            .exclude(pk=article.pk)
            .select_related("source")
            .defer("body")
            .order_by("published_at")[:12]
        )
    entities = article_entities(article)
    return {
        "coverage": [a for a in coverage if a.copy_of_id is None],
        "copies": [a for a in coverage if a.copy_of_id == article.pk],
        "entities": entities[:20],
        "related": related_articles(
            article, entity_ids=[e.pk for e in entities], topic_ids=[t.pk for t in topics]
        ),
        "sentence_paragraphs": sentence_paragraphs(article),
    }


@require_GET
def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A publisher's articles and the health of its feeds."""
    source = get_object_or_404(Source, slug=slug)
    articles = Article.objects.from_source(source).published().defer("body")
    page = uncounted_page(articles, request.GET.get("page"), PAGE_SIZE)
    feeds = source.feeds.order_by("url").prefetch_related("entry_failures")
    return render(request, "web/source.html", {"source": source, "page": page, "feeds": feeds})


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Counts for monitoring: sources, feeds ok/failing, failed entries, articles, last ingest."""
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
            "entries_failed": EntryFailure.objects.count(),
            "articles": Article.objects.count(),
            "last_ingest_at": last.isoformat() if last else None,
        }
    )
