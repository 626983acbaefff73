"""Pages of a long list without counting it.

Django's Paginator counts the whole list on every page. Over a million articles that count
is a scan of the table (about a second on SQLite), paid by every reader of the home page.
An uncounted page reads one row more than it shows instead: that row says whether an older
page exists. The pager then offers "Newer" and "Older" and names the page it is on, which is
all a reader of a news list uses. Page numbers stop at MAX_PAGE, so no request can make the
database step over millions of rows to reach an offset.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

MAX_PAGE = 500


@dataclass(frozen=True)
class UncountedPage:
    """One page of a list: its rows, its number and whether an older page follows."""

    object_list: Sequence[Any]
    number: int
    has_next: bool
    paginator: None = None  # templates tell this page from a counted one by it

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1

    def __iter__(self) -> Iterator[Any]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def page_number(raw: str | None) -> int:
    """The page asked for, as a number from 1 to MAX_PAGE; anything unreadable is page 1."""
    try:
        number = int(raw or 1)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


def uncounted_page(rows: Any, raw_number: str | None, size: int) -> UncountedPage:
    """Page `raw_number` of an ordered queryset, `size` rows, read with one query and no COUNT."""
    number = page_number(raw_number)
    start = (number - 1) * size
    window = list(rows[start : start + size + 1])
    has_next = len(window) > size and number < MAX_PAGE
    return UncountedPage(object_list=window[:size], number=number, has_next=has_next)
