"""A reader's public profile beside Django's user, and who counts as a moderator."""

from __future__ import annotations

from django.conf import settings
from django.db import models

DELETED_USER = "deleted user"
MODERATORS_GROUP = "moderators"


class Profile(models.Model):
    """What other readers see of an account (its display name), and its standing."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(max_length=50)
    suspended_at = models.DateTimeField(
        null=True, blank=True, help_text="Set by a moderator: the account may not comment."
    )

    def __str__(self) -> str:
        return self.display_name


def is_moderator(user: object) -> bool:
    """Staff, or a member of the "moderators" group: may hide, restore and remove comments."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    if getattr(user, "is_staff", False):
        return True
    return bool(user.groups.filter(name=MODERATORS_GROUP).exists())  # type: ignore[attr-defined]


def is_suspended(user: object) -> bool:
    """A moderator has suspended this account from commenting."""
    profile = getattr(user, "profile", None) if getattr(user, "pk", None) else None
    return profile is not None and profile.suspended_at is not None
