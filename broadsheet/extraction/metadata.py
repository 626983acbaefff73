"""Lead image, canonical URL, description and site name of an article page."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html

from .hygiene import clean_line
from .page import PageFacts

_IMAGE_JUNK_RE = re.compile(
    r"logo|sprite|pixel|1x1|spacer|blank\.(?:gif|png)|transparent|tracking|beacon|avatar|icon|"
    r"favicon|placeholder|(?:^|[/_-])default[-_.]|doubleclick|/ads?/|gravatar|emoji",
    re.IGNORECASE,
)


def absolute_http_url(value: str | None, base: str | None) -> str | None:
    """value made absolute against base; None unless it is an http(s) URL."""
    if not value:
        return None
    value = value.strip()
    if value.startswith("//"):
        scheme = urlsplit(base).scheme if base else ""
        value = f"{scheme or 'https'}:{value}"
    try:
        joined = urljoin(base, value) if base else value
        parts = urlsplit(joined)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return joined


def find_site_name(facts: PageFacts) -> str | None:
    """The publication's name: og:site_name, application-name or the JSON-LD publisher."""
    name = facts.first_meta("og:site_name", "application-name", "al:ios:app_name")
    if name:
        return name.lstrip("@") or None
    for obj in facts.articles:
        publisher = obj.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            return clean_line(publisher["name"]) or None
    return None


def find_description(facts: PageFacts) -> str | None:
    """The page's summary: meta description, og:description or JSON-LD description."""
    value = facts.first_meta("og:description", "description", "twitter:description")
    if not value:
        for obj in facts.articles:
            if isinstance(obj.get("description"), str):
                value = clean_line(obj["description"])
                break
    return value or None


def find_canonical_url(facts: PageFacts, *, url: str | None) -> str | None:
    """<link rel=canonical>, else og:url, as an absolute http(s) URL."""
    return absolute_http_url(facts.canonical, url) or absolute_http_url(
        facts.first_meta("og:url"), url
    )


def find_image(
    facts: PageFacts, body: lxml.html.HtmlElement | None, *, base: str | None
) -> str | None:
    """The lead image: og:image, JSON-LD image, else the first large <img> of the article."""
    candidates: list[str] = []
    for key in (
        "og:image",
        "og:image:url",
        "og:image:secure_url",
        "twitter:image",
        "twitter:image:src",
    ):
        candidates.extend(facts.meta.get(key, ()))
    for obj in facts.articles[:2]:
        candidates.extend(_image_urls(obj.get("image")) + _image_urls(obj.get("thumbnailUrl")))
    if body is not None:
        for img in body.iter("img"):
            if _is_small(img):
                continue
            src = img.get("src") or img.get("data-src") or img.get("data-original") or ""
            candidates.append(src)
    for candidate in candidates:
        absolute = absolute_http_url(candidate, base)
        if absolute and not _IMAGE_JUNK_RE.search(urlsplit(absolute).path):
            return absolute
    return None


def _image_urls(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _image_urls(value.get("url") or value.get("contentUrl"))
    if isinstance(value, list):
        return [url for item in value[:5] for url in _image_urls(item)]
    return []


def _is_small(img: lxml.html.HtmlElement) -> bool:
    for attr in ("width", "height"):
        value = (img.get(attr) or "").strip().removesuffix("px")
        if value.isdigit() and int(value) < 100:
            return True
    return False
