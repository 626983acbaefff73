"""Comment actions: post, edit, delete, report, moderate. Each parses, calls one service,
redirects back to the page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from broadsheet.accounts import services as account_services
from broadsheet.articles.models import Article
from broadsheet.comments import services
from broadsheet.comments.forms import CommentForm
from broadsheet.comments.models import Comment
from broadsheet.lib.ratelimit import client_ip
from broadsheet.stories.models import Story


def _target(kind: str, public_id: str) -> Article | Story:
    if kind not in ("article", "story"):
        raise Http404("No such page.")
    if kind == "story":
        return get_object_or_404(Story, public_id=public_id)
    return get_object_or_404(Article, public_id=public_id)


def _page_of(target: Article | Story, comment: Comment | None = None) -> str:
    name = "story" if isinstance(target, Story) else "article"
    anchor = f"#c-{comment.pk}" if comment is not None else "#comments"
    return reverse(name, args=[target.public_id]) + anchor


def _status_of(error: services.CommentError) -> int:
    if isinstance(error, services.RateLimited):
        return 429
    return 403 if isinstance(error, services.Suspended) else 400


@login_required
@require_POST
def post_comment(request: HttpRequest, kind: str, public_id: str) -> HttpResponse:
    """Post a comment or reply; on failure show the form again with the text kept."""
    target = _target(kind, public_id)
    form = CommentForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            comment = services.add_comment(
                target,
                author=request.user,
                body=form.cleaned_data["body"],
                parent=_parent(form.cleaned_data.get("parent")),
                ip=client_ip(request),
            )
        except services.CommentError as error:
            form.add_error(None, str(error))
            status = _status_of(error)
        else:
            if comment.status == Comment.Status.HELD:
                messages.info(request, _("Your comment is held for review by a moderator."))
            return redirect(_page_of(target, comment))
    context = {"form": form, "target": target, "back": _page_of(target)}
    return render(request, "comments/compose.html", context, status=status)


def _parent(parent_id: int | None) -> Comment | None:
    if parent_id is None:
        return None
    parent = Comment.objects.filter(pk=parent_id).first()
    if parent is None:
        # Deleted while the reply was being written: say so rather than post it top-level.
        raise services.CommentError(_("That comment can no longer be replied to."))
    return parent


@login_required
@require_http_methods(["GET", "POST"])
def edit_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """The author changes their comment within the edit window."""
    comment = get_object_or_404(Comment, pk=pk)
    if not comment.is_deletable_by(request.user) or comment.status not in Comment.EDITABLE:
        return HttpResponseForbidden(_("Only the author can edit this comment."))
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_comment(comment, editor=request.user, body=form.cleaned_data["body"])
        except services.CommentError as error:
            form.add_error(None, str(error))
            status = _status_of(error)
        else:
            return redirect(_page_of(comment.target, comment))
    elif request.method == "POST":
        status = 400
    elif not comment.is_editable_by(request.user):
        form.add_error(None, _("The time for editing this comment is over."))
    context = {"form": form, "comment": comment, "back": _page_of(comment.target, comment)}
    return render(request, "comments/edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def delete_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """The author deletes their comment, after confirming."""
    comment = get_object_or_404(Comment, pk=pk)
    if not comment.is_deletable_by(request.user):
        return HttpResponseForbidden(_("Only the author can delete this comment."))
    if request.method == "POST":
        target = comment.target
        services.delete_comment(comment, actor=request.user)
        messages.info(request, _("Your comment is deleted."))
        return redirect(_page_of(target))
    back = _page_of(comment.target, comment)
    return render(request, "comments/delete.html", {"comment": comment, "back": back})


@login_required
@require_POST
def report_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """A reader flags a comment for the moderators."""
    comment = get_object_or_404(Comment, pk=pk, status=Comment.Status.VISIBLE)
    try:
        services.report_comment(
            comment, reporter=request.user, reason=request.POST.get("reason", "")
        )
    except PermissionDenied:
        return HttpResponseForbidden(_("Log in to report a comment."))
    except services.CommentError as error:
        messages.error(request, str(error))
    else:
        messages.info(request, _("Thank you; a moderator will look at this comment."))
    return redirect(_page_of(comment.target, comment))


_MODERATION = {
    "hide": services.hide_comment,
    "restore": services.restore_comment,
    "remove": services.remove_comment,
}


# What the moderator is told, in their language (the action names are form values).
_MODERATION_DONE = {
    "hide": gettext_lazy("The comment is hidden."),
    "restore": gettext_lazy("The comment is shown again."),
    "remove": gettext_lazy("The comment is removed."),
    "suspend": gettext_lazy("The author may no longer comment."),
}


@login_required
@require_POST
def moderate_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """A moderator hides, restores or removes a comment, or suspends its author."""
    comment = get_object_or_404(Comment, pk=pk)
    action = request.POST.get("action", "")
    try:
        if action in _MODERATION:
            _MODERATION[action](comment, moderator=request.user)
        elif action == "suspend" and comment.author is not None:
            account_services.suspend_user(comment.author, moderator=request.user)
        else:
            return HttpResponse(_("Unknown action."), status=400)
    except PermissionDenied:
        return HttpResponseForbidden(_("Only moderators can do that."))
    messages.info(request, str(_MODERATION_DONE[action]))
    return redirect(_page_of(comment.target, comment))
