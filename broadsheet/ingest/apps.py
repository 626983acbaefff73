"""Django app config for ingestion."""

from django.apps import AppConfig


class IngestConfig(AppConfig):
    """The ingestion engine (management commands live here)."""

    name = "broadsheet.ingest"
    default_auto_field = "django.db.models.BigAutoField"
