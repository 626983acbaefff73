import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_feedentry_plural_name"),
        ("sources", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="EntryFailure",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=2000)),
                ("url", models.CharField(blank=True, max_length=2000)),
                ("reason", models.TextField()),
                ("attempts", models.PositiveIntegerField(default=1)),
                ("entry_updated_at", models.DateTimeField(blank=True, null=True)),
                ("first_failed_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("last_failed_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "feed",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="entry_failures",
                        to="sources.feed",
                    ),
                ),
            ],
            options={"ordering": ["-last_failed_at", "pk"]},
        ),
        migrations.AddConstraint(
            model_name="entryfailure",
            constraint=models.UniqueConstraint(
                fields=("feed", "key"), name="entryfailure_unique_key"
            ),
        ),
    ]
