"""Django app config for sources."""

from django.apps import AppConfig


class SourcesConfig(AppConfig):
    """Publishers and the feeds they publish."""

    name = "broadsheet.sources"
    default_auto_field = "django.db.models.BigAutoField"
