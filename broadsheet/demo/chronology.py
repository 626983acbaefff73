"""The demo's chronology: the dates its publishers show and the order articles come out in.

The bundled Wikinews corpus covers 2005-2023 thinly: 453 articles, most of them in
2019-2020, one lone article of February 2023. Shifting every date by one offset (so the newest
article is recent) keeps true chronology but, with articles released oldest first, left the
demo's front page showing "4 years ago": the first 200 articles out ran to March 2019, and
the lone 2023 article two years after the rest anchored the offset. So:

- every gap between consecutive articles longer than `GAP_LIMIT` shrinks by whole weeks to
  between `GAP_LIMIT` and `GAP_LIMIT` + a week; every other gap is kept exactly. Two
  articles within `GAP_LIMIT` of each other keep their true distance, two further apart stay
  at least `GAP_LIMIT` apart, and every article keeps its weekday and time of day;
- the articles visible at start are the newest ones; those released afterwards come from the
  oldest on, in date order (the publishers' archives filling in), dated where they belong.

`GAP_LIMIT` (3 weeks) exceeds the clusterer's story span (14 days) by the week a weekday
phrase ("on Monday") can move an event time back: reports that are weeks or years apart
in the corpus can never share a story in the demo either.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

GAP_LIMIT = timedelta(weeks=3)
WEEK = timedelta(weeks=1)


def close_gaps(times: Sequence[datetime]) -> list[datetime]:
    """`times` (ascending) with every gap over `GAP_LIMIT` shrunk by whole weeks to under
    `GAP_LIMIT` + a week; the first time is unchanged."""
    closed: list[datetime] = []
    shrink = timedelta(0)
    for index, moment in enumerate(times):
        if index:
            gap = moment - times[index - 1]
            if gap < timedelta(0):
                raise ValueError("times must be in ascending order")
            if gap > GAP_LIMIT:
                shrink += (gap - GAP_LIMIT) // WEEK * WEEK
        closed.append(moment - shrink)
    return closed


def shown_times(times: Sequence[datetime], *, newest_at: datetime) -> list[datetime]:
    """The dates shown for articles of corpus `times` (ascending): gaps closed, then all moved
    by one offset of whole weeks so the newest lies within a week before `newest_at`."""
    closed = close_gaps(times)
    if not closed:
        return []
    offset = (newest_at - closed[-1]) // WEEK * WEEK
    return [moment + offset for moment in closed]


def release_order(count: int, *, initial: int) -> list[int]:
    """Indexes (into date order) of `count` articles in the order they come out: the newest
    `initial` first (all visible at start), then the rest from the oldest on."""
    initial = min(max(0, initial), count)
    return list(range(count - initial, count)) + list(range(count - initial))
