"""Personal API tokens (native apps, Google Reader clients) and Fever API keys."""

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


class FeverKey(models.Model):
    """A reader's Fever API key: only a keyed hash of md5("email:app password") is stored.

    Fever apps send api_key = md5("email:password"). The password is an app password
    Broadsheet generates (never the account's): md5 of a random 100-bit secret cannot be
    reversed, and md5 of a human password could.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="fever_key"
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Fever key of {self.user_id}"
