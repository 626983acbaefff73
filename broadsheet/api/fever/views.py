"""The Fever endpoint: one URL, `?api`, flags for what to read and `mark` for what to change.

Parameters come in the query string or the form body (apps use both). Every answer has
`api_version` 3 and `auth`; a wrong api_key is `auth: 0`, and too many wrong keys from one
address are refused like wrong passwords at the login.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db.models import Max, Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from broadsheet.api.fever.keys import authenticate_fever
from broadsheet.api.greader.items import content_html
from broadsheet.api.greader.streams import followed_source_ids
from broadsheet.api.schemas import http_url
from broadsheet.articles.models import Article
from broadsheet.lib.ratelimit import client_ip, hit, is_limited
from broadsheet.readers import folders
from broadsheet.readers import services as readers
from broadsheet.readers.models import Folder, SavedArticle
from broadsheet.sources.models import Source

API_VERSION = 3
ITEMS_PER_CALL = 50
MAX_IDS = 100_000  # unread_item_ids / saved_item_ids: the newest this many
# Fever's "unread recently read": items read in the last this many seconds.
RECENTLY_READ_SECONDS = 3600
# Apps draw a favicon per feed; Broadsheet keeps no icon images, so every feed shares
# one transparent 1x1 GIF (id 1).
BLANK_ICON = "image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"


class FeverError(ValueError):
    """A request the Fever API cannot carry out; the message says why."""


def _param(request: HttpRequest, name: str) -> str | None:
    value = request.POST.get(name)
    return value if value is not None else request.GET.get(name)


def _has(request: HttpRequest, name: str) -> bool:
    return name in request.GET or name in request.POST


def _int(request: HttpRequest, name: str) -> int | None:
    raw = _param(request, name)
    if raw is None or raw == "":
        return None
    try:
        return int(raw)
    except ValueError:
        raise FeverError(f"{name} must be a whole number") from None


def _unix(moment: datetime | None) -> int:
    return int(moment.timestamp()) if moment else 0


def _failures_key(request: HttpRequest) -> str:
    return f"fever-fail:{client_ip(request)}"


def _refusal_limits() -> tuple[int, int]:
    """Wrong keys allowed per address and the window: the login's lock-out settings."""
    return settings.AXES_FAILURE_LIMIT, int(settings.AXES_COOLOFF_TIME.total_seconds())


@csrf_exempt
@require_http_methods(["GET", "POST"])
def fever(request: HttpRequest) -> HttpResponse:
    """Answer one Fever API call."""
    base: dict[str, Any] = {"api_version": API_VERSION, "auth": 0}
    if not _has(request, "api"):
        return JsonResponse({**base, "error": "this is the Fever API: add ?api"}, status=400)
    limit, window = _refusal_limits()
    if is_limited(_failures_key(request), limit=limit, window=window):
        response = JsonResponse({**base, "error": "too many wrong api_keys: wait"}, status=429)
        response["Retry-After"] = str(window)
        return response
    user = authenticate_fever(_param(request, "api_key") or "")
    if user is None:
        hit(_failures_key(request), limit=limit, window=window)
        return JsonResponse(base)
    body = {**base, "auth": 1, "last_refreshed_on_time": _last_refreshed(user)}
    try:
        if _has(request, "mark"):
            body.update(_mark(request, user))
        if _has(request, "unread_recently_read"):
            readers.unread_recently_read(user, seconds=RECENTLY_READ_SECONDS)
        body.update(_reads(request, user))
    except FeverError as error:
        return JsonResponse({**body, "error": str(error)}, status=400)
    return JsonResponse(body)


def _reads(request: HttpRequest, user: Any) -> dict[str, Any]:
    """Everything the request's flags ask for."""
    out: dict[str, Any] = {}
    if _has(request, "groups"):
        out["groups"] = [{"id": f.pk, "title": f.name} for f in _folders(user)]
    if _has(request, "groups") or _has(request, "feeds"):
        out["feeds_groups"] = _feeds_groups(user)
    if _has(request, "feeds"):
        out["feeds"] = _feeds(user)
    if _has(request, "favicons"):
        out["favicons"] = [{"id": 1, "data": BLANK_ICON}]
    if _has(request, "items"):
        out.update(_items(request, user))
    if _has(request, "links"):
        out["links"] = []  # Fever's "hot links": Broadsheet ranks stories, not links
    if _has(request, "unread_item_ids"):
        out["unread_item_ids"] = _ids(_in_scope(user).exclude(read_states__user_id=user.pk))
    if _has(request, "saved_item_ids"):
        out["saved_item_ids"] = _ids(Article.objects.filter(saves__user_id=user.pk))
    return out


def _last_refreshed(user: Any) -> int:
    newest = Source.objects.filter(pk__in=followed_source_ids(user)).aggregate(
        at=Max("feeds__last_success_at")
    )
    return _unix(newest["at"])


def _folders(user: Any) -> QuerySet[Folder]:
    return Folder.objects.filter(user_id=user.pk).order_by("name", "pk")


def _feeds_groups(user: Any) -> list[dict[str, Any]]:
    names = {f.name: f.pk for f in _folders(user)}
    grouped: dict[int, list[int]] = {}
    for source_id, folder_names in folders.folders_by_source(user).items():
        for name in folder_names:
            grouped.setdefault(names[name], []).append(source_id)
    return [
        {"group_id": group, "feed_ids": ",".join(str(i) for i in sorted(ids))}
        for group, ids in sorted(grouped.items())
    ]


def _feeds(user: Any) -> list[dict[str, Any]]:
    titles = folders.subscription_titles(user, renamed_only=False)
    sources = (
        Source.objects.filter(pk__in=list(titles)).prefetch_related("feeds").order_by("name", "pk")
    )
    feeds = []
    for source in sources:
        feed = min(source.feeds.all(), key=lambda f: f.pk, default=None)
        updated = max((f.last_success_at for f in source.feeds.all() if f.last_success_at),
                      default=None)  # fmt: skip
        feeds.append({
            "id": source.pk, "favicon_id": 1, "title": titles[source.pk] or source.name,
            "url": http_url(feed.url if feed else source.home_url),
            "site_url": http_url(source.home_url), "is_spark": 0,
            "last_updated_on_time": _unix(updated),
        })  # fmt: skip
    return feeds


def _in_scope(user: Any) -> QuerySet[Article]:
    """The reader's items: articles of followed sources, and any article they saved."""
    saved = SavedArticle.objects.filter(user_id=user.pk).values("article_id")
    return Article.objects.filter(Q(source_id__in=followed_source_ids(user)) | Q(pk__in=saved))


def _ids(rows: QuerySet[Article]) -> str:
    ids = rows.order_by("-pk").values_list("pk", flat=True)[:MAX_IDS]
    return ",".join(str(pk) for pk in sorted(ids))


def _items(request: HttpRequest, user: Any) -> dict[str, Any]:
    """At most 50 items: after since_id (ascending), before max_id (descending), or with_ids."""
    rows = _in_scope(user)
    total = rows.count()
    with_ids = _param(request, "with_ids")
    since_id, max_id = _int(request, "since_id"), _int(request, "max_id")
    if with_ids is not None:
        wanted = [part.strip() for part in with_ids.split(",") if part.strip()]
        if not all(part.isdigit() for part in wanted):
            raise FeverError("with_ids must be item ids separated by commas")
        rows = rows.filter(pk__in=[int(p) for p in wanted[:ITEMS_PER_CALL]]).order_by("pk")
    elif max_id is not None and max_id > 0:
        rows = rows.filter(pk__lt=max_id).order_by("-pk")
    else:
        rows = rows.filter(pk__gt=max(since_id or 0, 0)).order_by("pk")
    page = list(rows.select_related("source")[:ITEMS_PER_CALL])
    ids = [a.pk for a in page]
    read = readers.read_article_ids(user, ids)
    saved = set(
        SavedArticle.objects.filter(user_id=user.pk, article_id__in=ids).values_list(
            "article_id", flat=True
        )
    )
    items = [
        {"id": a.pk, "feed_id": a.source_id, "title": a.title, "author": a.author,
         "html": content_html(a), "url": http_url(a.url), "is_saved": int(a.pk in saved),
         "is_read": int(a.pk in read), "created_on_time": _unix(a.published_at)}
        for a in page
    ]  # fmt: skip
    return {"total_items": total, "items": items}


def _mark(request: HttpRequest, user: Any) -> dict[str, Any]:
    """mark=item|feed|group, as=read|unread|saved|unsaved, id=, before= (feeds and groups)."""
    kind, action, target = _param(request, "mark"), _param(request, "as"), _int(request, "id")
    if target is None:
        raise FeverError("mark needs id=")
    if kind == "item":
        return _mark_item(user, target, action)
    if kind in ("feed", "group") and action == "read":
        before = _int(request, "before")
        rows = (
            _in_scope(user)
            if kind == "group" and target == 0
            else _marked_group(user, kind, target)
        )
        if before is not None:
            # `before` is when the app last asked for items: what arrived since stays unread.
            rows = rows.filter(created_at__lte=datetime.fromtimestamp(max(before, 0), tz=UTC))
        unread = rows.exclude(read_states__user_id=user.pk).values_list("pk", flat=True)
        readers.mark_many_read(user, unread.iterator())
        return {}
    raise FeverError("mark must be item (as read, unread, saved, unsaved) or feed/group (as read)")


def _marked_group(user: Any, kind: str, target: int) -> QuerySet[Article]:
    if kind == "feed":
        if target not in followed_source_ids(user):
            raise FeverError(f"no feed {target} among your feeds")
        return Article.objects.filter(source_id=target)
    folder = Folder.objects.filter(user_id=user.pk, pk=target).first()
    if folder is None:
        return Article.objects.none()  # -1 is Fever's "Sparks", which Broadsheet has not
    names = folders.sources_in_folder(user, folder.name) or []
    return Article.objects.filter(source_id__in=names)


def _mark_item(user: Any, target: int, action: str | None) -> dict[str, Any]:
    article = _in_scope(user).filter(pk=target).first()
    if article is None:
        raise FeverError(f"no item {target} among your items")
    if action == "read":
        readers.mark_read(user, article)
    elif action == "unread":
        readers.mark_unread(user, article)
    elif action == "saved":
        readers.save_article(user, article)
    elif action == "unsaved":
        readers.unsave_article(user, article)
    else:
        raise FeverError("as must be read, unread, saved or unsaved")
    return {}
