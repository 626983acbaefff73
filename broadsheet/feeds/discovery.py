"""Feed discovery: find a site's feeds in its HTML, and tell a feed from a homepage."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from lxml import etree

from broadsheet.feeds.parse import FeedParseError, parse_feed

__all__ = ["discover_feed_urls", "looks_like_feed"]

FEED_TYPES = frozenset(
    (
        "application/rss+xml",
        "application/atom+xml",
        "application/feed+json",
        "application/json",
    )
)


def discover_feed_urls(html: str, *, base_url: str) -> list[str]:
    """Feed URLs announced by ``<link rel="alternate" type="...">`` tags, in document order.

    Absolute http(s) URLs only, resolved against ``<base href>`` or ``base_url``,
    without duplicates.
    """
    if not html or not html.strip():
        return []
    # Bytes with a fixed encoding: lxml refuses str input that carries an
    # XML declaration, and a <meta charset> must not re-decode decoded text.
    parser = etree.HTMLParser(recover=True, no_network=True, remove_comments=True, encoding="utf-8")
    try:
        root = etree.fromstring(html.encode("utf-8", errors="replace"), parser=parser)
    except (etree.ParserError, ValueError):
        return []
    if root is None:
        return []
    base = base_url
    for element in root.iter("base"):
        candidate = _join(base_url, element.get("href"))
        if candidate and _is_http(candidate):
            base = candidate
        break
    found: dict[str, None] = {}
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").partition(";")[0].strip().lower()
        url = _join(base, link.get("href"))
        if "alternate" not in rel or kind not in FEED_TYPES or not url:
            continue
        # WordPress announces its REST API as an application/json
        # alternate on every page; it is not a feed.
        if kind == "application/json" and ("/wp-json/" in url or "rest_route=" in url):
            continue
        if _is_http(url):
            found.setdefault(url, None)
    return list(found)


def looks_like_feed(data: bytes, content_type: str) -> bool:
    """Whether fetched bytes are a feed (RSS, Atom, JSON Feed) rather than a web page.

    Decided by the bytes, not the Content-Type: servers label feeds text/html and
    pages application/rss+xml. A document counts as a feed when parse_feed
    accepts it, so what this accepts is exactly what ingestion can read.
    """
    try:
        parse_feed(data, url="https://feed.invalid/", content_type=content_type)
    except FeedParseError:
        return False
    return True


def _join(base: str, href: str | None) -> str | None:
    href = (href or "").strip()
    if not href:
        return None
    try:
        return urljoin(base, href)
    except ValueError:  # e.g. a malformed IPv6 host
        return None


def _is_http(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)
