"""Which rows of the FTS5 index a query's window holds: the newest matches in a rowid range,
read without FTS5's NOT for excluded words, and within scopes of newest articles.

The FTS rowid orders articles by publication time (broadsheet.search.fts5), so "the newest
N matches" is a rowid range read downwards. Rowids are fetched as one JSON array per query
(`rowids`): a row at a time, Python's sqlite3 took about a third of a 5,000-row read.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from broadsheet.search.fts5_ranking import NewestScopes

MIN_ROWID, MAX_ROWID = -(1 << 63), (1 << 63) - 1

# The newest matches, up to the rank window: a rowid-ordered scan that ranks
# nothing, cheap even for common words. It gives the count and the window.
WINDOW_SQL = (
    "SELECT rowid FROM search_fts WHERE search_fts MATCH %s AND rowid BETWEEN %s AND %s "
    "ORDER BY rowid DESC LIMIT %s"
)
WINDOW_UP_SQL = WINDOW_SQL.replace("DESC", "ASC")
# The matches in a rowid range, as a set: those holding an excluded word, the title matches.
TITLE_ROWIDS_SQL = (
    "SELECT rowid FROM search_fts WHERE search_fts MATCH %s AND rowid BETWEEN %s AND %s"
)


class Match(NamedTuple):
    """A query's MATCH expressions: its included terms (with the filter facets), and the
    same matches holding an excluded term (None when nothing is excluded)."""

    included: str
    excluded: str | None


class WindowReader:
    """Reads a query's window; Fts5Backend's share of the work before ranking."""

    rank_window: int
    scopes: NewestScopes

    def _window(
        self, cursor: Any, match: str | Match, *, low: int, high: int, stop_above: bool = False
    ) -> tuple[list[int], bool]:
        """The newest `rank_window` matches in [low, high], newest first, and if capped.

        `stop_above`: past `high`, a match is known or only rows already read without one
        lie before the index's end, so reading upwards from `low` stops soon past `high`.
        """
        if isinstance(match, Match):
            if match.excluded is not None:
                return self._window_less(cursor, match, low=low, high=high, stop_above=stop_above)
            match = match.included
        if (high == MAX_ROWID or stop_above) and low != MIN_ROWID and has_phrase(match):
            # FTS5 checks a rowid bound only once it has found a row, and a phrase's rows
            # where its words meet out of order are not found rows: a phrase with fewer hits
            # than the window was read past `low` to its next hit, through the whole index
            # if need be ("well what you" in the newest 25k of 1M: 13.6 ms, 1.0 ascending).
            # Read upwards to the open end (or the next known hit) first: all the hits, if
            # they fit the window.
            rising = rowids(cursor, WINDOW_UP_SQL, [match, low, high, self.rank_window + 1])
            if len(rising) <= self.rank_window:
                return rising[::-1], False
        window = rowids(cursor, WINDOW_SQL, [match, low, high, self.rank_window])[::-1]
        return window, len(window) >= self.rank_window

    def _window_less(
        self, cursor: Any, match: Match, *, low: int, high: int, stop_above: bool = False
    ) -> tuple[list[int], bool]:
        """_window for a query with excluded terms, without FTS5's NOT.

        FTS5 tests "a NOT b" on every document of `a` and checks the rowid range only once
        it has a hit: a word excluded from nearly every article ("signed -the") read the
        whole index's "signed" whatever the scope (25 ms at 1M). Here the included terms'
        window is read a rank window at a time, newest first, and its rows that hold an
        excluded term are matched as an AND over the same rows (FTS5 leapfrogs an AND, so
        even a rare excluded word stops it at its first hit past them), until the window
        is full or the range is read: the same rows as NOT, found within the range.
        """
        window: list[int] = []
        top = high
        while top >= low:
            rows, _ = self._window(cursor, match.included, low=low, high=top, stop_above=stop_above)
            if not rows:
                break
            dropped = set(rowids(cursor, TITLE_ROWIDS_SQL, [match.excluded, rows[-1], rows[0]]))
            window += [rowid for rowid in rows if rowid not in dropped]
            if len(window) >= self.rank_window or len(rows) < self.rank_window:
                break
            top, stop_above = rows[-1] - 1, True  # a match above `top` is known
        return window[: self.rank_window], len(window) >= self.rank_window

    def _scoped_window(
        self, cursor: Any, match: Match, *, low: int, high: int, needed: int, scan_cost: int
    ) -> tuple[list[int], bool]:
        """Like _window, within the first scope of newest articles holding `needed` hits,
        widened only as far as `scan_cost` affords (NewestScopes.affordable).

        A wider scope reads only what the narrower one left: the matches below it, after
        the narrower scope's (all of them, or the window was full). The flag is also set
        when older matches were left out of the scope.
        """
        window: list[int] = []
        top = high  # the matches above `top` are in `window` (or the window is full)
        for number, wanted in enumerate(self.scopes.sizes):
            size: int | None = wanted
            if number and scan_cost:
                above = self.scopes.sizes[number - 1]
                size = self.scopes.affordable(cursor, wanted, above=above, scan_cost=scan_cost)
            if size is None:
                return window, True  # a wider scope costs too much: this one's hits
            scope_low = self.scopes.low(cursor, size, high=_bound(high))
            if scope_low is None or scope_low <= low:
                break  # this scope already covers the whole range
            window = self._window_below(cursor, match, window, low=scope_low, top=top, high=high)
            top = min(top, scope_low - 1)
            if len(window) >= needed or number == len(self.scopes.sizes) - 1:
                return window, True
        window = self._window_below(cursor, match, window, low=low, top=top, high=high)
        return window, len(window) >= self.rank_window

    def _window_below(
        self, cursor: Any, match: Match, window: list[int], *, low: int, top: int, high: int
    ) -> list[int]:
        """`window` (every match in (top, high], or a full window) and the matches in
        [low, top] after it, up to `rank_window` in all."""
        if len(window) >= self.rank_window or top < low:
            return window[: self.rank_window]
        stop_above = bool(window) or high == MAX_ROWID
        more, _ = self._window(cursor, match, low=low, high=top, stop_above=stop_above)
        return (window + more)[: self.rank_window]


def rowids(cursor: Any, sql: str, params: list[Any]) -> list[int]:
    """The rowids a SELECT of rowids yields, in ascending order, fetched as one JSON array:
    a row at a time, Python's sqlite3 took about a third of a 5,000-row window read."""
    cursor.execute(f"SELECT json_group_array(rowid) FROM ({sql})", params)  # noqa: S608 - constants
    return sorted(json.loads(cursor.fetchone()[0]))


def has_phrase(match: str) -> bool:
    """Whether a compiled MATCH expression holds a phrase (a quoted string with a space)."""
    return any(" " in quoted for quoted in match.split('"')[1::2])


def _bound(high: int) -> int | None:
    """`high` as a scope bound: None when the range is open (the cached case)."""
    return None if high == MAX_ROWID else high
