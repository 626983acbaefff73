"""Every write to an account: registration, verification, profile changes, deletion."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction

from broadsheet.accounts.models import Profile

_VERIFY_SALT = "broadsheet.accounts.verify-email"
VERIFY_MAX_AGE = 3 * 24 * 3600


def display_name_of(user: User | None) -> str:
    """The name shown beside a reader's words."""
    from broadsheet.accounts.models import DELETED_USER

    if user is None:
        return DELETED_USER
    profile = getattr(user, "profile", None)
    return profile.display_name if profile is not None else user.get_username()


@transaction.atomic
def register_user(email: str, *, password: str, display_name: str) -> User:
    """Create an inactive account that the emailed link will activate."""
    email = User.objects.normalize_email(email).lower()
    user = User(username=email, email=email, is_active=False)
    user.set_password(password)
    user.save()
    Profile.objects.create(user=user, display_name=display_name.strip())
    return user


def make_verification_token(user: User) -> str:
    """A signed, expiring token naming the account and the address it was sent to."""
    return signing.dumps({"id": user.pk, "email": user.email}, salt=_VERIFY_SALT)


def send_verification_email(user: User, *, link: str) -> None:
    """Mail the verification link to the address given at sign-up."""
    send_mail(
        subject=f"Confirm your {settings.SITE_NAME} account",
        message=(
            f"Open this link to confirm your email address:\n\n{link}\n\n"
            "It works for three days. If you did not sign up, ignore this email."
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )


def verify_email(token: str) -> User | None:
    """Activate the account the token names; None when it is forged, expired or stale."""
    try:
        data = signing.loads(token, salt=_VERIFY_SALT, max_age=VERIFY_MAX_AGE)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("id"), email=data.get("email")).first()
    if user is None:
        return None
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    return user


def update_profile(user: User, *, display_name: str) -> Profile:
    """Change the name other readers see."""
    profile, _ = Profile.objects.update_or_create(
        user=user, defaults={"display_name": display_name.strip()}
    )
    return profile


def delete_account(user: User) -> None:
    """Remove the account; its comments stay, shown as by a deleted user."""
    # Comment.author is SET_NULL, so the database detaches the comments in the same delete.
    user.delete()
