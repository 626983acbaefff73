"""Checks of the rules RSS 2.0, Atom 1.0 (RFC 4287) and JSON Feed 1.1 set for a document.

Written from the specifications: what each one requires, how many of each element,
which dates and URLs are allowed. Each check raises AssertionError naming the rule.
"""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import jsonschema_rs
from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
# RFC 3339 date-time, as Atom 3.3 and JSON Feed require.
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")

JSON_FEED_1_1 = {
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string"},
        "home_page_url": {"type": "string", "format": "uri"},
        "feed_url": {"type": "string", "format": "uri"},
        "description": {"type": "string"},
        "language": {"type": "string"},
        "authors": {"type": "array", "items": {"$ref": "#/$defs/author"}},
        "items": {"type": "array", "items": {"$ref": "#/$defs/item"}},
    },
    "$defs": {
        "author": {
            "type": "object",
            "anyOf": [{"required": ["name"]}, {"required": ["url"]}, {"required": ["avatar"]}],
            "properties": {"name": {"type": "string"}, "url": {"type": "string"}},
        },
        "item": {
            "type": "object",
            "required": ["id"],
            "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
            "properties": {
                "id": {"type": "string"},
                "url": {"type": "string", "format": "uri"},
                "external_url": {"type": "string", "format": "uri"},
                "title": {"type": "string"},
                "content_html": {"type": "string"},
                "content_text": {"type": "string"},
                "summary": {"type": "string"},
                "image": {"type": "string"},
                "date_published": {"type": "string", "pattern": RFC3339.pattern},
                "date_modified": {"type": "string", "pattern": RFC3339.pattern},
                "authors": {"type": "array", "items": {"$ref": "#/$defs/author"}},
                "tags": {"type": "array", "items": {"type": "string"}},
                "language": {"type": "string"},
            },
        },
    },
}


def _absolute(url: str | None) -> bool:
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def check_json_feed(document: dict[str, Any]) -> None:
    """JSON Feed 1.1: the schema above, and item ids unique within the feed."""
    errors = [e.message for e in jsonschema_rs.validator_for(JSON_FEED_1_1).iter_errors(document)]
    assert not errors, errors
    ids = [item["id"] for item in document["items"]]
    assert len(ids) == len(set(ids)), "item ids must be unique"


def check_rss(content: bytes) -> etree._Element:
    """RSS 2.0: one channel with title, link and description; items with RFC 822 dates."""
    root = etree.fromstring(content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channels = root.findall("channel")
    assert len(channels) == 1, "exactly one channel"
    channel = channels[0]
    for required in ("title", "link", "description"):
        assert len(channel.findall(required)) == 1, f"channel needs one {required}"
    assert _absolute(channel.findtext("link"))
    for item in channel.findall("item"):
        assert item.findtext("title") or item.findtext("description"), "title or description"
        if item.find("pubDate") is not None:
            assert parsedate_to_datetime(item.findtext("pubDate")).tzinfo is not None
        if item.find("link") is not None:
            assert _absolute(item.findtext("link"))
        guid = item.find("guid")
        if guid is not None and guid.get("isPermaLink", "true") == "true":
            assert _absolute(guid.text), "a permalink guid is a URL"
    return root


def check_atom(content: bytes) -> etree._Element:
    """RFC 4287: feed and entries each with one id, title and updated (RFC 3339)."""
    root = etree.fromstring(content)
    assert root.tag == f"{ATOM}feed"
    _check_atom_element(root, "feed")
    entries = root.findall(f"{ATOM}entry")
    feed_has_author = root.find(f"{ATOM}author") is not None
    for entry in entries:
        _check_atom_element(entry, "entry")
        assert feed_has_author or entry.find(f"{ATOM}author") is not None, "4.1.1: an author"
        has_content = entry.find(f"{ATOM}content") is not None
        alternates = entry.findall(f"{ATOM}link[@rel='alternate']")
        assert has_content or alternates, "4.1.2: content or an alternate link"
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(ids) == len(set(ids)), "entry ids must be unique"
    return root


def _check_atom_element(element: etree._Element, name: str) -> None:
    for required in ("id", "title", "updated"):
        found = element.findall(f"{ATOM}{required}")
        assert len(found) == 1, f"{name} needs exactly one {required}"
    assert RFC3339.match(element.findtext(f"{ATOM}updated") or ""), f"{name} updated: RFC 3339"
    datetime.fromisoformat(element.findtext(f"{ATOM}updated") or "")
    for link in element.findall(f"{ATOM}link"):
        assert link.get("href"), "4.2.7: a link has href"
