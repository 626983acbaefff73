"""Django app config for search."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Full-text search over articles (no models: the index tables are SQL-managed)."""

    name = "broadsheet.search"
    default_auto_field = "django.db.models.BigAutoField"
