"""Who is calling: a personal API token (apps) or the site session (the site itself).

Token requests carry no cookies the browser adds by itself, so they need no CSRF
check; session requests that change something must pass Django's CSRF check.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from broadsheet.api.tokens import authenticate_token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer bs_...`: a personal API token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = authenticate_token(token)
        if found is None:
            return None
        request.api_token = found  # type: ignore[attr-defined]
        return found.user


class SessionAuth(APIKeyCookie):
    """The site's login session; unsafe methods must carry the CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        # No cookie: fall through to 401 rather than a CSRF 403 on an anonymous call.
        key = request.COOKIES.get(self.param_name)
        if key and check_csrf(request) is not None:
            raise HttpError(403, "CSRF check failed: send the X-CSRFToken header")
        return key

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        return user if user is not None and user.is_authenticated else None


AUTH = [TokenAuth(), SessionAuth()]


def reader_of(request: HttpRequest) -> Any:
    """The authenticated reader of an endpoint declared with `auth=AUTH`."""
    return request.auth  # type: ignore[attr-defined]


def optional_reader(request: HttpRequest) -> Any:
    """The reader if the request is signed in by token or session, else the anonymous user."""
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        token = authenticate_token(header[7:])
        if token is not None:
            return token.user
    return getattr(request, "user", None)
