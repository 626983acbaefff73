"""The one interface both search backends implement, and the results they return."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from typing import Protocol

from broadsheet.search.query import SearchQuery

# Results per page are clamped to this range.
MAX_LIMIT = 100
# When a query matches more articles than this, only the newest this-many
# matches are ranked (see "Ranking at scale" in broadsheet/search/__init__.py);
# `total` is then capped at this value and `is_total_capped` is set.
DEFAULT_RANK_WINDOW = 5000
# Only this much of a body is indexed: PostgreSQL caps a tsvector at 1 MB, and
# no article worth finding needs more than its first ~15,000 words to be found.
MAX_INDEXED_CHARS = 100_000


@dataclass(frozen=True)
class SearchHit:
    """One matching article; the HTML fields hold escaped text and <mark> tags only."""

    article_id: int
    score: float
    title_html: str
    snippet_html: str


@dataclass(frozen=True)
class SearchResults:
    """One page of hits, best first (ties: newest first).

    `total` counts every match when there are at most the backend's rank window
    of them (5,000 by default); beyond that it equals the window and
    `is_total_capped` is True ("5,000+ results"). `score` is larger for better
    hits and is comparable only within one result set.
    """

    hits: list[SearchHit]
    total: int
    is_total_capped: bool = False


EMPTY_RESULTS = SearchResults(hits=[], total=0)


class SearchBackend(Protocol):
    """Full-text search over articles, kept in sync by explicit calls from the writers."""

    def index_articles(self, article_ids: Iterable[int]) -> None:
        """(Re)index these articles from their stored rows; ids of deleted rows are removed."""

    def remove_articles(self, article_ids: Iterable[int]) -> None:
        """Remove these articles from the index (unknown ids are ignored)."""

    def search(self, query: SearchQuery) -> SearchResults:
        """One page of results for `query`; never raises on any query text."""

    def rebuild(self) -> None:
        """Drop the whole index and index every stored article again."""


@dataclass(frozen=True)
class Page:
    """A validated page request: 1..MAX_LIMIT hits from offset 0.. ."""

    limit: int
    offset: int

    @classmethod
    def of(cls, query: SearchQuery) -> Page:
        """Clamp the query's limit and offset to sane values."""
        return cls(limit=max(1, min(int(query.limit), MAX_LIMIT)), offset=max(0, int(query.offset)))


def aware(moment: datetime) -> datetime:
    """`moment` with a time zone: naive values are taken as UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def chunked(ids: Iterable[int], size: int) -> Iterator[list[int]]:
    """Distinct integer ids in lists of at most `size`, in first-seen order."""
    unique = _distinct(ids)
    while chunk := list(islice(unique, size)):
        yield chunk


def _distinct(ids: Iterable[int]) -> Iterator[int]:
    seen: set[int] = set()
    for raw in ids:
        article_id = int(raw)
        if article_id not in seen:
            seen.add(article_id)
            yield article_id
