"""Login throttling: django-axes in front of Django's password check."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
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
