"""The one owner of source and feed writes: adding feeds (with discovery) and OPML import."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from broadsheet.ingest.discovery import discover_feed_urls, looks_like_feed
from broadsheet.ingest.feeds import FeedParseError, parse_feed
from broadsheet.lib.fetch import Fetcher
from broadsheet.lib.fetch_errors import FetchError
from broadsheet.lib.urls import canonicalize_url, host_of
from broadsheet.sources.models import Feed, Source
from broadsheet.sources.opml import OpmlOutline, parse_opml


class SourceError(ValueError):
    """A source could not be added; the message says why, for the operator."""


@dataclass(frozen=True)
class AddedFeed:
    """A feed that `add_source` stored (or found already stored)."""

    feed: Feed
    created: bool


def unique_slug(name: str) -> str:
    """A slug for a new source, made unique by a numeric suffix."""
    base = slugify(name)[:90] or "source"
    slug, n = base, 2
    while Source.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def ensure_feed(
    feed_url: str,
    *,
    name: str,
    home_url: str = "",
    language: str = "",
    country: str = "",
) -> AddedFeed:
    """Store a feed and its source unless the feed URL is already known (idempotent)."""
    url = feed_url.strip()
    existing = Feed.objects.filter(url=url).first()
    if existing is not None:
        return AddedFeed(existing, False)
    with transaction.atomic():
        source = Source.objects.filter(name=name).first() if name else None
        if source is None:
            source = Source.objects.create(
                name=name[:200] or host_of(url) or url[:200],
                slug=unique_slug(name or host_of(url)),
                home_url=home_url[:2000],
                language=language[:16],
                country=country[:2].upper(),
            )
        feed = Feed.objects.create(source=source, url=url, next_fetch_at=timezone.now())
    return AddedFeed(feed, True)


def add_source(url: str, *, fetcher: Fetcher, name: str | None = None) -> list[AddedFeed]:
    """Add a feed URL, or a homepage whose feeds are discovered from its alternate links."""
    try:
        target = canonicalize_url(url)
    except ValueError as error:
        raise SourceError(str(error)) from None
    result = fetcher.fetch(target)
    if looks_like_feed(result.content, result.content_type):
        try:
            parsed = parse_feed(result.content, url=result.url, content_type=result.content_type)
        except FeedParseError as error:
            raise SourceError(f"{target} is not a valid feed: {error}") from None
        return [
            ensure_feed(
                result.url,
                name=name or parsed.title or host_of(result.url),
                home_url=parsed.home_url or "",
                language=parsed.language or "",
            )
        ]
    feeds = discover_feed_urls(result.text, base_url=result.url)
    if not feeds:
        raise SourceError(f"no feed found at {target}: it is not a feed and links to none")
    site_name = name or _feed_title(feeds[0], fetcher=fetcher) or host_of(result.url)
    return [ensure_feed(f, name=site_name, home_url=result.url) for f in feeds]


def _feed_title(url: str, *, fetcher: Fetcher) -> str:
    """The title a discovered feed gives itself ("" when it cannot be read): a source added
    by its home page is named as the publisher names it, not after its host."""
    try:
        result = fetcher.fetch(url)
        return parse_feed(result.content, url=result.url, content_type=result.content_type).title
    except (FetchError, FeedParseError, ValueError):
        return ""


@dataclass(frozen=True)
class OpmlReport:
    """What an OPML import did: feeds added, already known, and the lines it could not use."""

    added: int
    existing: int
    errors: tuple[str, ...]


def import_opml(data: bytes) -> OpmlReport:
    """Add every feed of an OPML document; a bad outline is reported and the rest kept."""
    parsed = parse_opml(data)
    added = existing = 0
    errors = list(parsed.errors)
    for outline in parsed.outlines:
        try:
            result = ensure_feed(
                canonicalize_url(outline.feed_url),
                name=outline.title or host_of(outline.feed_url),
                home_url=outline.home_url or "",
            )
        except ValueError as error:
            errors.append(f"{outline.feed_url}: {error}")
            continue
        added += result.created
        existing += not result.created
    return OpmlReport(added=added, existing=existing, errors=tuple(errors))


def export_outlines() -> list[OpmlOutline]:
    """Every feed as an OPML outline, grouped by nothing but sorted by source."""
    return [
        OpmlOutline(
            feed_url=f.url, title=f.source.name, home_url=f.source.home_url or None, category=None
        )
        for f in Feed.objects.select_related("source").order_by("source__name", "url")
    ]
