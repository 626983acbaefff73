"""Template tags for a page's machine-readable metadata: JSON-LD."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from broadsheet.articles.models import Article
from broadsheet.stories.models import Story
from broadsheet.web.structured_data import article_json_ld, json_ld_script, story_json_ld

register = template.Library()


@register.simple_tag(takes_context=True)
def article_ld(context: dict[str, Any], article: Article) -> SafeString:
    """The article page's NewsArticle JSON-LD script element."""
    return json_ld_script(article_json_ld(article, request=context["request"]))


@register.simple_tag(takes_context=True)
def story_ld(context: dict[str, Any], story: Story, timeline: list[Any]) -> SafeString:
    """The story page's NewsArticle JSON-LD, citing each original of its timeline."""
    articles = [item.article for item in timeline]
    return json_ld_script(story_json_ld(story, articles=articles, request=context["request"]))
