"""Every write to Fever keys: make a reader's app password (shown once), revoke it, check a key."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from broadsheet.api.models import FeverKey
from broadsheet.api.tokens import TOUCH_EVERY

User = AbstractBaseUser | AnonymousUser
# Lower-case letters and digits without look-alikes (0/o, 1/l): typed on a phone keyboard.
_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
_GROUPS, _GROUP_LENGTH = 5, 4  # 20 characters of 32: 100 bits


def api_key_for(email: str, password: str) -> str:
    """What a Fever app sends for this email and password: md5("email:password") in hex."""
    return hashlib.md5(f"{email}:{password}".encode(), usedforsecurity=False).hexdigest()


def _digest(api_key: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"fever:{api_key.strip().lower()}".encode(), hashlib.sha256).hexdigest()


def _app_password() -> str:
    groups = (
        "".join(secrets.choice(_ALPHABET) for _ in range(_GROUP_LENGTH)) for _ in range(_GROUPS)
    )
    return "-".join(groups)


def create_fever_password(user: User) -> tuple[str, str]:
    """A new app password for the reader, replacing any earlier one: (password, api_key).

    Both are shown once; only a keyed hash of the api_key is stored.
    """
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied("Log in first.")
    email = str(getattr(user, "email", "") or "")
    if not email:
        raise PermissionDenied("Your account needs an email address for Fever apps.")
    password = _app_password()
    api_key = api_key_for(email, password)
    with transaction.atomic():
        FeverKey.objects.filter(user_id=user.pk).delete()
        FeverKey.objects.create(user_id=user.pk, digest=_digest(api_key))
    return password, api_key


def revoke_fever_password(user: User) -> bool:
    """Delete the reader's Fever key; False when they had none."""
    if not user.is_authenticated:
        raise PermissionDenied("Log in first.")
    deleted, _ = FeverKey.objects.filter(user_id=user.pk).delete()
    return deleted > 0


def has_fever_password(user: User) -> bool:
    """Whether the reader has a Fever key."""
    return user.is_authenticated and FeverKey.objects.filter(user_id=user.pk).exists()


def authenticate_fever(api_key: str) -> AbstractBaseUser | None:
    """The active reader this api_key belongs to, or None."""
    value = api_key.strip().lower()
    if len(value) != 32 or any(ch not in "0123456789abcdef" for ch in value):
        return None
    key = FeverKey.objects.select_related("user").filter(digest=_digest(value)).first()
    if key is None or not key.user.is_active:
        return None
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > TOUCH_EVERY:
        FeverKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return key.user
