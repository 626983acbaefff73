"""Query parameters made safe for every database before they reach a query."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import BeforeValidator

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


_NUMBER = re.compile(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*")


def _date_time_text(value: Any) -> Any:
    """Refuse numbers where a date and time is due: "0.5" is not a moment (pydantic would
    read it as Unix seconds, which the schema's date-time format does not allow)."""
    if isinstance(value, int | float) or (isinstance(value, str) and _NUMBER.fullmatch(value)):
        raise ValueError("expected a date and time in ISO 8601, not a number")
    return value


# A query parameter that is a date and time as the schema says (ISO 8601), never a number.
Moment = Annotated[datetime, BeforeValidator(_date_time_text)]
