"""The comment section of a page: `{% comment_section article %}`, and `|display_name`."""

from __future__ import annotations

from django import template

from broadsheet.accounts.models import is_suspended
from broadsheet.accounts.services import display_name_of
from broadsheet.comments.forms import CommentForm
from broadsheet.comments.queries import comment_thread, count_visible

register = template.Library()


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context: template.Context, target: object) -> dict[str, object]:
    """Threaded comments under the target, and the form (or a log-in link)."""
    request = context["request"]
    kind = "story" if target.__class__.__name__ == "Story" else "article"
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "messages": context.get("messages", ()),
        "user": request.user,
        "is_suspended": is_suspended(request.user),
        "target": target,
        "kind": kind,
        "thread": comment_thread(target, viewer=request.user),  # type: ignore[arg-type]
        "count": count_visible(target),  # type: ignore[arg-type]
        "form": CommentForm(),
    }


@register.filter
def display_name(user: object) -> str:
    """The author's public name ("deleted user" once the account is gone), never an email."""
    return display_name_of(user)
