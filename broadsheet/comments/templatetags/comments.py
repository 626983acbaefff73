"""The comment section of a page: `{% comment_section article %}`, and `|display_name`."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from broadsheet.accounts.services import display_name_of
from broadsheet.comments.forms import CommentForm
from broadsheet.comments.queries import comment_thread_and_count
from broadsheet.readers.state import reader_state

register = template.Library()


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context: template.Context, target: object) -> dict[str, object]:
    """Threaded comments under the target, and the form (or a log-in link)."""
    request = context["request"]
    kind = "story" if target.__class__.__name__ == "Story" else "article"
    # One query for both: the count was a second one on every article and story page.
    thread, count = comment_thread_and_count(target, viewer=request.user)  # type: ignore[arg-type]
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "messages": context.get("messages", ()),
        "user": request.user,
        "is_suspended": reader_state(request.user).suspended,
        "target": target,
        "kind": kind,
        "thread": thread,
        "count": count,
        "form_html": _new_comment_fields(),
    }


_NEW_COMMENT_FIELDS: dict[str, str] = {}


def _new_comment_fields() -> str:
    """The fields of the form for a new comment, rendered once per language and process:
    an empty form is the same on every page (its widgets were a tenth of the signed-in
    article page's CPU); with DEBUG on, every time, so template edits show."""
    language = get_language() or ""
    html = _NEW_COMMENT_FIELDS.get(language)
    if html is None or settings.DEBUG:
        html = render_to_string("comments/_fields.html", {"form": CommentForm()})
        _NEW_COMMENT_FIELDS[language] = html
    return mark_safe(html)  # noqa: S308 - our own template's output, escaped as it rendered


@register.filter
def display_name(user: object) -> str:
    """The author's public name ("deleted user" once the account is gone), never an email."""
    return display_name_of(user)
