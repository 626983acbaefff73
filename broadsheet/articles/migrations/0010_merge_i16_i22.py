"""Joins two migrations made side by side (issues 16 and 22); it changes nothing."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_i16_date_note"),
        ("articles", "0009_i22_entryfailure"),
    ]

    operations: list[migrations.operations.base.Operation] = []
