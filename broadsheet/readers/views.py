"""The reader's own pages (For you, Saved for later, Following) and the follow, save and mute
actions.

Actions are plain POST forms that redirect back, so they work without JavaScript. A GET
on an action URL (where the log-in page sends a visitor back after signing in) just
returns to the target's page, where the button can be pressed again.
"""

from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from broadsheet.articles.models import Article
from broadsheet.readers import folders, mutes, services
from broadsheet.sources.models import Source
from broadsheet.stories.queries import lead_articles

PAGE_SIZE = 20
FOR_YOU_LIMIT = 30
# Every copy of the saved list (the page, saved.json) says when it was read, so the service
# worker keeps the newest copy whatever order responses arrive in (web/service_worker.js).
SAVED_VERSION_HEADER = "X-Saved-List-Version"


def saved_list_version() -> int:
    """The time (µs) a copy of the saved list is read, taken before the read.

    Stamped before the query, a copy with a higher version was read after every change
    committed before that stamp; the copy with the highest version is never missing a save.
    """
    return time.time_ns() // 1000


def target_page(kind: str, target: services.Target) -> str:
    """The page of a followable thing, for links and redirects."""
    return reverse(kind, args=[services.target_key(target)])


def _back(request: HttpRequest, default: str) -> HttpResponse:
    """Redirect to the form's ``next`` when it stays on this site, else to ``default``."""
    wanted = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(wanted if wanted and safe else default)


@login_required
@require_http_methods(["GET", "POST"])
def follow_target(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    """Follow or unfollow (``action=unfollow``) a source, topic, entity or story."""
    target = services.find_target(kind, key)
    page = target_page(kind, target)
    if request.method == "GET":
        return redirect(page)
    if request.POST.get("action") == "unfollow":
        services.unfollow(request.user, target)
    else:
        services.follow(request.user, target)
    return _back(request, page)


@login_required
@require_http_methods(["GET", "POST"])
def save_target(request: HttpRequest, public_id: str) -> HttpResponse:
    """Save an article for later, or drop it (``action=unsave``)."""
    article = get_object_or_404(Article, public_id=public_id)
    page = reverse("article", args=[public_id])
    if request.method == "GET":
        return redirect(page)
    if request.POST.get("action") == "unsave":
        services.unsave_article(request.user, article)
    else:
        services.save_article(request.user, article)
    return _back(request, page)


@login_required
@require_POST
def read_target(request: HttpRequest, public_id: str) -> HttpResponse:
    """Mark an article unread again (``action=unread``) or read; back to ``next`` or home.

    Unread goes back to the list, not to the article: opening it marks it read.
    """
    article = get_object_or_404(Article, public_id=public_id)
    if request.POST.get("action") == "unread":
        services.mark_unread(request.user, article)
    else:
        services.mark_read(request.user, article)
    return _back(request, reverse("home"))


@login_required
@require_GET
def for_you(request: HttpRequest) -> HttpResponse:
    """Stories from what the reader follows, ranked like the front page."""
    stories = mutes.hide_muted_stories(
        services.for_you_stories(request.user, limit=FOR_YOU_LIMIT), mutes.muted_for(request.user)
    )
    leads = lead_articles(stories)
    rows = [(story, leads.get(story.pk)) for story in stories]
    read_ids = services.read_article_ids(request.user, [lead.pk for lead in leads.values()])
    has_follows = bool(rows) or any(services.followed_ids(request.user).values())
    return render(
        request,
        "readers/for_you.html",
        {"rows": rows, "read_ids": read_ids, "has_follows": has_follows},
    )


@login_required
@require_GET
def saved(request: HttpRequest) -> HttpResponse:
    """The reader's saved articles, newest save first, paginated."""
    version = saved_list_version()
    articles = services.saved_articles(request.user).defer("body")
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    read_ids = services.read_article_ids(request.user, [a.pk for a in page.object_list])
    response = render(request, "readers/saved.html", {"page": page, "read_ids": read_ids})
    response[SAVED_VERSION_HEADER] = str(version)
    return response


@never_cache
@login_required
@require_GET
def saved_urls(request: HttpRequest) -> JsonResponse:
    """The saved articles' page URLs, for the service worker to keep them offline."""
    version = saved_list_version()
    ids = services.saved_articles(request.user).values_list("public_id", flat=True)[:200]
    urls = [reverse("saved")] + [reverse("article", args=[public_id]) for public_id in ids]
    response = JsonResponse({"version": version, "urls": urls})
    response[SAVED_VERSION_HEADER] = str(version)
    return response


@login_required
@require_GET
def following(request: HttpRequest) -> HttpResponse:
    """Everything the reader follows, by kind, each with an unfollow button."""
    groups: dict[str, list[tuple[services.Target, str, str]]] = {
        "source": [], "topic": [], "entity": [], "story": [],
    }  # fmt: skip
    for kind, target in services.follows(request.user):
        groups[kind].append((target, target_page(kind, target), services.target_key(target)))
    muted = mutes.muted_for(request.user)
    names, filed = folders.folder_tree(request.user)
    context = {
        "groups": groups,
        "folders": _sources_by_folder(request.user, groups["source"], names=names, filed=filed),
        "folder_names": names,
        "muted_sources": mutes.muted_sources(muted),
        "muted_words": muted.words,
        "word_max": mutes.WORD_MAX,
    }
    return render(request, "readers/following.html", context)


def _sources_by_folder(
    user: object, sources: list, *, names: list[str], filed: dict[int, list[str]]
) -> list[tuple[str, list]]:
    """Followed sources grouped by the reader's folders ("" first: the top level)."""
    titles = folders.subscription_titles(user)  # type: ignore[arg-type]
    grouped: dict[str, list] = {"": []}
    for name in names:
        grouped[name] = []
    for target, url, key in sources:
        row = (target, url, key, titles.get(target.pk, ""))
        for name in filed.get(target.pk) or [""]:
            grouped.setdefault(name, []).append(row)
    return list(grouped.items())


@login_required
@require_http_methods(["GET", "POST"])
def mute_source(request: HttpRequest, slug: str) -> HttpResponse:
    """Mute a publisher, or unmute it (``action=unmute``)."""
    source = get_object_or_404(Source, slug=slug)
    page = reverse("source", args=[slug])
    if request.method == "GET":
        return redirect(page)
    try:
        if request.POST.get("action") == "unmute":
            mutes.unmute_source(request.user, source)
        else:
            mutes.mute_source(request.user, source)
    except mutes.MuteError as error:
        messages.error(request, str(error))
    return _back(request, page)


@login_required
@require_POST
def mute_word(request: HttpRequest) -> HttpResponse:
    """Mute a word in headlines, or unmute it (``action=unmute``); back to Following."""
    word = request.POST.get("word", "")
    try:
        if request.POST.get("action") == "unmute":
            mutes.unmute_word(request.user, word)
        else:
            mutes.mute_word(request.user, word)
    except mutes.MuteError as error:
        messages.error(request, str(error))
    return _back(request, reverse("following"))
