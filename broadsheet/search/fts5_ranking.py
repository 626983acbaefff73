"""FTS5 MATCH expressions built from parsed queries, and what it costs to rank them.

Two FTS5 costs grow with the corpus, and both come from very common words:

- bm25() computes each phrase's IDF by running that phrase over the whole
  index, so a phrase in a million documents costs tens of milliseconds before a
  single row is ranked. Terms whose words are all that common are left out of
  the ranking expression (they still filter); their IDF is near zero anyway.
- A query with no rare word to anchor it (a common word, a phrase of common
  words) is evaluated document by document. Such queries search the newest
  `NEWEST_SCOPES` documents: the first scope that holds a page of hits, else the
  largest. Older matches stay reachable through the date filters.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from broadsheet.search.query import ParsedQuery, Term

# A word in more documents than this is "common": too costly to weigh with bm25.
COMMON_DOCS = 10_000
# Which words are common changes slowly: each answer is reused for this long.
COMMON_TTL_SECONDS = 600.0
_CACHE_LIMIT = 50_000
# Newest-document scopes for queries of common words only, smallest first.
NEWEST_SCOPES = (25_000, 200_000)
SCOPE_TTL_SECONDS = 60.0
NEWEST_DOCID_SQL = "SELECT docid FROM search_fts_doc ORDER BY docid DESC LIMIT 1 OFFSET %s"
NEWEST_BELOW_SQL = (
    "SELECT docid FROM search_fts_doc WHERE docid <= %s ORDER BY docid DESC LIMIT 1 OFFSET %s"
)

WORD_DOCS_SQL = "SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH %s LIMIT %s)"


def _fts_string(term: Term) -> str:
    # Tokens hold only letters, digits and marks, so a quoted FTS5 string needs no
    # escaping; FTS5 tokenizes it again, which makes "U.S." the phrase "u s".
    quoted = '"' + " ".join(term.tokens) + '"'
    return quoted + " *" if term.is_prefix else quoted


def compile_match(
    parsed: ParsedQuery, *, facets: Sequence[str] = (), columns: str = "title body"
) -> str | None:
    """The MATCH expression for a parsed query and filter facets; None matches nothing."""
    if parsed.is_empty:
        return None
    expression = " AND ".join(_fts_string(t) for t in parsed.included)
    for term in parsed.excluded:
        expression = f"({expression}) NOT {_fts_string(term)}"
    # Reader terms never look at the facets column, so "len" is only ever a word.
    match = "{" + columns + "} : (" + expression + ")"
    for facet in facets:
        match += f' AND facets : "{facet}"'
    return match


def title_match(parsed: ParsedQuery) -> str | None:
    """A MATCH expression true when every included term is in the title."""
    return compile_match(ParsedQuery(parsed.included), columns="title")


class CommonWords:
    """Remembers, per process, which words are in more than `threshold` documents."""

    def __init__(self, *, threshold: int = COMMON_DOCS):
        self.threshold = threshold
        self._seen: dict[str, tuple[bool, float]] = {}

    def ranked_terms(self, cursor: Any, parsed: ParsedQuery) -> tuple[Term, ...]:
        """The included terms bm25 should weigh: not prefixes, not made only of common words.

        Prefixes are left out too: their IDF would expand the prefix a second time.
        """
        return tuple(
            term
            for term in parsed.included
            if not term.is_prefix and not all(self.is_common(cursor, t) for t in term.tokens)
        )

    def is_common(self, cursor: Any, token: str) -> bool:
        """Whether `token` is in more than `threshold` documents (cached for a while)."""
        key, now = token.lower(), time.monotonic()
        cached = self._seen.get(key)
        if cached is not None and now - cached[1] < COMMON_TTL_SECONDS:
            return cached[0]
        cursor.execute(WORD_DOCS_SQL, ['{title body} : "' + token + '"', self.threshold + 1])
        is_common = cursor.fetchone()[0] > self.threshold
        if len(self._seen) >= _CACHE_LIMIT:
            self._seen.clear()
        self._seen[key] = (is_common, now)
        return is_common


class NewestScopes:
    """Where each scope of newest documents starts, cached for a minute when unfiltered."""

    def __init__(self, sizes: Sequence[int] = NEWEST_SCOPES):
        self.sizes = tuple(sizes)
        self._seen: dict[int, tuple[int | None, float]] = {}

    def lows(self, cursor: Any, *, high: int | None) -> list[int]:
        """First rowid of each scope of newest documents at or below `high` (None: no bound).

        Smallest scope first; a scope larger than the whole range ends the list.
        """
        lows = []
        for size in self.sizes:
            low = self._newest_docid(cursor, size, high=high)
            if low is None:
                break
            lows.append(low)
        return lows

    def _newest_docid(self, cursor: Any, size: int, *, high: int | None) -> int | None:
        if high is not None:
            cursor.execute(NEWEST_BELOW_SQL, [high, size - 1])
            row = cursor.fetchone()
            return row[0] if row else None
        now = time.monotonic()
        cached = self._seen.get(size)
        if cached is None or now - cached[1] >= SCOPE_TTL_SECONDS:
            cursor.execute(NEWEST_DOCID_SQL, [size - 1])
            row = cursor.fetchone()
            cached = self._seen[size] = (row[0] if row else None, now)
        return cached[0]
