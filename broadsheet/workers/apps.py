"""Django app config for the scale-out workers (Celery tasks, the scheduler, dead letters)."""

from django.apps import AppConfig


class WorkersConfig(AppConfig):
    """Celery workers on Redis: the dead-letter table and the worker/scheduler commands."""

    name = "broadsheet.workers"
    default_auto_field = "django.db.models.BigAutoField"
