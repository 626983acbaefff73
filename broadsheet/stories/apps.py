"""Django app config for stories."""

from django.apps import AppConfig


class StoriesConfig(AppConfig):
    """Stories, topics and entities."""

    name = "broadsheet.stories"
    default_auto_field = "django.db.models.BigAutoField"
