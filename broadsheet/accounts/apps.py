"""Django app config for accounts."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Readers' accounts and profiles."""

    name = "broadsheet.accounts"
    default_auto_field = "django.db.models.BigAutoField"
