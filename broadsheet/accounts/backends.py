"""Login: django-axes throttling in front of a password check by email or user name."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import User
from django.http import HttpRequest


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuses logins for a locked-out account and address; lets calls without a request by.

    Every login form passes the request. Calls without one (the test client's login(),
    management commands) cannot be tied to an address, and axes would raise on them;
    they pass through to the password check unthrottled.
    """

    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def login_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The account name axes counts failures under: the email, lower-cased like at sign-up."""
    name = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(name).strip().lower()


class EmailOrUserNameBackend(ModelBackend):
    """Django's password check, finding the account by its email or its user name.

    Readers sign up with their email, which becomes their user name; an operator made with
    `createsuperuser` has a user name of their choosing and maybe an email beside it. Both
    sign in on the same form, whichever they type, in any letter case.
    """

    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> AbstractBaseUser | None:
        if not username or password is None:
            return None
        user = find_account(username)
        if user is None:
            # Hash anyway, so the time taken does not tell whether the account exists.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id: Any) -> AbstractBaseUser | None:  # type: ignore[override]
        """ModelBackend's get_user (every signed-in request asks it) in a raw query: compiling
        the ORM's `get(pk=...)` was a tenth of a signed-in home page's CPU."""
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        found = list(User.objects.raw(_USER_BY_ID, [pk]))
        if not found or not self.user_can_authenticate(found[0]):
            return None
        return found[0]


_USER_BY_ID = 'SELECT * FROM "auth_user" WHERE "id" = %s'  # django.contrib.auth's User


def find_account(name: str) -> User | None:
    """The account whose user name, or else whose only email, is `name` (any letter case)."""
    name = name.strip()
    user = User.objects.filter(username__iexact=name).first()
    if user is None and "@" in name:
        matches = list(User.objects.filter(email__iexact=name)[:2])
        user = matches[0] if len(matches) == 1 else None
    return user
