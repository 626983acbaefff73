"""The one owner of article writes: upsert an article from a draft, idempotently."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction

from broadsheet.articles.models import Article, FeedEntry
from broadsheet.lib.ids import public_id_for
from broadsheet.sources.models import Feed, Source

_UPDATABLE = (
    "title", "author", "summary", "body", "status", "language", "image_url",
    "word_count", "published_at", "updated_at", "fetched_at",
)  # fmt: skip


@dataclass(frozen=True)
class ArticleDraft:
    """Everything the pipeline learned about one entry, ready to store."""

    url: str
    entry_key: str
    title: str
    author: str
    summary: str
    body: str
    status: str
    language: str
    image_url: str
    word_count: int
    published_at: datetime
    updated_at: datetime | None
    fetched_at: datetime
    entry_updated_at: datetime | None


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
    fields = {name: _strip_nul(getattr(draft, name)) for name in _UPDATABLE}
    article = Article.objects.filter(url=draft.url).first() or _create_article(
        draft, source=source, feed=feed, fields=fields
    )
    if any(getattr(article, name) != value for name, value in fields.items()):
        for name, value in fields.items():
            setattr(article, name, value)
        article.save(update_fields=list(fields))
    if feed is not None:
        FeedEntry.objects.update_or_create(
            feed=feed,
            key=draft.entry_key[:2000],
            defaults={"article": article, "entry_updated_at": draft.entry_updated_at},
        )
    return article


def _create_article(
    draft: ArticleDraft, *, source: Source, feed: Feed | None, fields: dict[str, object]
) -> Article:
    for salt in range(3):
        try:
            with transaction.atomic():
                return Article.objects.create(
                    public_id=public_id_for(draft.url, salt=salt),
                    url=draft.url,
                    source=source,
                    feed=feed,
                    **fields,
                )
        except IntegrityError:
            # Either another ingest stored this URL first (update it), or the
            # 60-bit id collided with another URL (try the next salt).
            existing = Article.objects.filter(url=draft.url).first()
            if existing is not None:
                return existing
    raise IntegrityError(f"could not allocate an id for {draft.url}")


def link_feed_entry(
    feed: Feed, *, key: str, article: Article, entry_updated_at: datetime | None
) -> FeedEntry:
    """Record that a feed entry points at an already stored article (no article write)."""
    entry, _ = FeedEntry.objects.update_or_create(
        feed=feed,
        key=key[:2000],
        defaults={"article": article, "entry_updated_at": entry_updated_at},
    )
    return entry
