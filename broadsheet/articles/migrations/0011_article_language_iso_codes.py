"""Stored languages become ISO 639-1 codes, as ingestion now writes them ("en-us" -> "en").

Feed-only articles kept the feed's raw tag, so `?language=en` missed them. One UPDATE per
distinct stored value; values that are no language at all become "".
"""

from django.db import migrations

from broadsheet.lib.languages import normalize_language


def to_iso_codes(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    stored = Article.objects.order_by().values_list("language", flat=True).distinct()
    for value in list(stored):
        code = normalize_language(value) or ""
        if code != value:
            Article.objects.filter(language=value).update(language=code)


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_merge_i16_i22")]

    operations = [migrations.RunPython(to_iso_codes, migrations.RunPython.noop, elidable=True)]
