"""Personal API tokens: what native apps and Google Reader clients sign in with."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiToken(models.Model):
    """One token of one reader; only a keyed hash of the secret is stored.

    The token text is `bs_<prefix>_<secret>`: the prefix finds the row (indexed,
    not secret), the secret is checked against `digest` in constant time.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def masked(self) -> str:
        """How the token is shown after its creation: its public start only."""
        return f"bs_{self.prefix}_…"
