"""Template tags for languages: the interface switcher and the language of article text."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, get_language_info, gettext

from broadsheet.lib.languages import clean_language_tag, text_direction

register = template.Library()


@dataclass(frozen=True)
class LanguageLink:
    """One entry of the footer's language switcher."""

    code: str
    name: str
    url: str
    is_current: bool


@register.simple_tag(takes_context=True)
def language_links(context: dict[str, Any]) -> tuple[LanguageLink, ...]:
    """The current page in each interface language, so switching keeps the reader's place."""
    request = context.get("request")
    path = request.get_full_path() if request is not None else "/"
    return _language_links(path, get_language())


# Resolving and reversing the path in every language was a tenth of an uncached home page's
# CPU; the links depend on the path and the interface language alone (URLs are fixed while
# the process runs), so each process keeps the last few thousand.
@lru_cache(maxsize=4096)
def _language_links(path: str, current: str) -> tuple[LanguageLink, ...]:
    links = []
    for code, _ in settings.LANGUAGES:
        url = translate_url(path, code)
        # A page with no translated route (a 404) goes home in that language; so does a path
        # like //evil.example/, which a browser would read as another site.
        if (url == path and code != current) or not _is_local_path(url):
            url = f"/{code}/"
        name = get_language_info(code)["name_local"]
        links.append(LanguageLink(code, name[:1].upper() + name[1:], url, code == current))
    return tuple(links)


@receiver(setting_changed)
def _forget_language_links(*, setting: str, **kwargs: Any) -> None:
    if setting in ("LANGUAGES", "ROOT_URLCONF", "LANGUAGE_CODE"):  # tests override these
        _language_links.cache_clear()


def _is_local_path(url: str) -> bool:
    return url.startswith("/") and not url.startswith(("//", "/\\"))


@register.simple_tag
def content_lang(language: str | None) -> SafeString:
    """` lang=".." dir=".."` for text in the publisher's language; nothing if it is unknown."""
    tag = clean_language_tag(language)
    if not tag:
        return SafeString(' dir="auto"')
    return format_html(' lang="{}" dir="{}"', tag, text_direction(tag))


@register.filter
def sole_language(codes: str | None) -> str:
    """'en' for a story covered in English only; '' when it mixes languages ('en,fr')."""
    found = {c.strip() for c in (codes or "").split(",") if c.strip()}
    return found.pop() if len(found) == 1 else ""


@register.filter
def language_names(codes: str) -> str:
    """'ar,en' as 'Arabic, English' in the interface language; unknown codes stay as they are."""
    names = []
    for code in filter(None, (c.strip() for c in (codes or "").split(","))):
        try:
            info = get_language_info(clean_language_tag(code) or code)
        except KeyError:
            names.append(code)
            continue
        names.append(gettext(info["name"]))
    return ", ".join(names)
