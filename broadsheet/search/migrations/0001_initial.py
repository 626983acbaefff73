"""Search index tables: FTS5 on SQLite, a tsvector table with a GIN index on PostgreSQL.

The search app has no Django models: the index is written and read with SQL by
broadsheet.search.fts5 and broadsheet.search.tsvector, and created here per vendor.
"""

from django.db import DatabaseError, migrations, transaction

SQLITE_FORWARD = [
    # unicode61 folds case and (remove_diacritics 2) accents in every script, and
    # stems nothing: the corpus is multilingual. prefix='3' keeps short prefix
    # queries (min 3 characters, see query.MIN_PREFIX_CHARS) to one doclist read.
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title, body, facets, tokenize = 'unicode61 remove_diacritics 2', prefix = '3')",
    "CREATE TABLE search_fts_doc (article_id INTEGER PRIMARY KEY, docid INTEGER NOT NULL UNIQUE)",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS search_fts_doc", "DROP TABLE IF EXISTS search_fts"]

POSTGRES_CONFIG = [
    # 'simple' stems nothing, like the SQLite tokenizer; unaccent (when the server
    # has it) folds accents the way remove_diacritics does.
    "CREATE TEXT SEARCH CONFIGURATION broadsheet_search (COPY = pg_catalog.simple)",
]
POSTGRES_UNACCENT = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "ALTER TEXT SEARCH CONFIGURATION broadsheet_search "
    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple",
]
POSTGRES_TABLES = [
    # No foreign key to articles_article: Django's test flush truncates the tables
    # it knows without CASCADE, which a foreign key from here would break.
    "CREATE TABLE search_document ("
    "article_id bigint PRIMARY KEY, source_id bigint NOT NULL, "
    "languages text[] NOT NULL, published_at timestamptz NOT NULL, "
    "document tsvector NOT NULL)",
    "CREATE INDEX search_document_gin ON search_document USING gin (document)",
    "CREATE INDEX search_document_newest ON search_document (published_at DESC, article_id DESC)",
]
POSTGRES_BACKWARD = [
    "DROP TABLE IF EXISTS search_document",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS broadsheet_search",
]


def _run(schema_editor, statements):
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_FORWARD)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_CONFIG)
        try:
            with transaction.atomic(using=schema_editor.connection.alias):
                _run(schema_editor, POSTGRES_UNACCENT)
        except DatabaseError:
            # Without the extension (or the right to create it) accents stay significant.
            pass
        _run(schema_editor, POSTGRES_TABLES)
    else:
        raise NotImplementedError(f"search has no backend for {vendor}")


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_BACKWARD)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_BACKWARD)


class Migration(migrations.Migration):
    initial = True

    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
