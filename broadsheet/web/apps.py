"""Django app config for the web pages."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    """Server-rendered pages."""

    name = "broadsheet.web"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the deploy check on the Content-Security-Policy.
        from broadsheet.web import security  # noqa: F401
