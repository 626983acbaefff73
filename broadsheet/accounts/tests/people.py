"""Readers for tests: active accounts with a profile, made the way sign-up makes them."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import Group, User
from django.utils import timezone

from broadsheet.accounts.models import MODERATORS_GROUP, Profile

PASSWORD = "harbour-lights-1987"


def make_reader(
    name: str = "Ana",
    *,
    email: str | None = None,
    days_old: int = 30,
    moderator: bool = False,
) -> User:
    """An active, verified account; `days_old` sets date_joined (new accounts are watched)."""
    email = email or f"{name.lower()}@example.org"
    user = User.objects.create_user(
        username=email,
        email=email,
        password=PASSWORD,
        date_joined=timezone.now() - timedelta(days=days_old),
    )
    Profile.objects.create(user=user, display_name=name)
    if moderator:
        group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
        user.groups.add(group)
    return user
