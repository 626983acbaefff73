"""What parse_feed returns, and the clean-up of entry fields that every feed format shares."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from broadsheet.lib.dates import parse_date
from broadsheet.lib.html import fragment_to_text

_IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif")


@dataclass(frozen=True)
class ParsedEntry:
    """One entry of a feed, with plain-text and raw-HTML fields kept apart."""

    guid: str | None
    url: str | None
    title: str
    author: str
    summary_html: str
    content_html: str
    published_at: datetime | None
    updated_at: datetime | None
    image_url: str | None
    categories: tuple[str, ...]
    language: str | None
    # True when another entry of the same document carries this GUID with a
    # different link: a CMS bug, so entry_key() ignores the GUID.
    has_shared_guid: bool = False


@dataclass(frozen=True)
class ParsedFeed:
    """A parsed feed document: its format, channel metadata and entries in document order."""

    format: str
    title: str
    home_url: str | None
    language: str | None
    entries: tuple[ParsedEntry, ...]
    # WebSub: the hubs the feed announces (<link rel="hub">) and its own URL (rel="self").
    hub_urls: tuple[str, ...] = ()
    self_url: str | None = None


class FeedParseError(ValueError):
    """The bytes are not a feed we can read; the message says why, in words for feed health."""


def make_entry(
    *,
    guid: str | None,
    url: str | None,
    title: str,
    author: str,
    summary_html: str,
    content_html: str,
    published: str | None,
    updated: str | None,
    image_url: str | None,
    categories: Iterable[str],
    language: str | None,
) -> ParsedEntry:
    """A ParsedEntry from raw field values: dates parsed, categories made plain and unique."""
    updated_at = parse_date(updated)
    # Many Atom and JSON feeds give only the modification date; it is the
    # best publication date they offer.
    published_at = parse_date(published) or updated_at
    seen: dict[str, None] = {}
    for category in categories:
        if name := fragment_to_text(category):
            seen.setdefault(name, None)
    return ParsedEntry(
        guid=(guid or "").strip() or None,
        url=url,
        title=title,
        author=author,
        summary_html=summary_html,
        content_html=content_html,
        published_at=published_at,
        updated_at=updated_at,
        image_url=image_url,
        categories=tuple(seen),
        language=(language or "").strip() or None,
    )


def http_url(value: str | None, base: str | None) -> str | None:
    """Absolute http(s) URL for ``value`` resolved against ``base``, or None."""
    if not value or not isinstance(value, str):  # feedparser may hand over a dict for odd XML
        return None
    if (
        value.startswith(("https://", "http://"))
        and value.isprintable()
        and " " not in value
        and "[" not in value
    ):
        # Already absolute (the common case): skip urljoin, check there is a host.
        host = value.partition("//")[2]
        return value if host[:1] not in ("", "/", "?", "#", ":", "@") else None
    value = value.strip().translate({9: None, 10: None, 13: None})
    if not value:
        return None
    try:
        absolute = urljoin(base, value) if base else value
        parts = urlsplit(absolute)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return absolute


def add_image(images: list[tuple[int, str]], rank: int, url: str | None, kind: str | None) -> None:
    """Add `url` to `images` at `rank` (lower wins) if its type or extension says image."""
    if not url:
        return
    kind = (kind or "").strip().lower()
    if not kind:
        try:
            kind = "image" if urlsplit(url.strip()).path.lower().endswith(_IMAGE_EXTENSIONS) else ""
        except ValueError:
            return
    if kind.startswith("image"):
        images.append((rank, url))


def pick_image(images: list[tuple[int, str]], base: str) -> str | None:
    """The best-ranked image that resolves to an http(s) URL against `base`, or None."""
    for _rank, candidate in sorted(images, key=lambda pair: pair[0]):
        if url := http_url(candidate, base):
            return url
    return None


_EMAIL = re.compile(r"(?:mailto:)?[^\s@()<>,;]+@[^\s@()<>,;]+\.[^\s@()<>,;]+")


def author_name(value: str) -> str:
    """The author's name without their e-mail address, whichever way the feed writes it:
    ``jane@example.com (Jane Doe)`` (RSS 2.0), ``Jane Doe (jane@example.com)``,
    ``Jane Doe <jane@example.com>``; an address alone gives "" (a byline is a name)."""
    text = fragment_to_text(value)
    if "@" not in text:
        return text
    without = _EMAIL.sub(" ", text)
    # What is left around the address: its brackets, and separators between name parts.
    without = re.sub(r"\(\s*\)|<\s*>|\[\s*\]", " ", without)
    return " ".join(without.replace("(", " ").replace(")", " ").split()).strip(" ,;-")
