"""Django app config for the scale-out workers (Celery tasks, the scheduler, dead letters)."""

from django.apps import AppConfig
from django.conf import settings


class WorkersConfig(AppConfig):
    """Celery workers on Redis: the dead-letter table and the worker/scheduler commands."""

    name = "broadsheet.workers"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from broadsheet.websub.signals import push_received

        push_received.connect(_ingest_push_now, dispatch_uid="workers-ingest-push")


def _ingest_push_now(sender: object, *, push_id: int, **kwargs: object) -> None:
    """Scaled out (a Celery broker set), a worker ingests a received push at once."""
    if settings.CELERY_BROKER_URL:
        from broadsheet.workers.tasks import process_push_task

        process_push_task.delay(push_id)
