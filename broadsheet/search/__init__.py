"""Full-text search over articles: one interface, an FTS5 and a tsvector backend.

    from broadsheet.search import SearchQuery, get_backend
    results = get_backend().search(SearchQuery("ferry -strike", source_slug="harbour-wire"))

The query language (see `parse_query`): words must all match, "exact phrases",
prefix* (3+ characters) and -excluded terms; everything else is literal text.

Sync: the owner of article writes calls `get_backend().index_articles(ids)` after
storing a batch and `remove_articles(ids)` after deleting; `rebuild()` starts over.

Ranking at scale: a query first lists its newest matches, up to the rank window
(5,000), with a scan in publication order that ranks nothing. With fewer
matches than that, all are ranked (title weighted 10x, ties newest first) and
`total` is exact; with more, only the newest 5,000 are ranked and `total` is
capped (`is_total_capped`). On SQLite, bm25 weighs only terms with a word in at
most 10,000 articles (bm25's IDF would scan a common word's whole posting
list); a query of common words only is ordered title matches first, then
newest, within the newest 25,000 articles holding a page of hits (else the
newest 200,000, or 100,000 or 50,000 when the rarest word is frequent enough to
make that scan costly). Past 1,000 matches bm25 scores the newest 1,000 and those
with a ranked word in the title. Older matches stay reachable through the date
filters. A prefix longer than 3 characters stands for its 96 most frequent words
on SQLite (see broadsheet.search.terms). See broadsheet.search.fts5_ranking and
bench/search.py for the measured costs.
"""

from __future__ import annotations

import functools

from django.db import connections

from broadsheet.search.backend import SearchBackend, SearchHit, SearchResults
from broadsheet.search.query import ParsedQuery, SearchQuery, Term, parse_query

__all__ = [
    "ParsedQuery",
    "SearchBackend",
    "SearchHit",
    "SearchQuery",
    "SearchResults",
    "Term",
    "get_backend",
    "parse_query",
]


def get_backend(using: str = "default") -> SearchBackend:
    """The search backend for the database in use: FTS5 on SQLite, tsvector on PostgreSQL."""
    return _backend(connections[using].vendor, using)


@functools.cache
def _backend(vendor: str, using: str) -> SearchBackend:
    # One instance per process: the FTS5 backend remembers which words are common.
    # Imported here: the backends use models, and this package is imported while
    # Django is still loading its apps.
    if vendor == "sqlite":
        from broadsheet.search.fts5 import Fts5Backend

        return Fts5Backend(using=using)
    if vendor == "postgresql":
        from broadsheet.search.tsvector import TsvectorBackend

        return TsvectorBackend(using=using)
    raise NotImplementedError(f"no search backend for {vendor}")
