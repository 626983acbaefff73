"""FTS5 MATCH expressions, and a plan that keeps each query's cost bounded at any size.

Measured on 1M articles (bench/search.py), three FTS5 costs grow with the corpus:

- bm25() computes each phrase's IDF by running that phrase over the whole
  index: tens of milliseconds for a phrase with a word in 100k documents. So
  bm25 weighs only terms whose words are all rare (in <= COMMON_DOCS articles);
  other terms still filter, and their IDF is near zero anyway.
- An AND of a rarer word with common ones seeks into the common words' posting
  lists once per document of the rarer one, ~8 us a seek. A query whose
  rarest word would cost more than SEEK_BUDGET seeks is "scoped".
- A query with no rare word at all (a common word, a phrase of common words)
  reads document after document; it is scoped too.

A scoped query searches the newest NEWEST_SCOPES articles: the first scope that
holds a page of hits, else the largest, narrowed (halved) while the rarest
word's documents in it, times the other lists, exceed WIDER_SCOPE_BUDGET. Older
matches stay reachable through the date filters. A query of common words only is
ordered title matches first, then newest.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from broadsheet.search.query import ParsedQuery, Term
from broadsheet.search.terms import term_docs

# Prefix terms -> the indexed words they stand for (broadsheet.search.terms).
Expansions = Mapping[Term, Sequence[str]]

# A word in more articles than this is "common": too costly to weigh with bm25.
COMMON_DOCS = 10_000
# Seeks a query may make into posting lists before it is scoped: 3,000 cost up to 20 ms at
# 1M for a phrase with a very common word (each seek reads that word's positions).
SEEK_BUDGET = 1_500
# Newest-article scopes for scoped queries, smallest first.
NEWEST_SCOPES = (25_000, 200_000)
# A wider scope is searched only if the rarest word's documents in it, times the other
# lists each is sought in, stay under this (else half of it, and so on): at 1M a phrase of
# common words read its 200k scope in 20-24 ms, its 50k one in 6-7.
WIDER_SCOPE_BUDGET = 20_000
# Word counts and scope boundaries change slowly: each is reused for this long.
CACHE_SECONDS = 600.0
_CACHE_LIMIT = 50_000

WORD_DOCS_SQL = "SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH %s LIMIT %s)"
# The highest article id: about as many articles as are indexed, found in a B-tree step
# (count(*) read the whole table: 50 ms at 1M).
ARTICLES_SQL = "SELECT max(article_id) FROM search_fts_doc"
NEWEST_DOCID_SQL = "SELECT docid FROM search_fts_doc ORDER BY docid DESC LIMIT 1 OFFSET %s"
NEWEST_BELOW_SQL = (
    "SELECT docid FROM search_fts_doc WHERE docid <= %s ORDER BY docid DESC LIMIT 1 OFFSET %s"
)


def _fts_string(term: Term, expansions: Expansions) -> str:
    # Tokens hold only letters, digits and marks, so a quoted FTS5 string needs no
    # escaping; FTS5 tokenizes it again, which makes "U.S." the phrase "u s".
    words = expansions.get(term)
    if words:  # a long prefix: the listed words it stands for (broadsheet.search.terms)
        head = term.tokens[:-1]
        return "(" + " OR ".join('"' + " ".join((*head, word)) + '"' for word in words) + ")"
    quoted = '"' + " ".join(term.tokens) + '"'
    return quoted + " *" if term.is_prefix else quoted


def compile_match(
    parsed: ParsedQuery,
    *,
    facets: Sequence[str] = (),
    columns: str = "title body",
    expansions: Expansions | None = None,
) -> str | None:
    """The MATCH expression for a parsed query and filter facets; None matches nothing.

    `expansions` maps prefix terms to the words they stand for (else FTS5 expands them).
    """
    if parsed.is_empty:
        return None
    expansions = expansions or {}
    expression = " AND ".join(_fts_string(t, expansions) for t in parsed.included)
    for term in parsed.excluded:
        expression = f"({expression}) NOT {_fts_string(term, expansions)}"
    # Reader terms never look at the facets column, so "len" is only ever a word.
    match = "{" + columns + "} : (" + expression + ")"
    for facet in facets:
        match += f' AND facets : "{facet}"'
    return match


def excluded_match(
    parsed: ParsedQuery, *, facets: Sequence[str] = (), expansions: Expansions | None = None
) -> str | None:
    """A MATCH expression for the documents the included terms match that also hold an
    excluded term (those compile_match removes with NOT); None when nothing is excluded."""
    if not parsed.excluded or not parsed.included:
        return None
    expansions = expansions or {}
    included = " AND ".join(_fts_string(t, expansions) for t in parsed.included)
    excluded = " OR ".join(_fts_string(t, expansions) for t in parsed.excluded)
    match = "{title body} : ((" + included + ") AND (" + excluded + "))"
    for facet in facets:
        match += f' AND facets : "{facet}"'
    return match


def title_match(parsed: ParsedQuery, *, expansions: Expansions | None = None) -> str | None:
    """A MATCH expression true when every included term is in the title."""
    return compile_match(ParsedQuery(parsed.included), columns="title", expansions=expansions)


def title_any_match(terms: Sequence[Term]) -> str:
    """A MATCH expression true when any of `terms` (words or phrases, no prefix) is in the title."""
    return "{title} : (" + " OR ".join(_fts_string(t, {}) for t in terms) + ")"


@dataclass(frozen=True)
class Plan:
    """How to run one query: which terms bm25 weighs, and whether to scope it."""

    ranked: tuple[Term, ...]
    is_scoped: bool
    # Documents of the rarest word (the term table's count), times the lists sought per
    # document of it: what a wider scope costs per article; 0 when there is no word.
    scan_cost: int = 0


class Planner:
    """Plans queries from per-word article counts, cached per process."""

    def __init__(self, *, common_docs: int = COMMON_DOCS, seek_budget: int = SEEK_BUDGET):
        self.common_docs = common_docs
        self.seek_budget = seek_budget
        self._counts: dict[str, tuple[int, int, float]] = {}

    def plan(self, cursor: Any, parsed: ParsedQuery, *, facets: Sequence[str]) -> Plan:
        """The plan for `parsed` with `facets` (filter tokens, each one more list to seek)."""
        words = [t for t in parsed.included if not t.is_prefix]
        known = {token: self._word(cursor, token) for t in words for token in t.tokens}
        counts = {token: count for token, (count, _) in known.items()}
        ranked = tuple(t for t in words if all(counts[k] <= self.common_docs for k in t.tokens))
        if not counts:
            return Plan(ranked=ranked, is_scoped=True)
        lists = {k.lower() for t in parsed.terms for k in t.tokens} | set(facets)
        rarest = min(counts.values())
        # The rarest word drives the scan; every other list is sought once per hit.
        seeks = rarest * (len(lists) - 1)
        is_scoped = rarest > self.common_docs or seeks > self.seek_budget
        scan_cost = min(listed for _, listed in known.values()) * max(1, len(lists) - 1)
        return Plan(ranked=ranked, is_scoped=is_scoped, scan_cost=scan_cost)

    def word_docs(self, cursor: Any, token: str) -> int:
        """Articles holding `token`, counted up to common_docs + 1 (cached for a while)."""
        return self._word(cursor, token)[0]

    def _word(self, cursor: Any, token: str) -> tuple[int, int]:
        """(word_docs, the term table's count or 0), cached for a while."""
        key, now = token.lower(), time.monotonic()
        cached = self._counts.get(key)
        if cached is not None and now - cached[2] < CACHE_SECONDS:
            return cached[0], cached[1]
        listed = term_docs(cursor, token)
        if listed is not None and listed > 2 * (self.common_docs + 1):
            # A listed count counts an article at most twice (title and body): this word
            # is common for sure, as counting its articles up to the cap would find.
            count = self.common_docs + 1
        else:
            cursor.execute(WORD_DOCS_SQL, ['{title body} : "' + token + '"', self.common_docs + 1])
            count = int(cursor.fetchone()[0])
        if len(self._counts) >= _CACHE_LIMIT:
            self._counts.clear()
        self._counts[key] = (count, listed or 0, now)
        return count, listed or 0


class NewestScopes:
    """Where each scope of newest articles starts, cached for a while when unfiltered."""

    def __init__(self, sizes: Sequence[int] = NEWEST_SCOPES, *, budget: int = WIDER_SCOPE_BUDGET):
        self.sizes = tuple(sizes)
        self.budget = budget
        self._seen: dict[int, tuple[int | None, float]] = {}
        self._total: tuple[int, float] | None = None

    def affordable(self, cursor: Any, size: int, *, above: int, scan_cost: int) -> int | None:
        """`size`, or the largest half, quarter... of it above `above` whose share of the
        index costs at most the budget to scan (see Plan.scan_cost); None if none does."""
        total = self._articles(cursor)
        while size > above:
            if scan_cost * size <= self.budget * total:
                return size
            size //= 2
        return None

    def _articles(self, cursor: Any) -> int:
        now = time.monotonic()
        if self._total is None or now - self._total[1] >= CACHE_SECONDS:
            cursor.execute(ARTICLES_SQL)
            self._total = (max(1, int(cursor.fetchone()[0] or 0)), now)
        return self._total[0]

    def low(self, cursor: Any, size: int, *, high: int | None) -> int | None:
        """First rowid of the newest `size` articles at or below `high` (None: no bound).

        None when there are no more articles than that: the scope is everything.
        """
        if high is not None:
            cursor.execute(NEWEST_BELOW_SQL, [high, size - 1])
            row = cursor.fetchone()
            return row[0] if row else None
        now = time.monotonic()
        cached = self._seen.get(size)
        if cached is None or now - cached[1] >= CACHE_SECONDS:
            cursor.execute(NEWEST_DOCID_SQL, [size - 1])
            row = cursor.fetchone()
            cached = self._seen[size] = (row[0] if row else None, now)
        return cached[0]
