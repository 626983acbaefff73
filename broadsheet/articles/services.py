"""The one owner of article writes: upsert from a draft, link feed entries, place in stories.

Ingestion stores and links articles here (`upsert_articles`, `link_feed_entry`); the story desk
records where it placed an article and moves articles between stories here too
(`record_placement`, `move_to_story`), so every write of an article row has one home.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from broadsheet.articles.drafts import ArticleDraft
from broadsheet.articles.models import Article, FeedEntry
from broadsheet.lib.ids import public_id_for
from broadsheet.sources.models import Feed, Source

_UPDATABLE = (
    "title", "author", "summary", "body", "status", "language", "image_url",
    "word_count", "published_at", "updated_at", "fetched_at", "date_note",
)  # fmt: skip


# C0 controls other than tab and line breaks: invisible, and XML 1.0 cannot carry them.
_CONTROL_CHARS = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])


def _strip_nul(value: object) -> object:
    # PostgreSQL rejects NUL in text; SQLite would store it and break later readers. The
    # other controls broke the RSS/Atom feeds out (Django's XML writer refuses them).
    return value.translate(_CONTROL_CHARS) if isinstance(value, str) else value


def upsert_article(draft: ArticleDraft, *, source: Source, feed: Feed | None) -> Article:
    """Create or update the article at `draft.url` and link the feed entry to it.

    Unique on the canonical URL, so a re-fetched entry updates its article and
    two ingests racing on the same entry still leave one row. Call inside a transaction.
    """
    return upsert_articles([draft], source=source, feed=feed)[0]


def upsert_articles(
    drafts: Sequence[ArticleDraft], *, source: Source, feed: Feed | None
) -> list[Article]:
    """upsert_article for a batch, in a handful of queries: the articles in draft order.

    One select finds the stored URLs, one insert adds the new ones, one more pair links
    the feed entries; a conflict (a racing ingest, an id collision) falls back to storing
    the batch's new rows one at a time. Call inside a transaction.
    """
    if not drafts:
        return []
    known = {a.url: a for a in Article.objects.filter(url__in={d.url for d in drafts})}
    fresh: dict[str, tuple[ArticleDraft, Article]] = {}
    dirty: dict[str, Article] = {}
    for draft in drafts:
        fields = {name: _strip_nul(getattr(draft, name)) for name in _UPDATABLE}
        article = known.get(draft.url)
        if article is None:
            article = Article(public_id=public_id_for(draft.url), url=draft.url, source=source,
                              feed=feed, **fields)  # fmt: skip
            fresh[draft.url] = (draft, article)  # a later draft of the same URL wins
        elif any(getattr(article, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(article, name, value)
            dirty[draft.url] = article
    known.update(_insert_new(list(fresh.values())))
    for article in dirty.values():
        article.save(update_fields=list(_UPDATABLE))
    if feed is not None:
        _link_entries(feed, [(d.entry_key, known[d.url], d.entry_updated_at) for d in drafts])
    return [known[draft.url] for draft in drafts]


def _insert_new(fresh: list[tuple[ArticleDraft, Article]]) -> dict[str, Article]:
    """Insert unsaved articles at once; on any conflict, one at a time (see _create_article)."""
    if not fresh:
        return {}
    try:
        with transaction.atomic():
            Article.objects.bulk_create([article for _, article in fresh])
        return {article.url: article for _, article in fresh}
    except IntegrityError:
        return {draft.url: _create_article(draft, template=article) for draft, article in fresh}


def _create_article(draft: ArticleDraft, *, template: Article) -> Article:
    for salt in range(3):
        try:
            with transaction.atomic():
                template.pk = None
                template.public_id = public_id_for(draft.url, salt=salt)
                template.save(force_insert=True)
                return template
        except IntegrityError:
            # Either another ingest stored this URL first (update it), or the
            # 60-bit id collided with another URL (try the next salt).
            if Article.objects.filter(url=draft.url).exists():
                return upsert_articles([draft], source=template.source, feed=None)[0]
    raise IntegrityError(f"could not allocate an id for {draft.url}")


def _link_entries(feed: Feed, links: list[tuple[str, Article, datetime | None]]) -> None:
    """Point each (entry key -> article) at its article; a later link of the same key wins."""
    wanted = {key[:2000]: (article, updated) for key, article, updated in links}
    stored = {e.key: e for e in FeedEntry.objects.filter(feed=feed, key__in=list(wanted))}
    changed, new = [], []
    for key, (article, updated) in wanted.items():
        entry = stored.get(key)
        if entry is None:
            new.append(FeedEntry(feed=feed, key=key, article=article, entry_updated_at=updated))
        elif entry.article_id != article.pk or entry.entry_updated_at != updated:
            entry.article, entry.entry_updated_at = article, updated
            changed.append(entry)
    if changed:
        FeedEntry.objects.bulk_update(changed, ["article", "entry_updated_at"])
    if not new:
        return
    try:
        with transaction.atomic():
            FeedEntry.objects.bulk_create(new)
    except IntegrityError:  # another ingest linked some of them first
        for entry in new:
            FeedEntry.objects.update_or_create(
                feed=feed,
                key=entry.key,
                defaults={"article": entry.article, "entry_updated_at": entry.entry_updated_at},
            )


def link_feed_entry(
    feed: Feed, *, key: str, article: Article, entry_updated_at: datetime | None
) -> None:
    """Record that a feed entry points at an already stored article (no article write)."""
    _link_entries(feed, [(key, article, entry_updated_at)])


def record_placement(
    article: Article, *, story_id: int, copy_of: Article | None, headline_flags: list[str]
) -> datetime:
    """The story desk placed `article`: its story, the original it copies, its headline check.
    Returns the time it is stamped as enriched."""
    article.story_id = story_id
    article.copy_of = copy_of
    article.enriched_at = stamp = timezone.now()
    article.headline_flags = headline_flags
    article.save(update_fields=["story", "copy_of", "enriched_at", "headline_flags"])
    return stamp


def move_to_story(articles: QuerySet[Article], *, story_id: int, moved: bool) -> int:
    """Move `articles` into another story; `moved` stamps them as moved by a split (the moves
    index that later desks replay), a merge does not. Returns how many rows changed."""
    if moved:
        return articles.update(story_id=story_id, moved_at=timezone.now())
    return articles.update(story_id=story_id)
