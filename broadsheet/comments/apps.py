"""Django app config for comments."""

from django.apps import AppConfig


class CommentsConfig(AppConfig):
    """Readers' comments and their moderation."""

    name = "broadsheet.comments"
    default_auto_field = "django.db.models.BigAutoField"
