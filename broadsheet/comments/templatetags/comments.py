"""The comment section of a page: `{% comment_section article %}`."""

from __future__ import annotations

from django import template

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
        "target": target,
        "kind": kind,
        "thread": comment_thread(target, viewer=request.user),  # type: ignore[arg-type]
        "count": count_visible(target),  # type: ignore[arg-type]
        "form": CommentForm(),
    }
