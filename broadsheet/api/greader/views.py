"""The Google Reader endpoints: sign-in info, streams and item edits (subscriptions: the rest)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from broadsheet.accounts.services import display_name_of
from broadsheet.api.errors import ApiError
from broadsheet.api.greader import streams
from broadsheet.api.greader.auth import action_token, signed_in, signed_in_edit, text
from broadsheet.api.greader.items import item_json, item_ref
from broadsheet.api.greader.params import integer as _int
from broadsheet.api.greader.params import value as _value
from broadsheet.api.greader.params import values as _values
from broadsheet.api.pagination import Order, paginate
from broadsheet.articles.models import Article
from broadsheet.readers import folders
from broadsheet.readers import services as readers
from broadsheet.readers.models import SavedArticle

DEFAULT_COUNT, MAX_COUNT = 20, 1000
MAX_ITEMS_PER_CALL = 1000


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


def _page(request: HttpRequest, user: Any, stream_id: str) -> tuple[list[Article], str | None]:
    """One page of a stream, as the stream/contents and items/ids parameters ask."""
    oldest, newest = _int(request, "ot"), _int(request, "nt")
    rows = streams.stream_articles(
        user,
        stream_id,
        exclude=_values(request, "xt"),
        include=_values(request, "it"),
        since=streams.moment(oldest) if oldest is not None else None,
        until=streams.moment(newest) if newest is not None else None,
    )
    oldest_first = _value(request, "r") == "o"
    order = Order(
        scope="greader-asc" if oldest_first else "greader",
        field="published_at",
        descending=not oldest_first,
    )
    count = max(1, min(_int(request, "n") or DEFAULT_COUNT, MAX_COUNT))
    return paginate(
        rows.select_related("source"), order, cursor=_value(request, "c"), limit=count,
        max_limit=MAX_COUNT,
    )  # fmt: skip


def _items(user: Any, articles: list[Article]) -> list[dict]:
    ids = [a.pk for a in articles]
    read = readers.read_article_ids(user, ids)
    starred = set(
        SavedArticle.objects.filter(user_id=user.pk, article_id__in=ids).values_list(
            "article_id", flat=True
        )
    )
    labels = folders.folders_by_source(user) if articles else {}
    return [
        item_json(
            a, is_read=a.pk in read, is_starred=a.pk in starred, labels=labels.get(a.source_id, [])
        )
        for a in articles
    ]


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
@require_http_methods(["GET", "POST"])
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
            user, stream_id, exclude=[streams.READ], include=[], since=None,
            until=streams.moment_of_timestamp(ts) if ts and ts > 0 else None,
        )  # fmt: skip
    except streams.UnknownStream:
        return text("Error: unknown stream", status=404)
    readers.mark_many_read(user, rows.order_by("pk").values_list("pk", flat=True).iterator())
    return text("OK")
