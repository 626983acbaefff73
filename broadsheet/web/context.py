"""Template context shared by every page."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

# The masthead's links, by URL name: the same on every page of one interface language.
NAV = ("home", "search", "for-you", "saved", "saved-urls", "following", "profile", "logout",
       "login", "signup", "manifest")  # fmt: skip


def site(request: HttpRequest) -> dict[str, object]:
    """The site's name for headers and titles, and the masthead's links.

    Django's auth views put their own ``site_name`` (the request's host) in the context, so
    the masthead reads ``brand_name``, which nothing else sets.
    """
    return {
        "site_name": settings.SITE_NAME,
        "brand_name": settings.SITE_NAME,
        "nav": _nav_urls(get_language() or settings.LANGUAGE_CODE, get_script_prefix()),
    }


# Reversing a URL costs a few dozen microseconds; the masthead reversed six (ten for a
# signed-in reader) on every page, a tenth of an uncached home page, for links that depend
# on the interface language (and the script prefix) alone.
@lru_cache(maxsize=64)
def _nav_urls(language: str, prefix: str) -> dict[str, str]:
    return {name.replace("-", "_"): reverse(name) for name in NAV}


@receiver(setting_changed)
def _forget_nav_urls(*, setting: str, **kwargs: Any) -> None:
    if setting in ("ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE"):  # tests override these
        _nav_urls.cache_clear()
