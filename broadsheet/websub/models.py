"""A feed's subscription at its WebSub hub, and the pushes received and waiting to be ingested."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from broadsheet.sources.models import Feed


class Subscription(models.Model):
    """One feed's subscription at one hub; the callback URL carries `token`.

    `secret` is the HMAC key the hub signs pushes with: it is given to the hub only, over
    the subscription request, and never leaves the database otherwise.
    """

    class State(models.TextChoices):
        PENDING = "pending", "requested, waiting for the hub's check"
        ACTIVE = "active", "verified; pushes accepted"
        DENIED = "denied", "refused by the hub"

    feed = models.OneToOneField(Feed, on_delete=models.CASCADE, related_name="websub")
    hub_url = models.URLField(max_length=2000)
    topic_url = models.URLField(max_length=2000)
    token = models.CharField(max_length=64, unique=True)
    secret = models.CharField(max_length=64)
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    lease_seconds = models.PositiveIntegerField(default=0)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    requested_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    last_push_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.topic_url} at {self.hub_url} ({self.state})"

    def is_active(self, now: object = None) -> bool:
        """Whether the hub verified the subscription and its lease has not run out."""
        moment = now or timezone.now()
        return self.state == self.State.ACTIVE and (
            self.lease_expires_at is None or self.lease_expires_at > moment  # type: ignore[operator]
        )


class Push(models.Model):
    """A signed push, kept until the ingest job has stored its entries.

    The body's digest stays after processing so a replayed push is recognised.
    """

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="pushes")
    digest = models.CharField(max_length=64)
    body = models.BinaryField(null=True, blank=True)
    content_type = models.CharField(max_length=200, blank=True)
    received_at = models.DateTimeField(default=timezone.now)
    # Taken by a worker at this time; a crashed worker's push comes back after a lease.
    claimed_at = models.DateTimeField(null=True, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscription", "digest"], name="push_unique_digest")
        ]

    def __str__(self) -> str:
        return f"push {self.digest[:12]} for {self.subscription_id}"
