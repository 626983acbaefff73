"""The Google Reader endpoints: sign-in info, subscriptions, tags, streams, edits."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from broadsheet.accounts.services import display_name_of
from broadsheet.api.errors import ApiError
from broadsheet.api.greader import streams
from broadsheet.api.greader.auth import action_token, signed_in, signed_in_edit, text
from broadsheet.api.greader.items import item_json, item_ref
from broadsheet.api.pagination import Order, paginate
from broadsheet.api.schemas import http_url
from broadsheet.articles.models import Article
from broadsheet.readers import services as readers
from broadsheet.readers.models import SavedArticle
from broadsheet.sources.models import Source

DEFAULT_COUNT, MAX_COUNT = 20, 1000
MAX_ITEMS_PER_CALL = 1000


def _values(request: HttpRequest, name: str) -> list[str]:
    """A parameter's values from the query string and the form body (clients use both)."""
    return [v for v in request.GET.getlist(name) + request.POST.getlist(name) if v]


def _value(request: HttpRequest, name: str) -> str | None:
    values = _values(request, name)
    return values[0] if values else None


def _int(request: HttpRequest, name: str) -> int | None:
    raw = _value(request, name)
    try:
        return int(raw) if raw is not None else None
    except ValueError:
        return None


@signed_in
@require_GET
def user_info(request: HttpRequest, user: Any) -> HttpResponse:
    """Who is signed in."""
    return JsonResponse({
        "userId": str(user.pk), "userName": display_name_of(user),
        "userProfileId": str(user.pk), "userEmail": user.email,
    })  # fmt: skip


@signed_in
@require_GET
def token(request: HttpRequest, user: Any) -> HttpResponse:
    """The action token (T) that edits must send."""
    return text(action_token(request.greader_token))  # type: ignore[attr-defined]


def _subscription(source: Source) -> dict:
    feed = min(source.feeds.all(), key=lambda f: f.pk, default=None)  # prefetched
    return {
        "id": f"feed/{source.pk}",
        "title": source.name,
        "categories": [],
        "url": http_url(feed.url if feed else source.home_url),
        "htmlUrl": http_url(source.home_url),
        "iconUrl": http_url(source.icon_url),
    }


@signed_in
@require_GET
def subscription_list(request: HttpRequest, user: Any) -> HttpResponse:
    """The sources the reader follows."""
    sources = Source.objects.filter(pk__in=streams.followed_source_ids(user)).prefetch_related(
        "feeds"
    )
    return JsonResponse({"subscriptions": [_subscription(s) for s in sources.order_by("name")]})


@signed_in_edit
@require_POST
def subscription_edit(request: HttpRequest, user: Any) -> HttpResponse:
    """ac=subscribe / unsubscribe s=feed/...: follow or unfollow sources Broadsheet has."""
    action = _value(request, "ac")
    found = [streams.source_of_stream(s) for s in _values(request, "s")]
    if action not in ("subscribe", "unsubscribe", "edit") or not found or None in found:
        return text("Error: unknown subscription", status=400)
    for source in found:
        assert source is not None
        if action == "subscribe":
            readers.follow(user, source)
        elif action == "unsubscribe":
            readers.unfollow(user, source)
    return text("OK")


@signed_in
@require_GET
def tag_list(request: HttpRequest, user: Any) -> HttpResponse:
    """Starred, and one label per followed topic."""
    tags: list[dict] = [{"id": streams.STARRED}]
    tags += [
        {"id": f"{streams.LABEL}{t.name}", "type": "tag"} for t in streams.followed_topics(user)
    ]
    return JsonResponse({"tags": tags})


@signed_in
@require_GET
def unread_count(request: HttpRequest, user: Any) -> HttpResponse:
    """Unread items per subscription and in the reading list."""
    rows = (
        Article.objects.filter(source_id__in=streams.followed_source_ids(user))
        .exclude(read_states__user_id=user.pk)
        .values("source_id")
        .order_by("source_id")
    )
    counts = list(rows.annotate(count=Count("pk"), newest=Max("published_at")))
    entries = [
        {"id": f"feed/{c['source_id']}", "count": c["count"],
         "newestItemTimestampUsec": str(int(c["newest"].timestamp() * 1_000_000))}
        for c in counts
    ]  # fmt: skip
    total = sum(c["count"] for c in counts)
    newest = max((e["newestItemTimestampUsec"] for e in entries), default="0", key=int)
    entries.append({"id": streams.READING_LIST, "count": total, "newestItemTimestampUsec": newest})
    return JsonResponse({"max": MAX_COUNT, "unreadcounts": entries})


def _page(request: HttpRequest, user: Any, stream_id: str) -> tuple[list[Article], str | None]:
    """One page of a stream, as the stream/contents and items/ids parameters ask."""
    rows = streams.stream_articles(
        user,
        stream_id,
        exclude=_values(request, "xt"),
        include=_values(request, "it"),
        newer_than=_int(request, "nt"),
        older_than=_int(request, "ot"),
    )
    oldest_first = _value(request, "r") == "o"
    order = Order(
        scope="greader-asc" if oldest_first else "greader",
        field="published_at",
        descending=not oldest_first,
    )
    count = max(1, min(_int(request, "n") or DEFAULT_COUNT, MAX_COUNT))
    return paginate(rows.select_related("source"), order, cursor=_value(request, "c"), limit=count)


def _items(user: Any, articles: list[Article]) -> list[dict]:
    ids = [a.pk for a in articles]
    read = readers.read_article_ids(user, ids)
    starred = set(
        SavedArticle.objects.filter(user_id=user.pk, article_id__in=ids).values_list(
            "article_id", flat=True
        )
    )
    return [item_json(a, is_read=a.pk in read, is_starred=a.pk in starred) for a in articles]


def _stream_answer(request: HttpRequest, build: Any) -> HttpResponse:
    try:
        return build()
    except streams.UnknownStream:
        return text("Error: unknown stream", status=404)
    except ApiError:
        return text("Error: invalid continuation", status=400)


@signed_in
@require_http_methods(["GET", "POST"])
def stream_contents(request: HttpRequest, user: Any, stream: str = "") -> HttpResponse:
    """Items of a stream (in the path or `s=`), newest first unless r=o; `c` continues."""
    stream_id = stream or _value(request, "s") or streams.READING_LIST

    def build() -> HttpResponse:
        articles, more = _page(request, user, stream_id)
        body: dict = {
            "id": stream_id,
            "updated": int(timezone.now().timestamp()),
            "items": _items(user, articles),
        }
        if more:
            body["continuation"] = more
        return JsonResponse(body)

    return _stream_answer(request, build)


@signed_in
@require_GET
def stream_item_ids(request: HttpRequest, user: Any) -> HttpResponse:
    """Ids of a stream's items (s=, xt=, it=, n=, r=, c=): what apps sync first."""
    stream_id = _value(request, "s") or streams.READING_LIST

    def build() -> HttpResponse:
        articles, more = _page(request, user, stream_id)
        body: dict = {"itemRefs": [item_ref(a) for a in articles]}
        if more:
            body["continuation"] = more
        return JsonResponse(body)

    return _stream_answer(request, build)


def _articles_named(request: HttpRequest) -> list[Article]:
    ids = {streams.parse_item_id(i) for i in _values(request, "i")[:MAX_ITEMS_PER_CALL]}
    wanted = [pk for pk in ids if pk is not None]
    return list(
        Article.objects.filter(pk__in=wanted)
        .select_related("source")
        .order_by("-published_at", "-pk")
    )


@signed_in
@require_http_methods(["GET", "POST"])
def stream_items_contents(request: HttpRequest, user: Any) -> HttpResponse:
    """The items named by `i=` (long or short ids); unknown ids are left out."""
    articles = _articles_named(request)
    return JsonResponse({
        "id": streams.READING_LIST, "updated": int(timezone.now().timestamp()),
        "items": _items(user, articles),
    })  # fmt: skip


def _apply_tag(user: Any, article: Article, tag: str, *, add: bool) -> None:
    tag = streams.normalize(tag)
    if tag == streams.READ:
        (readers.mark_read if add else readers.mark_unread)(user, article)
    elif tag == streams.KEPT_UNREAD and add:
        readers.mark_unread(user, article)
    elif tag == streams.STARRED:
        (readers.save_article if add else readers.unsave_article)(user, article)


@signed_in_edit
@require_POST
def edit_tag(request: HttpRequest, user: Any) -> HttpResponse:
    """a= adds and r= removes read/starred on the items `i=`; other tags are ignored."""
    articles = _articles_named(request)
    for article in articles:
        for tag in _values(request, "a"):
            _apply_tag(user, article, tag, add=True)
        for tag in _values(request, "r"):
            _apply_tag(user, article, tag, add=False)
    return text("OK")


@signed_in_edit
@require_POST
def mark_all_as_read(request: HttpRequest, user: Any) -> HttpResponse:
    """Mark every unread item of stream `s` read, up to `ts` (microseconds) when given."""
    stream_id = _value(request, "s") or streams.READING_LIST
    ts = _int(request, "ts")
    try:
        rows = streams.stream_articles(
            user, stream_id, exclude=[streams.READ], include=[], newer_than=None,
            older_than=(ts // 1_000_000) + 1 if ts else None,
        )  # fmt: skip
    except streams.UnknownStream:
        return text("Error: unknown stream", status=404)
    for article in rows.order_by("pk").iterator():
        readers.mark_read(user, article)
    return text("OK")
