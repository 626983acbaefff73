"""Published and updated times from JSON-LD, meta, <time> or the URL: aware UTC, never future."""

from __future__ import annotations

import re
import warnings
from datetime import UTC, datetime, timedelta
from typing import Any

import lxml.html
from dateutil import parser as dateparser

from .page import PageFacts

_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "date",
    "article.published",
    "originalpublicationdate",
    "og:pubdate",
)
_UPDATED_META = (
    "article:modified_time",
    "og:updated_time",
    "article:modified",
    "modified_time",
    "datemodified",
    "lastmod",
    "last-modified",
    "dcterms.modified",
    "article.updated",
)
_URL_DATE_RE = re.compile(
    r"/((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)"
)
_EPOCH_RE = re.compile(r"^\d{10}(?:\d{3})?$")
_ZONES = {
    name: int(offset * 3600)
    for name, offset in {
        "UTC": 0,
        "GMT": 0,
        "Z": 0,
        "BST": 1,
        "CET": 1,
        "CEST": 2,
        "EET": 2,
        "EEST": 3,
        "MSK": 3,
        "IST": 5.5,
        "JST": 9,
        "KST": 9,
        "HKT": 8,
        "SGT": 8,
        "AEST": 10,
        "AEDT": 11,
        "EST": -5,
        "EDT": -4,
        "CST": -6,
        "CDT": -5,
        "MST": -7,
        "MDT": -6,
        "PST": -8,
        "PDT": -7,
    }.items()
}
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
# Clocks disagree a little; a time a few minutes ahead is a skewed clock, not a future date.
CLOCK_SKEW = timedelta(minutes=5)


def parse_datetime(value: Any, *, now: datetime | None = None) -> datetime | None:
    """An aware UTC datetime from an ISO-ish string or epoch; None if unparsable or implausible."""
    if isinstance(value, list) and value:
        value = value[0]
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return None
    text = str(value).strip()
    if not text or len(text) > 64:
        return None
    try:
        if _EPOCH_RE.match(text):
            stamp = int(text) / (1000 if len(text) == 13 else 1)
            parsed = datetime.fromtimestamp(stamp, tz=UTC)
        else:
            try:
                parsed = dateparser.isoparse(text)
            except ValueError:
                with warnings.catch_warnings():
                    # Unknown zone names ("IST") give a naive time, then treated as UTC below.
                    warnings.simplefilter("ignore", dateparser.UnknownTimezoneWarning)
                    parsed = dateparser.parse(text, fuzzy=False, tzinfos=_ZONES)
    except (ValueError, OverflowError, TypeError, dateparser.ParserError):
        return None
    if parsed.tzinfo is None:
        # A time without an offset is taken as UTC: the least wrong guess for a server clock.
        parsed = parsed.replace(tzinfo=UTC)
    try:
        parsed = parsed.astimezone(UTC)
    except (ValueError, OverflowError):  # an offset of a day or more, or out of range
        return None
    now = now or datetime.now(UTC)
    if parsed < EARLIEST or parsed > now + CLOCK_SKEW:
        return None
    return min(parsed, now)


def _from_jsonld(facts: PageFacts, key: str) -> datetime | None:
    for obj in facts.articles:
        found = parse_datetime(obj.get(key))
        if found:
            return found
    return None


def _from_meta(facts: PageFacts, keys: tuple[str, ...]) -> datetime | None:
    for key in keys:
        for value in facts.meta.get(key, ()):
            found = parse_datetime(value)
            if found:
                return found
    return None


def _from_time_elements(tree: lxml.html.HtmlElement, *, updated: bool) -> datetime | None:
    """The best <time datetime>: marked as the publication date, else the first in the article.

    A page's first <time> is often in a sidebar of other stories, so it only counts last.
    """
    ranked: list[tuple[int, int, str]] = []
    for order, element in enumerate(tree.iter("time")):
        value = element.get("datetime") or ""
        if not value:
            continue
        prop = (element.get("itemprop") or "").lower()
        cls = (element.get("class") or "").lower()
        is_updated = "modif" in prop or "updat" in cls or "modif" in cls
        if updated != is_updated:
            continue
        if "datepublished" in prop or "datemodified" in prop or element.get("pubdate") is not None:
            rank = 0
        elif any(ancestor.tag in ("article", "main") for ancestor in element.iterancestors()):
            rank = 1
        else:
            rank = 2
        ranked.append((rank, order, value))
    for _, _, value in sorted(ranked):
        found = parse_datetime(value)
        if found:
            return found
    return None


def _from_url(url: str | None) -> datetime | None:
    if not url:
        return None
    match = _URL_DATE_RE.search(url)
    if not match:
        return None
    return parse_datetime("-".join(match.groups()))


def find_dates(
    facts: PageFacts, tree: lxml.html.HtmlElement, *, url: str | None
) -> tuple[datetime | None, datetime | None]:
    """(published_at, updated_at) of an article page."""
    published = (
        _from_jsonld(facts, "datePublished")
        or _from_meta(facts, _PUBLISHED_META)
        or _from_jsonld(facts, "dateCreated")
        or _from_time_elements(tree, updated=False)
        or _from_url(url)
        or _from_url(facts.canonical)
    )
    updated = (
        _from_jsonld(facts, "dateModified")
        or _from_meta(facts, _UPDATED_META)
        or _from_time_elements(tree, updated=True)
    )
    if published and updated and updated < published:
        updated = None
    return published, updated
