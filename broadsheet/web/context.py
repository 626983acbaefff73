"""Template context shared by every page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    """The site's name for headers and titles.

    Django's auth views put their own ``site_name`` (the request's host) in the context, so
    the masthead reads ``brand_name``, which nothing else sets.
    """
    return {"site_name": settings.SITE_NAME, "brand_name": settings.SITE_NAME}
