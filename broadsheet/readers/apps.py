"""Django app config for readers' own state."""

from django.apps import AppConfig


class ReadersConfig(AppConfig):
    """Follows, saved articles and read marks, per account."""

    name = "broadsheet.readers"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from broadsheet.readers import read_marks, state

        state.connect_signals()
        read_marks.connect_signals()
