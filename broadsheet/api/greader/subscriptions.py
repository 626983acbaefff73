"""Google Reader subscriptions and folders: list, quickadd, edit, tag/list, rename and delete tags.

Subscriptions are the sources a reader follows; folders (labels) and subscription titles
are the reader's own (broadsheet.readers.folders), shared with OPML and the Following page.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from broadsheet.api.greader import streams
from broadsheet.api.greader.auth import signed_in, signed_in_edit, text
from broadsheet.api.greader.params import label_name, value, values
from broadsheet.api.schemas import http_url
from broadsheet.articles.models import Article
from broadsheet.lib.fetch import Fetcher
from broadsheet.lib.ratelimit import hit
from broadsheet.readers import folders
from broadsheet.readers import services as readers
from broadsheet.readers.subscriptions import SubscribeError, subscribe_url
from broadsheet.sources.fetching import fetch_policy_from_settings
from broadsheet.sources.models import Source

MAX_COUNT = 1000
# quickadd and subscribe-by-URL fetch a page from the server: a few per minute is plenty.
ADD_LIMIT, ADD_WINDOW = 30, 600


def _label(name: str) -> str:
    return f"{streams.LABEL}{name}"


@contextmanager
def _fetcher() -> Iterator[Fetcher]:
    with Fetcher(fetch_policy_from_settings()) as fetcher:
        yield fetcher


def _subscription(source: Source, *, labels: list[str], title: str) -> dict:
    feed = min(source.feeds.all(), key=lambda f: f.pk, default=None)  # prefetched
    return {
        "id": f"feed/{source.pk}",
        "title": title or source.name,
        "categories": [{"id": _label(name), "label": name} for name in labels],
        "url": http_url(feed.url if feed else source.home_url),
        "htmlUrl": http_url(source.home_url),
        "iconUrl": http_url(source.icon_url),
    }


@signed_in
@require_GET
def subscription_list(request: HttpRequest, user: Any) -> HttpResponse:
    """The sources the reader follows, with their folders and the reader's own titles."""
    titles = folders.subscription_titles(user, renamed_only=False)
    sources = Source.objects.filter(pk__in=list(titles)).prefetch_related("feeds")
    labels = folders.folders_by_source(user)
    subscriptions = [
        _subscription(s, labels=labels.get(s.pk, []), title=titles.get(s.pk, ""))
        for s in sources.order_by("name", "pk")
    ]
    return JsonResponse({"subscriptions": subscriptions})


def _may_add(user: Any) -> bool:
    return hit(f"greader-add:{user.pk}", limit=ADD_LIMIT, window=ADD_WINDOW)


@signed_in_edit
@require_POST
def quickadd(request: HttpRequest, user: Any) -> HttpResponse:
    """quickadd=<feed or page URL>: follow it, adding the feed (discovered from a page) if new."""
    url = (value(request, "quickadd") or "").strip()
    if not url:
        return JsonResponse({"numResults": 0, "error": "quickadd needs a URL"}, status=400)
    if not _may_add(user):
        return JsonResponse({"numResults": 0, "error": "too many feeds added; wait"}, status=429)
    try:
        with _fetcher() as fetcher:
            source = subscribe_url(user, url, fetcher=fetcher)
    except SubscribeError as error:
        # Google answered 200 with numResults 0; apps show "not found" from it.
        return JsonResponse({"numResults": 0, "query": url, "error": str(error)})
    return JsonResponse({
        "numResults": 1, "query": url, "streamId": f"feed/{source.pk}", "streamName": source.name,
    })  # fmt: skip


def _source_for(user: Any, stream_id: str, *, subscribe: bool, title: str) -> Source:
    """The source a subscription/edit names; a new URL is added when subscribing."""
    source = streams.source_of_stream(streams.normalize(stream_id))
    if source is not None or not subscribe:
        if source is None:
            raise SubscribeError(f"no such subscription: {stream_id}")
        return source
    url = stream_id.removeprefix("feed/")
    if not url.startswith(("http://", "https://")):
        raise SubscribeError(f"no such feed: {stream_id}")
    if not _may_add(user):
        raise SubscribeError("too many feeds added; wait and try again")
    with _fetcher() as fetcher:
        return subscribe_url(user, url, fetcher=fetcher, title=title or None)


def _edit_one(user: Any, source: Source, request: HttpRequest, *, action: str, title: str) -> None:
    if action == "unsubscribe":
        readers.unfollow(user, source)
        return
    readers.follow(user, source)
    for label in values(request, "r"):
        if name := label_name(label):
            folders.unfile_source(user, source, folder=name)
    for label in values(request, "a"):
        if name := label_name(label):
            folders.file_source(user, source, folder=name)
    if title:
        folders.set_subscription_title(user, source, title=title)


@signed_in_edit
@require_POST
def subscription_edit(request: HttpRequest, user: Any) -> HttpResponse:
    """ac=subscribe|unsubscribe|edit on s=feed/... (repeatable, each with its t= title):
    a=/r= file into or take out of a folder (label), t= renames the subscription."""
    action = value(request, "ac")
    names, titles = values(request, "s"), request.POST.getlist("t") or request.GET.getlist("t")
    if action not in ("subscribe", "unsubscribe", "edit") or not names:
        return text("Error: ac must be subscribe, unsubscribe or edit, with s=", status=400)
    try:
        for index, stream_id in enumerate(names):
            title = (titles[index] if index < len(titles) else "").strip()
            source = _source_for(user, stream_id, subscribe=action == "subscribe", title=title)
            _edit_one(user, source, request, action=action, title=title)
    except (SubscribeError, folders.FolderError) as error:
        return text(f"Error: {error}", status=400)
    return text("OK")


@signed_in
@require_GET
def tag_list(request: HttpRequest, user: Any) -> HttpResponse:
    """Starred, and one label per folder of the reader (type "folder", as Inoreader marks it)."""
    tags: list[dict] = [{"id": streams.STARRED}]
    tags += [{"id": _label(name), "type": "folder"} for name in folders.folder_names(user)]
    return JsonResponse({"tags": tags})


def _tag_named(request: HttpRequest, stream_key: str = "s") -> str | None:
    """The folder a rename-tag or disable-tag names, as `s=user/-/label/X` or `t=X`."""
    stream = value(request, stream_key)
    if stream:
        return label_name(stream)
    return (value(request, "t") or "").strip() or None


@signed_in_edit
@require_POST
def rename_tag(request: HttpRequest, user: Any) -> HttpResponse:
    """s= (or t=) the folder, dest= its new label: rename it (merging into an existing one)."""
    old, new = _tag_named(request), label_name(value(request, "dest") or "")
    if not old or not new:
        return text("Error: rename-tag needs s=user/-/label/<old> and dest=user/-/label/<new>", 400)
    try:
        renamed = folders.rename_folder(user, old=old, new=new)
    except folders.FolderError as error:
        return text(f"Error: {error}", status=400)
    return text("OK") if renamed else text(f"Error: no folder named {old!r}", status=404)


@signed_in_edit
@require_POST
def disable_tag(request: HttpRequest, user: Any) -> HttpResponse:
    """s= (repeatable) or t= a folder: delete it; its feeds stay followed, at the top level."""
    names = [n for n in (label_name(s) for s in values(request, "s")) if n]
    if not names and (single := _tag_named(request)):
        names = [single]
    if not names:
        return text("Error: disable-tag needs s=user/-/label/<name>", status=400)
    missing = [name for name in names if not folders.delete_folder(user, name=name)]
    if missing:
        return text(f"Error: no folder named {missing[0]!r}", status=404)
    return text("OK")


def _usec(moment: Any) -> str:
    return str(int(moment.timestamp() * 1_000_000)) if moment else "0"


@signed_in
@require_http_methods(["GET", "POST"])
def unread_count(request: HttpRequest, user: Any) -> HttpResponse:
    """Unread items per subscription, per folder and in the reading list."""
    rows = (
        Article.objects.filter(source_id__in=streams.followed_source_ids(user))
        .exclude(read_states__user_id=user.pk)
        .values("source_id")
        .order_by("source_id")
    )
    annotated = rows.annotate(count=Count("pk"), newest=Max("published_at"))
    counts = {c["source_id"]: c for c in annotated}
    entries = [
        {"id": f"feed/{pk}", "count": c["count"], "newestItemTimestampUsec": _usec(c["newest"])}
        for pk, c in counts.items()
    ]
    filed: dict[str, list[int]] = {}
    for source_id, names in folders.folders_by_source(user).items():
        for name in names:
            filed.setdefault(name, []).append(source_id)
    for name, source_ids in sorted(filed.items()):
        inside = [counts[pk] for pk in source_ids if pk in counts]
        newest = max((c["newest"] for c in inside), default=None)
        entries.append({"id": _label(name), "count": sum(c["count"] for c in inside),
                        "newestItemTimestampUsec": _usec(newest)})  # fmt: skip
    newest = max((c["newest"] for c in counts.values()), default=None)
    total = sum(c["count"] for c in counts.values())
    entries.append({"id": streams.READING_LIST, "count": total,
                    "newestItemTimestampUsec": _usec(newest)})  # fmt: skip
    return JsonResponse({"max": MAX_COUNT, "unreadcounts": entries})
