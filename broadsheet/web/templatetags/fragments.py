"""`{% shared "name" key ... %}…{% endshared %}`: a part of a page every reader shares, cached
under the page language, its keys and the news version (web/fragments.py).

`{% kept "name" key ... %}…{% endkept %}`: a part of a page that reads nothing but its keys
(the masthead's links, the footer, a log-in link, a form's markup around its CSRF token): its
markup depends on the code, the settings, the interface language and its keys alone, so each
process renders it once per key and keeps it (the last KEPT_PARTS). Off with fragments off
and under DEBUG (template edits show); a test's changed setting forgets them all. A kept part
cannot hold a `{% csrf_token %}` (one reader's token served to the next) or a `{% block %}`.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from typing import Any

from django import template
from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.defaulttags import CsrfTokenNode
from django.template.loader_tags import BlockNode
from django.urls import get_script_prefix
from django.utils.translation import get_language

from broadsheet.web.fragments import computed_once, recent

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
            html = str(self.nodelist.render(context))
            cache.set(cache_key, html, seconds)
            return html

        def read() -> str:
            return computed_once(cache_key, lambda: cache.get(cache_key), render)

        return recent(cache_key, seconds, read)


class KeptNode(template.Node):
    """Renders its contents once per key and language in this process, then serves the copy.

    A kept part holds no `{% block %}` (a child template's block would be served as the first
    page that filled it had it), so a template that extends this one need not look inside it
    for blocks: Django walks the whole base template for them on every page."""

    child_nodelists = ()

    def __init__(self, nodelist: NodeList, name: FilterExpression, keys: list[FilterExpression]):
        self.nodelist = nodelist
        self.name = name
        self.keys = keys

    def render(self, context: template.Context) -> str:
        if settings.DEBUG or int(settings.FRAGMENT_CACHE_SECONDS) <= 0:
            return self.nodelist.render(context)
        key: tuple[str, ...] = (
            str(self.name.resolve(context)),
            get_language(),
            get_script_prefix(),
        )
        key += tuple(_key_text(expression.resolve(context)) for expression in self.keys)
        html = _kept.get(key)
        if html is None:
            html = str(self.nodelist.render(context))
            with _kept_lock:
                _kept[key] = html
                while len(_kept) > KEPT_PARTS:
                    _kept.popitem(last=False)  # the oldest kept
        return html


KEPT_PARTS = 4096
_kept: OrderedDict[tuple[str, ...], str] = OrderedDict()
_kept_lock = threading.Lock()


@receiver(setting_changed)
def _forget_kept(**kwargs: Any) -> None:
    with _kept_lock:
        _kept.clear()


def _parse(parser: Parser, token: Token, end: str) -> tuple[NodeList, list[Any]]:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{{% {bits[0]} %}} needs a part name")
    nodelist = parser.parse((end,))
    parser.delete_first_token()
    return nodelist, [parser.compile_filter(bit) for bit in bits[1:]]


@register.tag
def shared(parser: Parser, token: Token) -> SharedNode:
    """{% shared "name" key1 key2 %}…{% endshared %}."""
    nodelist, expressions = _parse(parser, token, "endshared")
    return SharedNode(nodelist, expressions[0], expressions[1:])


@register.tag
def kept(parser: Parser, token: Token) -> KeptNode:
    """{% kept "name" key1 key2 %}…{% endkept %}."""
    nodelist, expressions = _parse(parser, token, "endkept")
    for node, name in ((BlockNode, "block"), (CsrfTokenNode, "csrf_token")):
        if nodelist.get_nodes_by_type(node):
            raise template.TemplateSyntaxError(f"{{% kept %}} cannot hold a {{% {name} %}}")
    return KeptNode(nodelist, expressions[0], expressions[1:])


def _key_text(value: object) -> str:
    # A set's order is not its contents: the same read marks must give the same key.
    return str(sorted(value)) if isinstance(value, set | frozenset) else str(value)
