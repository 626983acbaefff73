"""Query parameters made safe for every database before they reach a query."""

from __future__ import annotations

from datetime import UTC, datetime

from broadsheet.api.errors import ApiError

# PostgreSQL refuses UTC offsets past ±15:59 and Python's datetime ends at year 9999;
# a moment is turned into UTC here so neither database sees an odd offset.
EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
LATEST = datetime(9999, 12, 30, tzinfo=UTC)


def instant(moment: datetime | None, *, name: str) -> datetime | None:
    """The moment in UTC (naive values are taken as UTC); 422 when it cannot be one."""
    if moment is None:
        return None
    try:
        utc = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    except (OverflowError, ValueError):
        raise ApiError(422, f"{name} is out of range", fields={name: "out of range"}) from None
    return min(max(utc, EARLIEST), LATEST)
