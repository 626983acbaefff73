"""Django app config for the product's entry-point commands."""

from django.apps import AppConfig


class CommandsConfig(AppConfig):
    """Hosts `run` and `demo_publishers`, the commands that start the whole product."""

    name = "broadsheet.commands"
    default_auto_field = "django.db.models.BigAutoField"
