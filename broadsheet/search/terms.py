"""The term table (SQLite): every indexed word with a document count, kept at index time.

FTS5 answers a prefix longer than its prefix index (3 characters) by merging the whole
doclist of every term that starts with it before a rowid range applies: 194 ms p99 at
1M articles. `search_term(term, docs)` lists the index's words, so a prefix becomes an
OR of at most MAX_PREFIX_TERMS words, the ones in most documents, and each word's
doclist is entered at the query's rowid range instead of read whole.

`docs` counts the articles holding the word in the title plus those holding it in the
body (FTS5's per-column counts; an article with it in both counts twice): it is a
weight for choosing words, not a figure shown to anyone.

Counts are exact for FTS5's own tokenizer because FTS5 does the tokenizing: each chunk's
removed and added texts go into a temporary contentless FTS5 table of this connection,
whose fts5vocab table gives every word's document count per column; the difference is
added to search_term in the indexing transaction.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from broadsheet.search.query import ParsedQuery, Term

# At most this many words stand for one prefix (the most frequent first). A prefix of
# 4 characters has 1-1,300 words in the bench vocabulary (real words and made-up names);
# 96 keep 97.7 % of the top-10 hits at 1M for 13.6 ms p99 (docs/measurements.md).
MAX_PREFIX_TERMS = 96
# FTS5's prefix index covers prefixes up to this length: they need no expansion.
INDEXED_PREFIX_CHARS = 3
# The same tokenizer as search_fts (migration 0001), so staged words are indexed words.
TOKENIZE = "unicode61 remove_diacritics 2"

STAGE_SQL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_term_stage USING fts5("
    f"old_title, old_body, new_title, new_body, tokenize = '{TOKENIZE}', "
    "content = '', detail = column, columnsize = 0)"
)
STAGE_VOCAB_SQL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_term_stage_vocab "
    "USING fts5vocab(temp, search_term_stage, col)"
)
STAGE_INSERT_SQL = (
    "INSERT INTO temp.search_term_stage (rowid, old_title, old_body, new_title, new_body) "
    "VALUES (%s, %s, %s, %s, %s)"
)
# WHERE true: SQLite's upsert after a SELECT needs it to parse ON CONFLICT.
APPLY_SQL = (
    "INSERT INTO search_term (term, docs) "
    "SELECT term, sum(CASE WHEN col IN ('new_title', 'new_body') THEN doc ELSE -doc END) AS delta "
    "FROM temp.search_term_stage_vocab WHERE true GROUP BY term HAVING delta != 0 "
    "ON CONFLICT (term) DO UPDATE SET docs = docs + excluded.docs"
)
PRUNE_SQL = (
    "DELETE FROM search_term WHERE docs <= 0 AND term IN "
    "(SELECT term FROM temp.search_term_stage_vocab WHERE col IN ('old_title', 'old_body'))"
)
CLEAR_STAGE_SQL = "INSERT INTO temp.search_term_stage (search_term_stage) VALUES ('delete-all')"
OLD_TEXT_SQL = "SELECT title, body FROM search_fts WHERE rowid IN (SELECT value FROM json_each(%s))"
# Every word of the whole index at once (a rebuild, a bulk load): one pass over it.
COUNT_ALL_SQL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_fts_vocab "
    "USING fts5vocab(main, search_fts, col)",
    "DELETE FROM search_term",
    "INSERT INTO search_term (term, docs) SELECT term, sum(doc) FROM temp.search_fts_vocab "
    "WHERE col IN ('title', 'body') GROUP BY term",
    "DROP TABLE temp.search_fts_vocab",
]
TERM_DOCS_SQL = "SELECT docs FROM search_term WHERE term = %s"
PREFIX_TERMS_SQL = (
    "SELECT term FROM search_term WHERE term >= %s AND term < %s ORDER BY docs DESC, term LIMIT %s"
)


def update_term_counts(
    cursor: Any, *, removed: Iterable[tuple[str, str]], added: Iterable[tuple[str, str]]
) -> None:
    """Take the words of `removed` (title, body) texts out of search_term, add `added`'s."""
    rows: list[tuple[int, str | None, str | None, str | None, str | None]]
    rows = [(n, title, body, None, None) for n, (title, body) in enumerate(removed, 1)]
    rows += [(len(rows) + n, None, None, t, b) for n, (t, b) in enumerate(added, 1)]
    if not rows:
        return
    cursor.execute(STAGE_SQL)
    cursor.execute(STAGE_VOCAB_SQL)
    cursor.executemany(STAGE_INSERT_SQL, rows)
    cursor.execute(APPLY_SQL)
    cursor.execute(PRUNE_SQL)
    cursor.execute(CLEAR_STAGE_SQL)


def stored_texts(cursor: Any, docids_json: str) -> list[tuple[str, str]]:
    """(title, body) as the index holds them, for docids about to be deleted."""
    cursor.execute(OLD_TEXT_SQL, [docids_json])
    return cursor.fetchall()


def count_all_terms(cursor: Any) -> None:
    """Fill search_term from the whole index (after a bulk load; one pass over the index)."""
    for statement in COUNT_ALL_SQL:
        cursor.execute(statement)


def fold(token: str) -> str:
    """`token` as the index spells it: lower case, accents removed (unicode61's folding)."""
    decomposed = unicodedata.normalize("NFD", token.lower())
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    )


def prefix_terms(cursor: Any, prefix: str, *, limit: int | None = None) -> tuple[str, ...]:
    """The indexed words starting with `prefix`, at most `limit` (MAX_PREFIX_TERMS), most
    documents first."""
    start = fold(prefix)
    cursor.execute(PREFIX_TERMS_SQL, [start, start + "\U0010ffff", limit or MAX_PREFIX_TERMS])
    return tuple(term for (term,) in cursor.fetchall())


def term_docs(cursor: Any, token: str) -> int | None:
    """The term table's count for a word (title plus body documents); None if unlisted."""
    cursor.execute(TERM_DOCS_SQL, [fold(token)])
    row = cursor.fetchone()
    return None if row is None else int(row[0])


def expand_prefixes(cursor: Any, parsed: ParsedQuery) -> Mapping[Term, tuple[str, ...]]:
    """Words for each prefix term longer than the prefix index; a prefix that no listed
    word starts with is left to FTS5 (so an unlisted word is still found)."""
    expansions = {}
    for term in parsed.terms:
        if term.is_prefix and len(term.tokens[-1]) > INDEXED_PREFIX_CHARS:
            words = prefix_terms(cursor, term.tokens[-1])
            if words:
                expansions[term] = words
    return expansions
