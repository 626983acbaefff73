"""Django app configuration for WebSub subscriptions."""

from django.apps import AppConfig


class WebSubConfig(AppConfig):
    name = "broadsheet.websub"
    label = "websub"
    default_auto_field = "django.db.models.BigAutoField"
