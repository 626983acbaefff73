"""SQLite backend: an FTS5 table ranked with bm25, keyed by publication time.

Schema (created by migration 0001 on SQLite only):

- `search_fts(title, body, facets)`: an FTS5 table holding its own copy of the
  text (a contentless or external-content table cannot delete an updated
  article's old tokens without its old text, which is gone by the time the
  ingest calls `index_articles`). `facets` holds filter tokens ("s12" for source
  12, "len" for English) so filters are index intersections, not row lookups.
- `search_fts_doc(article_id, docid)`: maps articles to FTS rowids.

The FTS rowid ("docid") is the publication second times 65,536 plus a free
slot, so rowid order is publication order: date filters become rowid ranges,
"newest N matches" is a rowid range scan, and rowid DESC breaks ties newest first.
Which terms bm25 weighs, and how far back a query of common words looks, is
decided in broadsheet.search.fts5_ranking.

Sync is explicit (`index_articles` after the ingest stores a batch), not by
triggers: Django's SQLite migrations rebuild a table to alter it, which drops
its triggers without a word, and articles_article belongs to another app.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import OperationalError, connections, transaction

from broadsheet.search.backend import (
    DEFAULT_RANK_WINDOW,
    EMPTY_RESULTS,
    MAX_INDEXED_CHARS,
    Page,
    SearchHit,
    SearchResults,
    aware,
)
from broadsheet.search.fts5_ranking import (
    COMMON_DOCS,
    NEWEST_SCOPES,
    NewestScopes,
    Planner,
    compile_match,
    excluded_match,
    title_any_match,
    title_match,
)
from broadsheet.search.fts5_windows import (
    MAX_ROWID,
    MIN_ROWID,
    TITLE_ROWIDS_SQL,
    Match,
    WindowReader,
    has_phrase,
    rowids,
)
from broadsheet.search.highlight import (
    mark_matches,
    mark_snippet,
    render_marked,
    strip_markers,
    term_pattern,
)
from broadsheet.search.indexing import ChunkedIndexing
from broadsheet.search.query import (
    ParsedQuery,
    SearchQuery,
    Term,
    language_filter_key,
    language_keys,
    parse_query,
)
from broadsheet.search.terms import expand_prefixes, stored_texts, update_term_counts
from broadsheet.sources.models import Source

logger = logging.getLogger(__name__)

# Slots per publication second: a whole second's worth of articles gets
# distinct, still time-ordered rowids (an overflow spills into the next second).
SLOTS = 1 << 16

# bm25 over the ranked terms only (see fts5_ranking), for the window's rows.
# Column weights: a title match counts ten body matches. The unary + keeps
# SQLite from turning the IN list into one FTS5 lookup per row: a single range
# scan reads each doclist once.
RANK_SQL = (
    "SELECT r.rowid, d.article_id, r.score FROM ("
    "SELECT rowid, -bm25(search_fts, 10.0, 1.0, 0.0) AS score FROM search_fts "
    "WHERE search_fts MATCH %s AND rowid BETWEEN %s AND %s "
    "AND +rowid IN (SELECT value FROM json_each(%s)) "
    "ORDER BY score DESC, rowid DESC LIMIT %s OFFSET %s) AS r "
    "JOIN search_fts_doc AS d ON d.docid = r.rowid ORDER BY r.score DESC, r.rowid DESC"
)
# bm25 costs more per row the more rows it scores (at 1M: 3.4 ms for 1,000 rows, 18-39 for
# 5,000): past this many matches only likely winners are scored (see _rank_candidates).
RANK_NEWEST = 1000
# A query of common words only has no IDF worth computing: hits with every word
# in the title come first (score 1), then the rest (score 0), newest first (TITLE_ROWIDS_SQL).
TITLES_SQL = "SELECT rowid, title FROM search_fts WHERE rowid IN (SELECT value FROM json_each(%s))"
# Windows up to this many rows have their titles matched in Python (see _in_title).
TITLE_CHECK_ROWS = 200
ARTICLE_IDS_SQL = (
    "SELECT docid, article_id FROM search_fts_doc WHERE docid IN (SELECT value FROM json_each(%s))"
)
# The stored text of one page of hits, for highlighting (rowid lookups, no MATCH).
TEXT_SQL = (
    "SELECT rowid, title, body FROM search_fts WHERE rowid IN (SELECT value FROM json_each(%s))"
)
DOCIDS_OF_SQL = (
    "SELECT docid FROM search_fts_doc WHERE article_id IN (SELECT value FROM json_each(%s))"
)
TAKEN_DOCIDS_SQL = (
    "SELECT docid FROM search_fts_doc WHERE docid IN (SELECT value FROM json_each(%s))"
)
DELETE_FTS_SQL = "DELETE FROM search_fts WHERE rowid = %s"
DELETE_DOCS_SQL = "DELETE FROM search_fts_doc WHERE article_id IN (SELECT value FROM json_each(%s))"
INSERT_DOC_SQL = "INSERT INTO search_fts_doc (article_id, docid) VALUES (%s, %s)"
INSERT_FTS_SQL = "INSERT INTO search_fts (rowid, title, body, facets) VALUES (%s, %s, %s, %s)"


def docid_base(published_at: datetime) -> int:
    """The first rowid of the publication second of `published_at`."""
    return math.floor(aware(published_at).timestamp()) * SLOTS


def facet_tokens(*, source_id: int, language: str) -> str:
    """The filter tokens indexed for one article."""
    return " ".join([f"s{source_id}", *(f"l{key}" for key in language_keys(language))])


class Fts5Backend(ChunkedIndexing, WindowReader):
    """Search over SQLite FTS5; see the module docstring for the schema."""

    def __init__(
        self,
        *,
        rank_window: int = DEFAULT_RANK_WINDOW,
        common_docs: int = COMMON_DOCS,
        newest_scopes: Sequence[int] = NEWEST_SCOPES,
        using: str = "default",
    ):
        self.rank_window = rank_window
        self.planner = Planner(common_docs=common_docs)
        self.scopes = NewestScopes(newest_scopes)
        self.using = using

    def rebuild(self) -> None:
        """Empty the index, index every stored article again, then merge its segments."""
        connection = connections[self.using]
        with transaction.atomic(using=self.using):
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM search_fts")
                cursor.execute("DELETE FROM search_fts_doc")
                cursor.execute("DELETE FROM search_term")
            self._index_every_article()
        self.optimize()

    def optimize(self) -> None:
        """Merge the index into one segment: faster queries after a bulk load."""
        with connections[self.using].cursor() as cursor:
            cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")

    def search(self, query: SearchQuery) -> SearchResults:
        """One page of results for `query`; never raises on any query text."""
        parsed = parse_query(query.text)
        facets = self._facets(query)
        low, high = _rowid_range(query.since, query.until)
        match = None if facets is None else compile_match(parsed, facets=facets)
        if facets is None or match is None or low > high:
            return EMPTY_RESULTS
        try:
            return self._search(parsed, facets, low=low, high=high, page=Page.of(query))
        except OperationalError:
            # compile_match only emits valid syntax; if FTS5 still refuses, log the
            # bug and show "no results" rather than an error page.
            logger.exception("FTS5 rejected a compiled query for %r", query.text)
            return EMPTY_RESULTS

    def _facets(self, query: SearchQuery) -> list[str] | None:
        facets = []
        if query.source_slug is not None:
            source_id = (
                Source.objects.using(self.using)
                .filter(slug=query.source_slug)
                .values_list("pk", flat=True)
                .first()
            )
            if source_id is None:
                return None
            facets.append(f"s{source_id}")
        if query.language is not None:
            key = language_filter_key(query.language)
            if key is None:
                return None
            facets.append(f"l{key}")
        return facets

    def _search(
        self,
        parsed: ParsedQuery,
        facets: list[str],
        *,
        low: int,
        high: int,
        page: Page,
    ) -> SearchResults:
        with connections[self.using].cursor() as cursor:
            expansions = expand_prefixes(cursor, parsed)
            # The included terms' matches, less those holding an excluded term (_window).
            wanted = ParsedQuery(parsed.included)
            match = Match(
                compile_match(wanted, facets=facets, expansions=expansions) or "",
                excluded_match(parsed, facets=facets, expansions=expansions),
            )
            plan = self.planner.plan(cursor, parsed, facets=facets)
            needed = page.offset + page.limit
            window, is_capped = (
                self._scoped_window(
                    cursor, match, low=low, high=high, needed=needed, scan_cost=plan.scan_cost
                )
                if plan.is_scoped
                else self._window(cursor, match, low=low, high=high)
            )
            if not window:
                return EMPTY_RESULTS
            if plan.ranked:
                candidates = _rank_candidates(cursor, plan.ranked, window, needed=needed)
                rank_match = compile_match(ParsedQuery(plan.ranked))
                ranked = _rank(cursor, rank_match, candidates, page)
            else:
                title_only = title_match(parsed, expansions=expansions)
                in_title = _in_title(cursor, title_only, parsed, window)
                ranked = _title_first(cursor, in_title, window, page)
            marked = _highlights(cursor, parsed, [rowid for rowid, _, _ in ranked])
        hits = [
            SearchHit(
                article_id=article_id,
                score=float(score),
                title_html=render_marked(marked.get(rowid, ("", ""))[0]),
                snippet_html=render_marked(marked.get(rowid, ("", ""))[1]),
            )
            for rowid, article_id, score in ranked
        ]
        return SearchResults(hits=hits, total=len(window), is_total_capped=is_capped)

    def _remove_chunk(self, cursor: Any, chunk: list[int]) -> None:
        update_term_counts(cursor, removed=_delete_docs(cursor, chunk), added=())

    def _index_chunk(self, chunk: list[int]) -> None:
        rows = self._rows(chunk)
        with connections[self.using].cursor() as cursor:
            removed = _delete_docs(cursor, chunk)
            wanted = [docid_base(row[6]) + row[0] % SLOTS for row in rows]
            docids = _allocate_docids(cursor, wanted)
            cursor.executemany(
                INSERT_DOC_SQL,
                [(row[0], docid) for row, docid in zip(rows, docids, strict=True)],
            )
            # FTS5 flushes its in-memory segment whenever a rowid is not above the
            # previous one: inserting in rowid order makes one segment per chunk
            # instead of hundreds of tiny ones (3x faster indexing, faster queries).
            fts_rows = sorted(
                (
                    docid,
                    strip_markers(title),
                    strip_markers((body or summary)[:MAX_INDEXED_CHARS]),
                    facet_tokens(source_id=source_id, language=language),
                )
                for (_, title, body, summary, language, source_id, _), docid in zip(
                    rows, docids, strict=True
                )
            )
            cursor.executemany(INSERT_FTS_SQL, fts_rows)
            update_term_counts(cursor, removed=removed, added=[row[1:3] for row in fts_rows])


def _rowid_range(since: datetime | None, until: datetime | None) -> tuple[int, int]:
    # Second precision: `since` is inclusive, `until` exclusive, both rounded to
    # whole seconds (a filter at 12:00:00.5 includes all of 12:00:00).
    low = docid_base(since) if since is not None else MIN_ROWID
    high = math.ceil(aware(until).timestamp()) * SLOTS - 1 if until is not None else MAX_ROWID
    return low, high


def _delete_docs(cursor: Any, article_ids: list[int]) -> list[tuple[str, str]]:
    """Remove these articles' rows from both tables; their (title, body) as indexed."""
    cursor.execute(DOCIDS_OF_SQL, [json.dumps(article_ids)])
    docids = sorted(cursor.fetchall())  # in rowid order, as for inserts
    if not docids:
        return []
    removed = stored_texts(cursor, json.dumps([docid for (docid,) in docids]))
    cursor.executemany(DELETE_FTS_SQL, docids)
    cursor.execute(DELETE_DOCS_SQL, [json.dumps(article_ids)])
    return removed


def _allocate_docids(cursor: Any, wanted: list[int]) -> list[int]:
    """A free docid for each wanted one: the wanted value or the next free one after it."""
    cursor.execute(TAKEN_DOCIDS_SQL, [json.dumps(wanted)])
    taken = {docid for (docid,) in cursor.fetchall()}
    known = set(wanted)
    allocated = []
    for docid in wanted:
        while docid in taken or (docid not in known and _docid_exists(cursor, docid)):
            taken.add(docid)
            docid += 1
        taken.add(docid)
        allocated.append(docid)
    return allocated


def _docid_exists(cursor: Any, docid: int) -> bool:
    cursor.execute("SELECT 1 FROM search_fts_doc WHERE docid = %s", [docid])
    return cursor.fetchone() is not None


def _rank_candidates(
    cursor: Any, terms: Sequence[Term], window: list[int], *, needed: int
) -> list[int]:
    """The rows of `window` worth scoring: all of it up to RANK_NEWEST rows; past that the
    newest RANK_NEWEST and every row with a ranked term in its title (bm25 weighs a title
    match as ten body matches, so the best scores are among them), unless the page asked
    for lies beyond those."""
    if len(window) <= RANK_NEWEST:
        return window
    in_title = set(
        rowids(cursor, TITLE_ROWIDS_SQL, [title_any_match(terms), window[-1], window[0]])
    )
    candidates = [r for n, r in enumerate(window) if n < RANK_NEWEST or r in in_title]
    return candidates if len(candidates) >= needed else window


def _rank(
    cursor: Any, rank_match: str | None, window: list[int], page: Page
) -> list[tuple[int, int, float]]:
    """(rowid, article id, score) of the page's hits, best bm25 first, ties newest first."""
    cursor.execute(
        RANK_SQL,
        [rank_match, window[-1], window[0], json.dumps(window), page.limit, page.offset],
    )
    return cursor.fetchall()


def _in_title(
    cursor: Any, title_only: str | None, parsed: ParsedQuery, window: list[int]
) -> set[int]:
    """The rows of `window` holding every included term in the title.

    A phrase's title query costs what its window query did (FTS5 finds a phrase through its
    words' position lists, and reads past the range to the next hit): for a small window the
    stored titles are read and matched here, with the highlighter's patterns (FTS5's words).
    """
    if len(window) <= TITLE_CHECK_ROWS and title_only is not None and has_phrase(title_only):
        patterns = [term_pattern([term]) for term in parsed.included]
        cursor.execute(TITLES_SQL, [json.dumps(window)])
        return {
            rowid
            for rowid, title in cursor.fetchall()
            if all(p is not None and p.search(title) for p in patterns)
        }
    return set(rowids(cursor, TITLE_ROWIDS_SQL, [title_only, window[-1], window[0]]))


def _title_first(
    cursor: Any, in_title: set[int], window: list[int], page: Page
) -> list[tuple[int, int, float]]:
    """(rowid, article id, score) of the page's hits: title matches first, then newest."""
    ordered = [r for r in window if r in in_title] + [r for r in window if r not in in_title]
    rowids = ordered[page.offset : page.offset + page.limit]
    if not rowids:
        return []
    cursor.execute(ARTICLE_IDS_SQL, [json.dumps(rowids)])
    article_ids = dict(cursor.fetchall())
    return [
        (rowid, article_ids[rowid], 1.0 if rowid in in_title else 0.0)
        for rowid in rowids
        if rowid in article_ids
    ]


def _highlights(cursor: Any, parsed: ParsedQuery, rowids: list[int]) -> dict[int, tuple[str, str]]:
    """Marked title and body snippet of each rowid, found in the stored text."""
    if not rowids:
        return {}
    pattern = term_pattern(parsed.included)
    cursor.execute(TEXT_SQL, [json.dumps(rowids)])
    return {
        rowid: (mark_matches(title, pattern), mark_snippet(body, pattern))
        for rowid, title, body in cursor.fetchall()
    }
