"""Migration 0005 swaps the full copy_of index for the partial one in place, both ways."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

BEFORE = [("articles", "0004_article_headline_flags")]
AFTER = [("articles", "0005_copy_of_partial_index")]


def copy_of_indexes() -> dict[str, bool]:
    """The indexes on copy_of_id: name -> whether it is the partial one."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "articles_article")
    return {
        name: name == "article_copy_of_copies"
        for name, c in constraints.items()
        if c["index"] and c["columns"] == ["copy_of_id"]
    }


def migrate(targets=None) -> None:
    """Migrate to `targets`, or (None) to the latest migration of every app."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_migration_replaces_the_full_index_without_rebuilding_the_table():
    try:
        migrate(BEFORE)
        before = copy_of_indexes()
        assert len(before) == 1 and not any(before.values())  # the foreign key's full index
        with CaptureQueriesContext(connection) as queries:
            migrate(AFTER)
        assert not [q for q in queries if "CREATE TABLE" in q["sql"].upper()]
        assert copy_of_indexes() == {"article_copy_of_copies": True}
    finally:
        migrate()
