"""Reader controls on shared pages: `{% follow_button target %}`, `{% mute_button source %}`,
`{% save_button article %}`,
and `{% read_marks articles as read_ids %}` for dimming what the reader has opened."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from broadsheet.articles.models import Article
from broadsheet.readers import mutes, services
from broadsheet.sources.models import Source

register = template.Library()


def _controls(context: template.Context) -> dict[str, object]:
    request = context["request"]
    return {
        "request": request,
        "user": request.user,
        "csrf_token": context.get("csrf_token"),
        "here": request.get_full_path(),
    }


@register.inclusion_tag("readers/_follow_button.html", takes_context=True)
def follow_button(context: template.Context, target: services.Target) -> dict[str, object]:
    """A Follow / Following form for a source, topic, entity or story (one query)."""
    kind = services.kind_of(target)
    return {
        **_controls(context),
        "kind": kind,
        "key": services.target_key(target),
        "name": str(target),
        "is_following": services.is_following(context["request"].user, target),
    }


@register.inclusion_tag("readers/_mute_button.html", takes_context=True)
def mute_button(context: template.Context, source: Source) -> dict[str, object]:
    """A Mute / Muted form for a publisher (one query for a signed-in reader, none otherwise)."""
    return {
        **_controls(context),
        "source": source,
        "is_muted": mutes.is_muted(context["request"].user, source),
    }


@register.inclusion_tag("readers/_save_button.html", takes_context=True)
def save_button(context: template.Context, article: Article) -> dict[str, object]:
    """A Save / Saved form for an article (no query when the view annotated ``is_saved``)."""
    flag = getattr(article, "is_saved", None)
    if flag is None:
        flag = services.is_saved(context["request"].user, article)
    return {**_controls(context), "article": article, "is_saved": flag}


@register.simple_tag(takes_context=True)
def read_marks(context: template.Context, *lists: Iterable[object]) -> set[int]:
    """Ids of the listed articles (or stories' lead articles) the reader has read, in one query."""
    ids: list[int] = []
    for items in lists:
        for item in items:
            article = item[-1] if isinstance(item, tuple) else item
            if isinstance(article, Article):
                ids.append(article.pk)
    return services.read_article_ids(context["request"].user, ids)
