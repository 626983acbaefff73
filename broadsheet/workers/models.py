"""A task that failed after its last retry, kept so an operator can see and resend it."""

from __future__ import annotations

from django.db import models


class DeadLetter(models.Model):
    """One task that exhausted its retries; the admin lists them and can send them again."""

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    error = models.TextField(blank=True)
    failed_at = models.DateTimeField(db_index=True)
    attempts = models.PositiveIntegerField(default=1)
    task_id = models.CharField(max_length=100, blank=True)
    retried_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-failed_at"]

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)!r} failed at {self.failed_at:%Y-%m-%d %H:%M}"
