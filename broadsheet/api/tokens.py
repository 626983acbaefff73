"""Every write to API tokens: create (shown once), revoke, and checking one presented."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from broadsheet.api.models import ApiToken

User = AbstractBaseUser | AnonymousUser
MAX_TOKENS_PER_USER = 50
# last_used_at is written at most this often, so reading does not mean a write per request.
TOUCH_EVERY = timedelta(minutes=5)


def _digest(secret: str) -> str:
    # A keyed SHA-256 is enough: the secret has 256 bits of entropy, so a slow password
    # hash would only slow every request; the key makes a stolen table alone useless.
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"api-token:{secret}".encode(), hashlib.sha256).hexdigest()


def create_token(user: User, *, name: str) -> tuple[ApiToken, str]:
    """A new token for the reader; the returned text is the only time it is ever shown."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied("Log in first.")
    if ApiToken.objects.filter(user_id=user.pk).count() >= MAX_TOKENS_PER_USER:
        raise PermissionDenied(f"At most {MAX_TOKENS_PER_USER} tokens; revoke one first.")
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user_id=user.pk, name=name.strip()[:100] or "token", prefix=prefix, digest=_digest(secret)
    )
    return token, f"bs_{prefix}_{secret}"


def revoke_token(user: User, *, token_id: int) -> bool:
    """Delete one of the reader's own tokens; False when they have no such token."""
    if not user.is_authenticated:
        raise PermissionDenied("Log in first.")
    deleted, _ = ApiToken.objects.filter(user_id=user.pk, pk=token_id).delete()
    return deleted > 0


def prune_tokens(user: User, *, name: str, keep: int) -> None:
    """Keep only the newest `keep` tokens of this name (apps that sign in again and again)."""
    if not user.is_authenticated:
        return
    old = ApiToken.objects.filter(user_id=int(user.pk), name=name).order_by("-created_at", "-pk")
    stale = list(old.values_list("pk", flat=True)[keep:])
    if stale:
        ApiToken.objects.filter(pk__in=stale).delete()


def authenticate_token(raw: str) -> ApiToken | None:
    """The live token this text names, with its active user; None for anything else."""
    parts = raw.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != "bs" or not parts[1] or not parts[2]:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1][:16]).first()
    if token is None or not hmac.compare_digest(token.digest, _digest(parts[2])):
        return None
    if not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
