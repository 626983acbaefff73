"""The one owner of dead-letter writes: record a task that gave up, send it again."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone

from broadsheet.workers.models import DeadLetter

log = logging.getLogger(__name__)


def record_dead_letter(
    task: str, *, args: list[object], error: str, attempts: int, task_id: str = ""
) -> DeadLetter:
    """Keep a task that failed after its last retry, for the admin's dead-letter list."""
    log.error("task %s%r gave up after %d attempts: %s", task, tuple(args), attempts, error)
    return DeadLetter.objects.create(
        task=task[:200],
        args=args,
        error=error[:10_000],
        failed_at=timezone.now(),
        attempts=attempts,
        task_id=task_id[:100],
    )


def resend_dead_letters(letters: Iterable[DeadLetter]) -> int:
    """Send each task again with its arguments (tasks are idempotent); mark it retried."""
    from broadsheet.workers.celery_app import app

    if not settings.CELERY_BROKER_URL:
        raise RuntimeError("CELERY_BROKER_URL is not set: there are no workers to send to")
    sent = 0
    for letter in letters:
        app.send_task(letter.task, args=list(letter.args))
        DeadLetter.objects.filter(pk=letter.pk).update(retried_at=timezone.now())
        sent += 1
    return sent
