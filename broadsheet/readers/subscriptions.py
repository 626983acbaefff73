"""A reader subscribes to URLs: one feed or page (apps' quickadd), or a whole OPML file.

A URL Broadsheet already polls is followed at once, without fetching anything; a new
one is fetched once through the guarded fetcher, and a page is searched for the feeds it
announces. An OPML import fetches nothing: new feeds wait for their first poll. Exports
give the reader's own folders and titles back.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from broadsheet.lib.fetch import Fetcher, FetchError
from broadsheet.lib.urls import canonicalize_url, equivalent_urls
from broadsheet.readers import folders
from broadsheet.readers.services import User, follow, require_reader
from broadsheet.sources.models import Feed, Source
from broadsheet.sources.opml import OpmlOutline
from broadsheet.sources.services import SourceError, add_source, import_opml


class SubscribeError(ValueError):
    """The URL could not be subscribed to; the message says why, for the reader."""


def known_source(url: str) -> Source | None:
    """The source whose feed (or home page) is at this URL, under any of its spellings."""
    try:
        spellings = equivalent_urls(canonicalize_url(url))
    except ValueError:
        return None
    spellings.append(url.strip())
    feed = Feed.objects.select_related("source").filter(url__in=spellings).first()
    if feed is not None:
        return feed.source
    return Source.objects.filter(Q(home_url__in=spellings)).order_by("pk").first()


def subscribe_url(
    user: User,
    url: str,
    *,
    fetcher: Fetcher,
    folder: str | None = None,
    title: str | None = None,
) -> Source:
    """Follow the source at `url`, adding it (feed discovery included) when it is new."""
    require_reader(user)
    source = known_source(url)
    if source is None:
        try:
            added = add_source(url, fetcher=fetcher)
        except SourceError as error:
            raise SubscribeError(str(error)) from None
        except FetchError as error:
            raise SubscribeError(f"{url} could not be fetched: {error.reason}") from None
        source = added[0].feed.source
    follow(user, source)
    if folder:
        folders.file_source(user, source, folder=folder)
    if title:
        folders.set_subscription_title(user, source, title=title)
    return source


@dataclass(frozen=True)
class SubscriptionsImport:
    """What importing a reader's OPML did: feeds new to Broadsheet, already known, followed,
    filed into folders, and one message per outline it could not use (title and URL)."""

    added: int
    existing: int
    followed: int
    errors: tuple[str, ...]


def import_subscriptions(user: User, data: bytes) -> SubscriptionsImport:
    """Follow every feed of an OPML file, in its folders, under its titles; nothing is fetched.

    OpmlError when the file is refused whole (nothing stored then).
    """
    require_reader(user)
    with transaction.atomic():
        report = import_opml(data)
        errors = list(report.errors)
        followed: set[int] = set()
        for outline, feed in report.feeds:
            source = feed.source
            follow(user, source)
            followed.add(source.pk)
            try:
                if outline.category:
                    folders.file_source(user, source, folder=outline.category)
                if outline.title and outline.title not in (source.name, outline.feed_url):
                    folders.set_subscription_title(user, source, title=outline.title[:200])
            except folders.FolderError as error:
                errors.append(f"outline {outline.title!r} ({outline.feed_url}): {error}")
    return SubscriptionsImport(
        added=report.added, existing=report.existing, followed=len(followed),
        errors=tuple(errors),
    )  # fmt: skip


def export_subscriptions(user: User) -> list[OpmlOutline]:
    """The reader's followed feeds as OPML outlines: one per feed and folder, own titles."""
    titles = folders.subscription_titles(user, renamed_only=False)
    filed = folders.folders_by_source(user)
    sources = Source.objects.filter(pk__in=list(titles)).prefetch_related("feeds")
    outlines = []
    for source in sources.order_by("name", "pk"):
        for feed in sorted(source.feeds.all(), key=lambda f: f.pk):
            places: list[str | None] = [*filed.get(source.pk, [])] or [None]
            for folder in places:
                outlines.append(
                    OpmlOutline(
                        feed_url=feed.url,
                        title=titles[source.pk] or source.name,
                        home_url=source.home_url or None,
                        category=folder,
                    )  # fmt: skip
                )
    return outlines
