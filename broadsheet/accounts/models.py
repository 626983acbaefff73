"""A reader's public profile beside Django's user."""

from __future__ import annotations

from django.conf import settings
from django.db import models

DELETED_USER = "deleted user"


class Profile(models.Model):
    """What other readers see of an account: its display name."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(max_length=50)

    def __str__(self) -> str:
        return self.display_name
