"""`{% shared "name" key ... %}…{% endshared %}`: a part of a page every reader shares, cached
under the page language, its keys and the news version (web/fragments.py)."""

from __future__ import annotations

import hashlib
from typing import Any

from django import template
from django.core.cache import cache
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils.translation import get_language

from broadsheet.web.fragments import computed_once

register = template.Library()


class SharedNode(template.Node):
    """Renders its contents once per key, version and language, then serves the copy."""

    def __init__(self, nodelist: NodeList, name: FilterExpression, keys: list[FilterExpression]):
        self.nodelist = nodelist
        self.name = name
        self.keys = keys

    def render(self, context: template.Context) -> str:
        # A node's output goes into the page as it is (templates escape variables, not nodes).
        seconds = int(context.get("fragment_seconds") or 0)
        if seconds <= 0:
            return self.nodelist.render(context)
        version = context.get("news_version")
        parts = [get_language(), version() if callable(version) else version]
        parts += [_key_text(key.resolve(context)) for key in self.keys]
        digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()
        cache_key = f"fragment:{self.name.resolve(context)}:{digest}"

        def render() -> str:
            html = self.nodelist.render(context)
            cache.set(cache_key, html, seconds)
            return html

        return str(computed_once(cache_key, lambda: cache.get(cache_key), render))


@register.tag
def shared(parser: Parser, token: Token) -> SharedNode:
    """{% shared "name" key1 key2 %}…{% endshared %}."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% shared %} needs a fragment name")
    nodelist = parser.parse(("endshared",))
    parser.delete_first_token()
    expressions: list[Any] = [parser.compile_filter(bit) for bit in bits[1:]]
    return SharedNode(nodelist, expressions[0], expressions[1:])


def _key_text(value: object) -> str:
    # A set's order is not its contents: the same read marks must give the same key.
    return str(sorted(value)) if isinstance(value, set | frozenset) else str(value)
