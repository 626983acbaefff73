"""Suspension of an account from commenting, and the "moderators" group."""

from django.db import migrations, models


def create_moderators_group(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("auth", "Group").objects.get_or_create(name="moderators")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AddField(
            model_name="profile",
            name="suspended_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Set by a moderator: the account may not comment.",
                null=True,
            ),
        ),
        migrations.RunPython(create_moderators_group, migrations.RunPython.noop),
    ]
