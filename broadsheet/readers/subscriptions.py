"""A reader subscribes to a URL: a feed Broadsheet knows, or a new feed or page to add.

Reader apps add feeds by URL (Google Reader's quickadd, subscription/edit with a URL,
OPML). A URL Broadsheet already polls is followed at once, without fetching anything;
a new one is fetched once through the guarded fetcher, and a page is searched for the
feeds it announces.
"""

from __future__ import annotations

from django.db.models import Q

from broadsheet.lib.fetch import Fetcher, FetchError
from broadsheet.lib.urls import canonicalize_url, equivalent_urls
from broadsheet.readers import folders
from broadsheet.readers.services import User, follow, require_reader
from broadsheet.sources.models import Feed, Source
from broadsheet.sources.services import SourceError, add_source


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
