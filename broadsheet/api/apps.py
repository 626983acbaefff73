"""Django app config for the API (its one table: personal API tokens)."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The JSON API, the Google Reader API and the tokens apps sign in with."""

    name = "broadsheet.api"
    label = "api"
    default_auto_field = "django.db.models.BigAutoField"
