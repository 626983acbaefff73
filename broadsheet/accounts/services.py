"""Every write to an account: registration, verification, email and profile changes,
suspension, deletion."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from broadsheet.accounts.models import DELETED_USER, Profile, is_moderator
from broadsheet.lib.page_versions import retire_shared_pages

_EMAIL_CHANGE_SALT = "broadsheet.accounts.change-email"
VERIFY_MAX_AGE = 3 * 24 * 3600


class AccountError(ValueError):
    """An account change was refused; the message is for the reader."""


class _VerificationTokens(PasswordResetTokenGenerator):
    """Sign-up links: they die once used (is_active flips) or when the password changes."""

    key_salt = "broadsheet.accounts.verify-email"

    def _make_hash_value(self, user: AbstractBaseUser, timestamp: int) -> str:
        email = getattr(user, "email", "")
        return f"{user.pk}{user.password}{email}{user.is_active}{timestamp}"


verification_tokens = _VerificationTokens()


def display_name_of(user: object) -> str:
    """The name shown beside a reader's words; never their email address."""
    if user is None or getattr(user, "pk", None) is None:
        return DELETED_USER
    profile = getattr(user, "profile", None)
    if profile is not None and profile.display_name:
        return str(profile.display_name)
    return f"reader {user.pk}"  # type: ignore[attr-defined]


def find_pending_signup(email: str) -> User | None:
    """An account created for this address whose link was never opened."""
    return User.objects.filter(
        username__iexact=email.strip(), is_active=False, last_login__isnull=True
    ).first()


@transaction.atomic
def register_user(email: str, *, password: str, display_name: str) -> User:
    """Create an inactive account that the emailed link will activate.

    Signing up again with an address whose link was never opened replaces that pending
    account (new password, new link), so nobody can squat an address they cannot read.
    """
    email = User.objects.normalize_email(email.strip()).lower()
    pending = find_pending_signup(email)
    if pending is not None:
        pending.delete()
    user = User(username=email, email=email, is_active=False)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise AccountError(_("An account with this email already exists.")) from None
    Profile.objects.create(user=user, display_name=display_name.strip())
    return user


def make_verification_path(user: User) -> tuple[str, str]:
    """The (uidb64, token) pair of the link that activates this account."""
    return urlsafe_base64_encode(force_bytes(user.pk)), verification_tokens.make_token(user)


def send_verification_email(user: User, *, link: str) -> None:
    """Mail the verification link to the address given at sign-up."""
    send_mail(
        subject=_("Confirm your %(site)s account") % {"site": settings.SITE_NAME},
        message=_(
            "Open this link to confirm your email address:\n\n%(link)s\n\n"
            "It works for three days. If you did not sign up, ignore this email."
        )
        % {"link": link},
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )


def verify_email(uidb64: str, token: str) -> User | None:
    """Activate the account the link names; None when it is forged, expired or used."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, TypeError, UnicodeDecodeError):
        return None
    user = User.objects.filter(pk=pk).first()
    if user is None or user.is_active or not verification_tokens.check_token(user, token):
        return None
    user.is_active = True
    user.save(update_fields=["is_active"])
    return user


def request_email_change(user: User, *, new_email: str) -> str:
    """A signed token for moving the account to `new_email`; nothing changes until it is used."""
    new_email = User.objects.normalize_email(new_email.strip()).lower()
    if User.objects.filter(username__iexact=new_email).exclude(pk=user.pk).exists():
        raise AccountError(_("An account with this email already exists."))
    payload = {"id": user.pk, "old": user.email, "new": new_email}
    return signing.dumps(payload, salt=_EMAIL_CHANGE_SALT)


def send_email_change_email(new_email: str, *, link: str) -> None:
    """Mail the confirmation link to the new address: proof that the reader reads it."""
    send_mail(
        subject=_("Confirm your new %(site)s email address") % {"site": settings.SITE_NAME},
        message=_(
            "Open this link to use this address for your account:\n\n%(link)s\n\n"
            "It works for three days. If you did not ask for this, ignore this email."
        )
        % {"link": link},
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[new_email],
    )


@transaction.atomic
def confirm_email_change(token: str) -> User | None:
    """Move the account to the new address; None when the link is forged, expired or stale."""
    try:
        data = signing.loads(token, salt=_EMAIL_CHANGE_SALT, max_age=VERIFY_MAX_AGE)
    except signing.BadSignature:
        return None
    # The old address must still be current, so a link cannot be replayed after a later change.
    user = User.objects.select_for_update().filter(pk=data["id"], email=data["old"]).first()
    if user is None:
        return None
    if User.objects.filter(username__iexact=data["new"]).exclude(pk=user.pk).exists():
        return None
    user.username = user.email = data["new"]
    user.save(update_fields=["username", "email"])
    # Tell the old address too: if someone else made the change, its owner learns of it.
    transaction.on_commit(lambda: _send_email_changed_notice(data["old"], new_email=data["new"]))
    return user


def _send_email_changed_notice(old_email: str, *, new_email: str) -> None:
    send_mail(
        subject=_("Your %(site)s email address was changed") % {"site": settings.SITE_NAME},
        message=_(
            "Your account now uses %(email)s. If you did not make this change, "
            "reset your password and contact the site's administrators."
        )
        % {"email": new_email},
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[old_email],
    )


def update_profile(user: User, *, display_name: str) -> Profile:
    """Change the name other readers see."""
    profile, _created = Profile.objects.update_or_create(
        user=user, defaults={"display_name": display_name.strip()}
    )
    # The name stands beside the reader's comments on cached pages.
    transaction.on_commit(retire_shared_pages)
    return profile


def suspend_user(user: User, *, moderator: AbstractBaseUser | AnonymousUser) -> Profile:
    """Stop an account from commenting (reversible with unsuspend_user)."""
    return _set_suspension(user, moderator=moderator, suspended=True)


def unsuspend_user(user: User, *, moderator: AbstractBaseUser | AnonymousUser) -> Profile:
    """Let a suspended account comment again."""
    return _set_suspension(user, moderator=moderator, suspended=False)


def _set_suspension(
    user: User, *, moderator: AbstractBaseUser | AnonymousUser, suspended: bool
) -> Profile:
    if not is_moderator(moderator):
        raise PermissionDenied(_("Only moderators can do that."))
    profile, _created = Profile.objects.get_or_create(
        user=user, defaults={"display_name": display_name_of(user)}
    )
    profile.suspended_at = timezone.now() if suspended else None
    profile.save(update_fields=["suspended_at"])
    return profile


def delete_account(user: User) -> None:
    """Remove the account; its comments stay, shown as by a deleted user."""
    # Comment.author is SET_NULL, so the database detaches the comments in the same delete.
    user.delete()
    # Cached pages still show the name beside those comments.
    transaction.on_commit(retire_shared_pages)
