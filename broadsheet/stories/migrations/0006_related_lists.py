# Two empty tables: instant at a million articles (lists are made lazily, on first view).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_article_language_iso_codes"),
        ("stories", "0005_story_merged_partial_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="RelatedEpoch",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("value", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name="RelatedList",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="articles.article",
                    ),
                ),
                ("related", models.CharField(blank=True, max_length=200)),
                ("upto", models.BigIntegerField(db_index=True)),
                ("made_with", models.IntegerField()),
            ],
        ),
    ]
