"""Django app config for the web pages."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    """Server-rendered pages."""

    name = "broadsheet.web"
    default_auto_field = "django.db.models.BigAutoField"
