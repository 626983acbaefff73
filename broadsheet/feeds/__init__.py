"""Feed parsing and discovery: a pure package (no Django, no network), like ``extraction``.

``parse_feed(data, url=...)`` turns fetched bytes into a ``ParsedFeed``; ``entry_key`` gives an
entry its stable identity; ``discover_feed_urls`` finds the feeds a page links to. Ingestion
(``broadsheet.ingest``) and adding sources (``broadsheet.sources``) both use it.
"""

from broadsheet.feeds.discovery import discover_feed_urls, looks_like_feed
from broadsheet.feeds.model import FeedParseError, ParsedEntry, ParsedFeed
from broadsheet.feeds.parse import entry_key, parse_feed

__all__ = [
    "FeedParseError",
    "ParsedEntry",
    "ParsedFeed",
    "discover_feed_urls",
    "entry_key",
    "looks_like_feed",
    "parse_feed",
]
