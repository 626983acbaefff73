"""Dates as feeds and pages write them (RFC 822, ISO 8601 and variants), read as aware UTC."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

# RFC 822 names only the US zones; feeds use many more. Ambiguous names take
# their most common meaning in feeds (CST: US Central, IST: India).
# fmt: off
_TZ_OFFSETS_MINUTES = {
    "UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "WEST": 60, "BST": 60, "IST": 330,
    "CET": 60, "CEST": 120, "MET": 60, "MEST": 120, "EET": 120, "EEST": 180, "MSK": 180,
    "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420, "MDT": -360,
    "PST": -480, "PDT": -420, "AKST": -540, "AKDT": -480, "HST": -600, "AST": -240,
    "ADT": -180, "NST": -210, "NDT": -150, "JST": 540, "KST": 540, "HKT": 480, "SGT": 480,
    "AWST": 480, "ACST": 570, "ACDT": 630, "AEST": 600, "AEDT": 660, "NZST": 720, "NZDT": 780,
    # US zones written without S/D (as RFC 822 parsers have long read them): standard time.
    "AT": -240, "ET": -300, "CT": -360, "MT": -420, "PT": -480,
}
# fmt: on
_RFC822_SHAPE = re.compile(
    r"(?:[A-Za-z]+\.?,?\s+)?\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s|$)"
)
_COLON_OFFSET = re.compile(r"[+-]\d\d:\d\d")
_FOUR_DIGIT_YEAR = re.compile(r"(?<!\d)(1[89]|2[01])\d\d(?!\d)")
_MIN_YEAR = 1900


def parse_date(value: str | None) -> datetime | None:
    """Parse a feed date (RFC 822, ISO 8601 and common variants) to an aware UTC datetime.

    Zone-less dates are taken as UTC; impossible dates ("2024-13-45") give None.
    """
    if not value:
        return None
    text = " ".join(value.split())
    if not text or len(text) > 80:
        return None
    parsed = _parse_iso_date(text) or _parse_rfc822_date(text) or _parse_other_date(text)
    if parsed is None:
        return None
    try:
        aware = parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    return aware if aware.year >= _MIN_YEAR else None


def _parse_iso_date(text: str) -> datetime | None:
    if len(text) < 10 or not text[:4].isdigit() or text[4] != "-":
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _parse_rfc822_date(text: str) -> datetime | None:
    # The email parser takes odd layouts too, but then silently drops their
    # zone ("January 2, 2024 10:00 AM EST" comes back as UTC): RFC 822 shapes only.
    if not _RFC822_SHAPE.match(text):
        return None
    head, _, zone = text.rpartition(" ")
    if _COLON_OFFSET.fullmatch(zone):
        # "+05:30" is ISO 8601's spelling; the email parser drops it and reads UTC.
        text, zone = f"{head} {zone.replace(':', '')}", zone.replace(":", "")
    offset = _TZ_OFFSETS_MINUTES.get(zone.upper()) if zone.isalpha() else None
    if offset is not None:
        sign = "-" if offset < 0 else "+"
        text = f"{head} {sign}{abs(offset) // 60:02d}{abs(offset) % 60:02d}"
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _dateutil_zone(name: str | None, offset: int | None) -> int | None:
    # A callable keeps dateutil from reading a zone name that happens to be
    # the server's as local time, and from warning about the ones it lacks.
    if name and (minutes := _TZ_OFFSETS_MINUTES.get(name.upper())) is not None:
        return minutes * 60
    if offset is not None:
        return offset
    return 0 if name else None


def _parse_other_date(text: str) -> datetime | None:
    # dateutil fills missing parts from today, so only trust it when a year is written.
    if not _FOUR_DIGIT_YEAR.search(text):
        return None
    from dateutil import parser as dateutil_parser

    try:
        parsed = dateutil_parser.parse(text, tzinfos=_dateutil_zone, default=datetime(2000, 1, 1))
    except (ValueError, OverflowError, TypeError, LookupError):
        return None
    try:
        offset = parsed.utcoffset()
    except ValueError:  # an offset of a day or more ("+2400"): no real zone, no date
        return None
    if parsed.tzinfo is not None and offset is None:
        return parsed.replace(tzinfo=None)
    return parsed


# The words a dateline is made of, in the interface languages: weekdays, months and their
# abbreviations, and the little words between ("le", "de", "of").
# fmt: off
_DATELINE_WORDS = frozenset((
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon",
    "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre", "lunes", "martes", "miércoles", "jueves", "viernes",
    "sábado", "domingo", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
    "agosto", "septiembre", "setiembre", "octubre", "noviembre", "diciembre", "of", "the",
    "le", "de", "del", "utc", "gmt", "am", "pm", "st", "nd", "rd", "th", "er",
))
# fmt: on
_DATELINE_TOKEN = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)


def is_dateline(text: str) -> bool:
    """Text that says only when ("Monday, May 18, 2015", "18 mai 2015"): not a summary."""
    if not text or len(text) > 60:
        return False
    tokens = _DATELINE_TOKEN.findall(text.lower())
    has_number = any(t.isdigit() for t in tokens)
    return has_number and all(t.isdigit() or t in _DATELINE_WORDS for t in tokens)
