"""Stream ids (reading-list, starred, read, feed/..., labels) as article querysets, and item ids.

Times follow Google Reader's meaning: `ot` is the oldest time wanted (only items at or
after it), `nt` the newest (only items at or before it), both in Unix seconds.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from django.db.models import Q, QuerySet

from broadsheet.articles.models import Article
from broadsheet.readers import folders
from broadsheet.readers.models import Follow
from broadsheet.sources.models import Source
from broadsheet.stories.models import Topic

STATE = "user/-/state/com.google/"
READING_LIST = STATE + "reading-list"
STARRED = STATE + "starred"
READ = STATE + "read"
KEPT_UNREAD = STATE + "kept-unread"
LABEL = "user/-/label/"
LONG_ID = "tag:google.com,2005:reader/item/"
_USER = re.compile(r"^user/\d+/")
MAX_SECONDS = 253_402_214_400  # 9999-12-31


class UnknownStream(ValueError):
    """The stream id names nothing Broadsheet has."""


def normalize(stream_id: str) -> str:
    """`user/<id>/...` as `user/-/...`: clients use either form for their own streams."""
    return _USER.sub("user/-/", stream_id.strip())


def followed_source_ids(user: Any) -> list[int]:
    """The sources the reader follows: their subscriptions."""
    return list(
        Follow.objects.filter(user_id=user.pk, kind=Follow.Kind.SOURCE).values_list(
            "target_id", flat=True
        )
    )


def followed_topics(user: Any) -> list[Topic]:
    """The topics the reader follows: their labels."""
    ids = Follow.objects.filter(user_id=user.pk, kind=Follow.Kind.TOPIC).values_list(
        "target_id", flat=True
    )
    return list(Topic.objects.filter(pk__in=list(ids)))


def source_of_stream(stream_id: str) -> Source | None:
    """The source of `feed/<id>` or `feed/<feed or home URL>`."""
    key = stream_id.removeprefix("feed/")
    if key.isdigit():
        return Source.objects.filter(pk=int(key)).first()
    return Source.objects.filter(Q(feeds__url=key) | Q(home_url=key)).first()


def stream_filter(user: Any, stream_id: str) -> Q:
    """The condition on articles that makes up one stream for this reader."""
    stream = normalize(stream_id)
    if stream == READING_LIST:
        return Q(source_id__in=followed_source_ids(user))
    if stream == STARRED:
        return Q(saves__user_id=user.pk)
    if stream == READ:
        return Q(read_states__user_id=user.pk)
    if stream.startswith("feed/"):
        source = source_of_stream(stream)
        if source is None:
            raise UnknownStream(stream_id)
        return Q(source=source)
    if stream.startswith(LABEL):
        return _label_filter(user, stream.removeprefix(LABEL), stream_id)
    raise UnknownStream(stream_id)


def _label_filter(user: Any, name: str, stream_id: str) -> Q:
    """A label is one of the reader's folders; apps set up before folders existed may still
    read a followed topic's articles through its name."""
    source_ids = folders.sources_in_folder(user, name)
    if source_ids is not None:
        return Q(source_id__in=source_ids)
    topic = Topic.objects.filter(name=name).first()
    if topic is None:
        raise UnknownStream(stream_id)
    return Q(topic_links__topic=topic)


def stream_articles(
    user: Any,
    stream_id: str,
    *,
    exclude: list[str],
    include: list[str],
    since: datetime | None,
    until: datetime | None,
) -> QuerySet[Article]:
    """Articles of the stream, minus `xt` streams, within `it` streams, published in
    [since, until] (either end open when None)."""
    rows = Article.objects.filter(stream_filter(user, stream_id))
    for other in exclude:
        rows = rows.exclude(pk__in=Article.objects.filter(stream_filter(user, other)).values("pk"))
    for other in include:
        rows = rows.filter(pk__in=Article.objects.filter(stream_filter(user, other)).values("pk"))
    if since is not None:
        rows = rows.filter(published_at__gte=since)
    if until is not None:
        rows = rows.filter(published_at__lte=until)
    return rows.distinct()


def moment(seconds: float) -> datetime:
    """A Unix time from a client, clamped to what datetimes and databases can hold."""
    return datetime.fromtimestamp(min(max(seconds, 0), MAX_SECONDS), tz=UTC)


def moment_of_timestamp(value: int) -> datetime:
    """`ts` of mark-all-as-read: microseconds in Google's API, but clients send seconds,
    milliseconds or nanoseconds too; the magnitude tells which (all past 2001 or so)."""
    for scale in (1_000_000_000, 1_000_000, 1_000):
        if value >= 1_000_000_000 * scale:
            return moment(value / scale)
    return moment(value)


def parse_item_id(raw: str) -> int | None:
    """An article id from the long form (hex), a 16-digit hex, or the short decimal form."""
    value = raw.strip()
    try:
        if value.startswith(LONG_ID):
            return int(value.removeprefix(LONG_ID), 16)
        if value.lstrip("-").isdigit():
            number = int(value)
            # Short ids are signed 64-bit decimals; ours are positive primary keys.
            return number if number > 0 else None
        if len(value) == 16:
            return int(value, 16)
    except ValueError:
        return None
    return None


def long_id(article_id: int) -> str:
    """The long item id clients store: the article's id as 16 hex digits."""
    return f"{LONG_ID}{article_id:016x}"
