"""PostgreSQL backend: a tsvector table with a GIN index, ranked with ts_rank_cd.

Schema (created by migration 0001 on PostgreSQL only): `search_document`
(article_id, source_id, languages, published_at, document), where document is
the title at weight A (1.0) and the body at weight D (0.1), both parsed with
the `broadsheet_search` configuration (simple + unaccent when available).
Each query term is compiled on its own by `phraseto_tsquery` (words and
phrases: it reads its input as plain text) or `to_tsquery` over quoted
letter-and-digit tokens (prefixes), so no reader input is read as tsquery
syntax; the compiled terms are then joined with & and !.
"""

from __future__ import annotations

from typing import Any

from django.db import connections, transaction

from broadsheet.search.backend import (
    DEFAULT_RANK_WINDOW,
    EMPTY_RESULTS,
    MAX_INDEXED_CHARS,
    Page,
    SearchHit,
    SearchResults,
    aware,
)
from broadsheet.search.highlight import MARK_CLOSE, MARK_OPEN, render_marked
from broadsheet.search.indexing import ChunkedIndexing
from broadsheet.search.query import (
    ParsedQuery,
    SearchQuery,
    Term,
    language_filter_key,
    language_keys,
    parse_query,
)
from broadsheet.sources.models import Source

TITLE_OPTIONS = f'StartSel="{MARK_OPEN}", StopSel="{MARK_CLOSE}", HighlightAll=true'
SNIPPET_OPTIONS = (
    f'StartSel="{MARK_OPEN}", StopSel="{MARK_CLOSE}", MaxWords=32, MinWords=12, '
    'MaxFragments=2, FragmentDelimiter=" … "'
)

# Each term becomes its own tsquery: phraseto_tsquery reads its input as plain
# text; to_tsquery only ever gets quoted letter-and-digit tokens (prefixes).
TERMS_SQL = (
    "SELECT (CASE WHEN is_prefix THEN to_tsquery('broadsheet_search', term) "
    "ELSE phraseto_tsquery('broadsheet_search', term) END)::text "
    "FROM unnest(%s::text[], %s::boolean[]) WITH ORDINALITY AS t(term, is_prefix, n) ORDER BY n"
)
# Rank only the newest `rank_window` matches: for a common word PostgreSQL can
# walk the newest-first index instead of ranking every match. A NULL parameter
# switches its filter off (values are bound client-side, so the planner sees
# constants and drops unused conditions). The LEFT JOIN returns the count even
# for a page past the last hit.
SEARCH_SQL = (
    "WITH matches AS ("
    "SELECT article_id, published_at, document FROM search_document "
    "WHERE document @@ %s::tsquery "
    "AND (%s::bigint IS NULL OR source_id = %s::bigint) "
    "AND (%s::text IS NULL OR %s::text = ANY(languages)) "
    "AND (%s::timestamptz IS NULL OR published_at >= %s::timestamptz) "
    "AND (%s::timestamptz IS NULL OR published_at < %s::timestamptz) "
    "ORDER BY published_at DESC, article_id DESC LIMIT %s), "
    "hits AS (SELECT article_id, published_at, ts_rank_cd(document, %s::tsquery) AS score "
    "FROM matches ORDER BY score DESC, published_at DESC, article_id DESC LIMIT %s OFFSET %s) "
    "SELECT (SELECT count(*) FROM matches), hits.article_id, hits.score "
    "FROM (VALUES (1)) AS one LEFT JOIN hits ON true "
    "ORDER BY hits.score DESC, hits.published_at DESC, hits.article_id DESC"
)
HEADLINE_SQL = (
    "SELECT id, ts_headline('broadsheet_search', translate(title, %s, ''), %s::tsquery, %s), "
    "ts_headline('broadsheet_search', translate(left("
    "CASE WHEN body <> '' THEN body ELSE summary END, %s), %s, ''), %s::tsquery, %s) "
    "FROM articles_article WHERE id = ANY(%s)"
)
REMOVE_SQL = "DELETE FROM search_document WHERE article_id = ANY(%s)"
REMOVE_GONE_SQL = (
    "DELETE FROM search_document WHERE article_id = ANY(%s) AND NOT article_id = ANY(%s)"
)
UPSERT_SQL = (
    "INSERT INTO search_document (article_id, source_id, languages, published_at, document) "
    "VALUES (%s, %s, %s, %s, setweight(to_tsvector('broadsheet_search', %s), 'A') "
    "|| setweight(to_tsvector('broadsheet_search', %s), 'D')) "
    "ON CONFLICT (article_id) DO UPDATE SET source_id = EXCLUDED.source_id, "
    "languages = EXCLUDED.languages, published_at = EXCLUDED.published_at, "
    "document = EXCLUDED.document"
)


def _term_input(term: Term) -> str:
    if term.is_prefix:
        # Tokens hold only letters, digits and marks: quoting needs no escaping.
        return " <-> ".join(f"'{token}'" for token in term.tokens) + ":*"
    return term.text


def compile_tsquery(cursor: Any, parsed: ParsedQuery) -> str | None:
    """The tsquery (as text) for a parsed query, or None when it can match nothing."""
    if parsed.is_empty:
        return None
    terms = [*parsed.included, *parsed.excluded]
    cursor.execute(TERMS_SQL, [[_term_input(t) for t in terms], [t.is_prefix for t in terms]])
    compiled = [text for (text,) in cursor.fetchall()]
    included = [f"( {q} )" for q in compiled[: len(parsed.included)] if q]
    if not included:
        # Only symbols the parser drops: a lone negation would scan the whole table.
        return None
    excluded = [f"!( {q} )" for q in compiled[len(parsed.included) :] if q]
    return " & ".join(included + excluded)


class TsvectorBackend(ChunkedIndexing):
    """Search over PostgreSQL tsvector; see the module docstring for the schema."""

    def __init__(self, *, rank_window: int = DEFAULT_RANK_WINDOW, using: str = "default"):
        self.rank_window = rank_window
        self.using = using

    def rebuild(self) -> None:
        """Empty the index and index every stored article again."""
        with transaction.atomic(using=self.using):
            with connections[self.using].cursor() as cursor:
                cursor.execute("TRUNCATE search_document")
            self._index_every_article()

    def search(self, query: SearchQuery) -> SearchResults:
        """One page of results for `query`; never raises on any query text."""
        filters = self._filters(query)
        if filters is None:
            return EMPTY_RESULTS
        with connections[self.using].cursor() as cursor:
            tsquery = compile_tsquery(cursor, parse_query(query.text))
            if tsquery is None:
                return EMPTY_RESULTS
            return self._search(cursor, tsquery, filters=filters, page=Page.of(query))

    def _filters(self, query: SearchQuery) -> list[Any] | None:
        """Parameters for MATCHES_SQL's filters, or None when a filter matches nothing."""
        source_id = None
        if query.source_slug is not None:
            source_id = (
                Source.objects.using(self.using)
                .filter(slug=query.source_slug)
                .values_list("pk", flat=True)
                .first()
            )
            if source_id is None:
                return None
        language = None
        if query.language is not None:
            language = language_filter_key(query.language)
            if language is None:
                return None
        since = aware(query.since) if query.since is not None else None
        until = aware(query.until) if query.until is not None else None
        return [source_id, source_id, language, language, since, since, until, until]

    def _search(
        self, cursor: Any, tsquery: str, *, filters: list[Any], page: Page
    ) -> SearchResults:
        cursor.execute(
            SEARCH_SQL,
            [tsquery, *filters, self.rank_window, tsquery, page.limit, page.offset],
        )
        rows = cursor.fetchall()
        total = rows[0][0]
        ranked = [(article_id, score) for _, article_id, score in rows if article_id is not None]
        marked = _headlines(cursor, tsquery, [article_id for article_id, _ in ranked])
        hits = [
            SearchHit(
                article_id=article_id,
                score=float(score),
                title_html=render_marked(marked.get(article_id, ("", ""))[0]),
                snippet_html=render_marked(marked.get(article_id, ("", ""))[1]),
            )
            for article_id, score in ranked
        ]
        return SearchResults(hits=hits, total=total, is_total_capped=total >= self.rank_window)

    def _remove_chunk(self, cursor: Any, chunk: list[int]) -> None:
        cursor.execute(REMOVE_SQL, [chunk])

    def _index_chunk(self, chunk: list[int]) -> None:
        rows = self._rows(chunk)
        with connections[self.using].cursor() as cursor:
            cursor.execute(REMOVE_GONE_SQL, [chunk, [row[0] for row in rows]])
            cursor.executemany(
                UPSERT_SQL,
                [
                    (
                        pk,
                        source_id,
                        list(language_keys(language)),
                        published_at,
                        title,
                        (body or summary)[:MAX_INDEXED_CHARS],
                    )
                    for pk, title, body, summary, language, source_id, published_at in rows
                ],
            )


def _headlines(cursor: Any, tsquery: str, article_ids: list[int]) -> dict[int, tuple[str, str]]:
    """Marked title and body snippet of each article, computed for one page of hits only."""
    if not article_ids:
        return {}
    markers = MARK_OPEN + MARK_CLOSE
    cursor.execute(
        HEADLINE_SQL,
        [markers, tsquery, TITLE_OPTIONS]
        + [MAX_INDEXED_CHARS, markers, tsquery, SNIPPET_OPTIONS, article_ids],
    )
    return {pk: (title or "", snippet or "") for pk, title, snippet in cursor.fetchall()}
