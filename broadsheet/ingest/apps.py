"""Django app config for ingestion."""

from django.apps import AppConfig


class IngestConfig(AppConfig):
    """The ingestion engine (its commands, `ingest` and `run`, live in broadsheet/commands)."""

    name = "broadsheet.ingest"
    default_auto_field = "django.db.models.BigAutoField"
