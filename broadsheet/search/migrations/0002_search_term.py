"""The term table of the SQLite index (see broadsheet.search.terms), filled from the index.

On PostgreSQL nothing changes: tsquery prefixes are bounded by the GIN index already.
At 1M articles filling it reads the whole index once (timed in docs/measurements.md).
"""

from django.db import migrations

CREATE = "CREATE TABLE search_term (term TEXT PRIMARY KEY, docs INTEGER NOT NULL) WITHOUT ROWID"
FILL = [
    "CREATE VIRTUAL TABLE temp.search_fts_vocab_0002 USING fts5vocab(main, search_fts, col)",
    "INSERT INTO search_term (term, docs) SELECT term, sum(doc) FROM temp.search_fts_vocab_0002 "
    "WHERE col IN ('title', 'body') GROUP BY term",
    "DROP TABLE temp.search_fts_vocab_0002",
]


def create_term_table(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        for statement in [CREATE, *FILL]:
            cursor.execute(statement)


def drop_term_table(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS search_term")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create_term_table, drop_term_table)]
