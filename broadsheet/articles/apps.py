"""Django app config for articles."""

from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    """Stored articles."""

    name = "broadsheet.articles"
    default_auto_field = "django.db.models.BigAutoField"
