"""JSON Feed 1.0 and 1.1 documents mapped onto ParsedFeed."""

from __future__ import annotations

import html
import json
from typing import Any

from broadsheet.feeds.model import (
    FeedParseError,
    ParsedEntry,
    ParsedFeed,
    add_image,
    http_url,
    make_entry,
    pick_image,
)
from broadsheet.lib.html import fragment_to_text


def parse_json_feed(text: str, *, url: str) -> ParsedFeed:
    """Parse a JSON Feed 1.0 or 1.1 document into a ParsedFeed or raise FeedParseError."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise FeedParseError(f"not a feed: invalid JSON ({str(exc)[:80]})") from None
    if not isinstance(document, dict):
        raise FeedParseError("not a feed: the JSON document is not an object")
    version = document.get("version")
    items = document.get("items")
    if not (isinstance(version, str) and "jsonfeed.org/version/" in version) and not isinstance(
        items, list
    ):
        raise FeedParseError("not a feed: the JSON document is not a JSON Feed")
    fmt = (
        "json1.0"
        if not isinstance(version, str) or version.rstrip("/").endswith("/1")
        else "json1.1"
    )
    home_url = http_url(_json_str(document.get("home_page_url")), url)
    base = home_url or url
    language = _json_str(document.get("language")).strip() or None
    feed_author = _json_authors(document)
    entries = tuple(
        _map_json_item(item, base=base, author=feed_author, language=language)
        for item in (items if isinstance(items, list) else [])
        if isinstance(item, dict)
    )
    return ParsedFeed(
        format=fmt,
        title=fragment_to_text(_json_str(document.get("title"))),
        home_url=home_url,
        language=language,
        entries=entries,
    )


def _json_str(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _json_authors(document: dict[str, Any]) -> str:
    authors = document.get("authors")
    people = authors if isinstance(authors, list) else [document.get("author")]
    names = [fragment_to_text(_json_str(p.get("name"))) for p in people if isinstance(p, dict)]
    return ", ".join(n for n in names if n)


def _map_json_item(
    item: dict[str, Any], *, base: str, author: str, language: str | None
) -> ParsedEntry:
    guid = _json_str(item.get("id")).strip() or None
    url = http_url(_json_str(item.get("url")), base) or http_url(
        _json_str(item.get("external_url")), base
    )
    if url is None and guid:
        url = http_url(guid, None)
    images: list[tuple[int, str]] = []
    add_image(images, 0, _json_str(item.get("image")), "image/*")
    add_image(images, 1, _json_str(item.get("banner_image")), "image/*")
    for attachment in item.get("attachments") or []:
        if isinstance(attachment, dict):
            add_image(
                images, 2, _json_str(attachment.get("url")), _json_str(attachment.get("mime_type"))
            )
    content = _json_str(item.get("content_html")).strip() or _text_to_html(
        _json_str(item.get("content_text"))
    )
    tags = item.get("tags")
    return make_entry(
        guid=guid,
        url=url,
        title=fragment_to_text(_json_str(item.get("title"))),
        author=_json_authors(item) or author,
        summary_html=html.escape(_json_str(item.get("summary")).strip(), quote=False),
        content_html=content,
        published=_json_str(item.get("date_published")),
        updated=_json_str(item.get("date_modified")),
        image_url=pick_image(images, base),
        categories=[_json_str(t) for t in tags] if isinstance(tags, list) else [],
        language=_json_str(item.get("language")).strip() or language,
    )


def _text_to_html(text: str) -> str:
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(
        "<p>" + html.escape(p, quote=False).replace("\n", "<br>") + "</p>" for p in paragraphs if p
    )
