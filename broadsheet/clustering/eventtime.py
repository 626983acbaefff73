"""When the reported event happened: datelines, dates and weekdays in the lead, the feed date.

A story is one event, and an event has a time. Publication time alone cannot tell a 2009
first flight from a 2011 first delivery when both are published (or re-dated) the same week,
and a report of a Monday vote published on Thursday belongs with Monday's coverage. So each
article gets an event time from, in order:

1. a dateline at the very start ("LONDON, March 3, 2011 —", "Monday, January 18, 2005");
2. a full date in the lead (headline and first words) no more than `LEAD_DATE_REACH` before
   the publication time (a date further back is background, not the event);
3. a weekday phrase in the lead ("on Monday") read as the latest such day on or before
   publication, within the week;
4. the publication time.

Dates this cannot read (another calendar, another language) are simply not used. A date
that cannot be trusted (missing, before `EARLIEST`, ahead of the reference time) makes the
time unknown, with the reason in `odd`: such articles are placed by content alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
# Ahead of the reference time by more than this, a feed date is wrong (clocks and zones differ).
FUTURE_SLACK = timedelta(days=1)
LEAD_DATE_REACH = timedelta(days=14)
LEAD_WORDS = 60
DATELINE_CHARS = 50

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATE_PATTERNS = (
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
)
_YEAR_HINT = re.compile(r"\b(?:19|20)\d\d\b")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(
    r"\b(?:on|last|this|late|early)\s+(?P<weekday>" + "|".join(_WEEKDAYS) + r")\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class EventTime:
    """The time of the reported event (None when unknown), how it was found, and why the
    feed date was not trusted (`odd`, None when it was)."""

    when: datetime | None
    basis: str  # "dateline", "lead", "weekday", "published" or "none"
    odd: str | None = None


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def check_published(published: datetime | None, *, now: datetime | None = None) -> str | None:
    """Why `published` cannot be trusted as a time ("missing", "too old", "in the future"),
    or None when it can; `now` is the reference (ingest time), unchecked when None."""
    if published is None:
        return "missing"
    published = _aware(published)
    if published < EARLIEST:
        return "too old"
    if now is not None and published > _aware(now) + FUTURE_SLACK:
        return "in the future"
    return None


def _dates_in(text: str) -> list[date]:
    if not _YEAR_HINT.search(text):
        return []  # every pattern has a year: most leads have none, and this is cheaper
    found: list[tuple[int, date]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            month_text = match.group("month")
            month = int(month_text) if month_text.isdigit() else _MONTHS[month_text.lower()]
            try:
                day = date(int(match.group("year")), month, int(match.group("day")))
            except ValueError:
                continue  # "February 30": not a date
            found.append((match.start(), day))
    return [day for _, day in sorted(found)]


def _lead(title: str, text: str) -> str:
    return f"{title}\n" + " ".join(text.split(None, LEAD_WORDS)[:LEAD_WORDS])


def _at_noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def _weekday_before(published: datetime, weekday: str) -> datetime:
    back = (published.weekday() - _WEEKDAYS.index(weekday.lower())) % 7
    return published - timedelta(days=back)


def written_date(title: str, text: str) -> date | None:
    """The first full date written in the lead (headline and first words), if any."""
    found = _dates_in(_lead(title, text))
    return found[0] if found else None


def event_time(
    title: str, text: str, published: datetime | None, *, now: datetime | None = None
) -> EventTime:
    """The event time of an article with headline `title`, body `text` and feed date
    `published` (checked against `now` when given)."""
    odd = check_published(published, now=now)
    trusted = _aware(published) if published is not None and odd is None else None
    dateline = _dates_in(text[:DATELINE_CHARS])
    if dateline:
        when = _at_noon(dateline[0])
        if trusted is not None and abs(when - trusted) <= LEAD_DATE_REACH:
            return EventTime(when, "dateline", None)
    if trusted is None:
        return EventTime(None, "none", odd)
    lead = _lead(title, text)
    for day in _dates_in(lead):
        when = _at_noon(day)
        if timedelta(0) <= trusted - when + timedelta(hours=12) <= LEAD_DATE_REACH:
            return EventTime(min(when, trusted), "lead", None)
    weekday = _WEEKDAY.search(lead)
    if weekday:
        return EventTime(_weekday_before(trusted, weekday.group("weekday")), "weekday", None)
    return EventTime(trusted, "published", None)
