"""From a feed entry (and its fetched page) to an ArticleDraft: plain functions, no ORM."""

from __future__ import annotations

import hashlib
from datetime import datetime

from broadsheet.articles.drafts import ArticleDraft
from broadsheet.clustering.eventtime import check_published
from broadsheet.extraction import ExtractedArticle
from broadsheet.feeds.parse import ParsedEntry
from broadsheet.lib.dates import is_dateline
from broadsheet.lib.html import html_to_paragraphs, html_to_text
from broadsheet.lib.languages import normalize_language
from broadsheet.lib.text import count_words, truncate_words
from broadsheet.lib.urls import canonicalize_url, is_http_url, same_site

SUMMARY_CHARS = 400


def entry_article_url(entry: ParsedEntry, *, feed_url: str, key: str) -> str:
    """The canonical URL an entry's article is stored under.

    An entry without a usable link still needs a stable unique URL: it gets one
    under its feed, derived from its identity key.
    """
    if entry.url and is_http_url(entry.url):
        try:
            return canonicalize_url(entry.url)
        except ValueError:
            pass
    digest = hashlib.blake2b(key.encode(), digest_size=10).hexdigest()
    return f"{canonicalize_url(feed_url)}#entry-{digest}"


def choose_canonical(entry_url: str, *, page_url: str | None, declared: str | None) -> str:
    """The page's rel=canonical when it stays on the publisher's site, else the entry's URL."""
    for candidate in (declared, page_url):
        if candidate and is_http_url(candidate) and same_site(candidate, entry_url):
            try:
                return canonicalize_url(candidate)
            except ValueError:
                continue
    return entry_url


def build_draft(
    entry: ParsedEntry,
    *,
    url: str,
    key: str,
    extracted: ExtractedArticle | None,
    now: datetime,
) -> ArticleDraft:
    """Merge what the feed said with what the page yielded; fall back to the feed's content."""
    feed_body = html_to_paragraphs(entry.content_html or entry.summary_html)
    feed_summary = html_to_text(entry.summary_html or entry.content_html)
    use_page = extracted is not None and extracted.status == "ok" and extracted.text.strip()
    if use_page and extracted is not None:
        body, status = extracted.text, "ok"
    elif extracted is not None and extracted.status in ("partial", "gated"):
        body, status = feed_body, extracted.status
    else:
        body, status = feed_body, "feed"
    title = (extracted.title if extracted and extracted.title else "") or entry.title or url
    summary_source = (
        _unless_dateline(feed_summary)
        or (extracted.description if extracted else "")
        or "\n\n".join(p for p in body.split("\n\n") if not is_dateline(p))
    )
    published = _first_date(entry.published_at, extracted.published_at if extracted else None)
    updated = _first_date(entry.updated_at, extracted.updated_at if extracted else None)
    return ArticleDraft(
        url=url,
        entry_key=key,
        title=truncate_words(title, limit=1000),
        author=_author(entry, extracted),
        summary=truncate_words(summary_source or "", limit=SUMMARY_CHARS),
        body=body,
        status=status,
        language=(extracted.language if extracted and extracted.language else None)
        or normalize_language(entry.language)
        or "",
        image_url=(extracted.image_url if extracted and extracted.image_url else entry.image_url)
        or "",
        word_count=count_words(body),
        published_at=min(published or now, now),
        updated_at=min(updated, now) if updated else None,
        fetched_at=now,
        entry_updated_at=entry.updated_at or entry.published_at,
        date_note=check_published(published, now=now) or "",
    )


def _unless_dateline(text: str) -> str:
    # Some feeds put only the dateline in the description; a card would show just that.
    return "" if is_dateline(text) else text


def _first_date(*candidates: datetime | None) -> datetime | None:
    return next((c for c in candidates if c is not None), None)


def _author(entry: ParsedEntry, extracted: ExtractedArticle | None) -> str:
    if extracted and extracted.authors:
        return ", ".join(extracted.authors)[:500]
    return entry.author[:500]
