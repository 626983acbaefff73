"""Index only the copies on Article.copy_of (see Article.Meta.indexes for why).

Django would rebuild the whole articles table on SQLite to drop the foreign key's index (a
copy of the archive, minutes and twice the disk at a million articles). Dropping the index
by name does the same in milliseconds, on SQLite and PostgreSQL alike.
"""

import django.db.models.deletion
from django.db import migrations, models


def _copy_of_indexes(schema_editor, model) -> list[str]:
    """Names of the plain (non-unique, non-partial-by-us) indexes on copy_of_id."""
    with schema_editor.connection.cursor() as cursor:
        constraints = schema_editor.connection.introspection.get_constraints(
            cursor, model._meta.db_table
        )
    return [
        name
        for name, c in constraints.items()
        if c["index"]
        and not c["unique"]
        and c["columns"] == ["copy_of_id"]
        and name != "article_copy_of_copies"
    ]


def drop_full_index(apps, schema_editor) -> None:
    model = apps.get_model("articles", "Article")
    for name in _copy_of_indexes(schema_editor, model):
        schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")


def restore_full_index(apps, schema_editor) -> None:
    model = apps.get_model("articles", "Article")
    field = model._meta.get_field("copy_of")
    schema_editor.execute(schema_editor._create_index_sql(model, fields=[field]))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_article_headline_flags"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="article",
                    name="copy_of",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="copies",
                        to="articles.article",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop_full_index, restore_full_index)],
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("copy_of__isnull", False)),
                fields=["copy_of"],
                name="article_copy_of_copies",
            ),
        ),
    ]
