"""The one owner of source and feed writes: adding feeds (with discovery) and OPML import."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from broadsheet.feeds.discovery import discover_feed_urls, looks_like_feed
from broadsheet.feeds.parse import FeedParseError, parse_feed
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
        source = _same_publisher(name, feed_url=url, home_url=home_url) if name else None
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


def _same_publisher(name: str, *, feed_url: str, home_url: str) -> Source | None:
    """A stored source of this name on the same site: a publisher's second feed joins it.

    The name alone is not enough: unrelated feeds are often called "Blog" or "News".
    """
    hosts = {host_of(u) for u in (feed_url, home_url) if u} - {""}
    for source in Source.objects.filter(name=name).prefetch_related("feeds")[:50]:
        known = {host_of(source.home_url)} | {host_of(f.url) for f in source.feeds.all()}
        if hosts & (known - {""}):
            return source
    return None


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
    """What an OPML import did: feeds added, already known, and the lines it could not use.

    `feeds` pairs each outline read with the feed it names, for the reader-side import.
    """

    added: int
    existing: int
    errors: tuple[str, ...]
    feeds: tuple[tuple[OpmlOutline, Feed], ...] = ()


def import_opml(data: bytes) -> OpmlReport:
    """Add every feed of an OPML document; a bad outline is reported and the rest kept.

    Nothing is fetched: new feeds are due at once and the scheduler polls them. A file
    refused whole (OpmlError) stores nothing, and neither does a crash half-way.
    """
    parsed = parse_opml(data)
    added = existing = 0
    errors = list(parsed.errors)
    feeds: list[tuple[OpmlOutline, Feed]] = []
    known: dict[str, AddedFeed] = {}
    with transaction.atomic():
        for outline in parsed.outlines:
            try:
                url = canonicalize_url(outline.feed_url)
                result = known.get(url) or ensure_feed(
                    url,
                    name=outline.title or host_of(outline.feed_url),
                    home_url=outline.home_url or "",
                )
            except ValueError as error:
                errors.append(f"outline {outline.title!r} ({outline.feed_url}): {error}")
                continue
            if url not in known:  # the same feed in a second folder counts once
                added += result.created
                existing += not result.created
                known[url] = AddedFeed(result.feed, False)
            feeds.append((outline, result.feed))
    return OpmlReport(added=added, existing=existing, errors=tuple(errors), feeds=tuple(feeds))


def export_outlines() -> list[OpmlOutline]:
    """Every feed as an OPML outline, grouped by nothing but sorted by source."""
    return [
        OpmlOutline(
            feed_url=f.url, title=f.source.name, home_url=f.source.home_url or None, category=None
        )
        for f in Feed.objects.select_related("source").order_by("source__name", "url")
    ]
