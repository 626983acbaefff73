"""Google Reader sign-in: ClientLogin, the `GoogleLogin auth=` header, and action tokens (T)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from broadsheet.api.models import ApiToken
from broadsheet.api.tokens import authenticate_token, create_token, prune_tokens
from broadsheet.lib.ratelimit import client_ip, hit

TOKEN_NAME = "Google Reader app"  # noqa: S105  # a label, not a secret
# Apps sign in again now and then; keep a few live tokens, not one per sign-in forever.
KEEP_TOKENS = 5
LOGIN_LIMIT, LOGIN_WINDOW = 30, 300
# FeedMe sends no T and Reeder sends "x" (FreshRSS accepts both). T guards cookie sessions
# against forged requests; these requests carry the token in a header no other site can
# set, so accepting the placeholders opens nothing. Any other wrong T is still refused.
LENIENT_T = frozenset({"", "x"})


def text(body: str, status: int = 200) -> HttpResponse:
    """A plain-text answer, as the protocol's clients expect for sign-in and edits."""
    return HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")


@csrf_exempt
@require_POST
def client_login(request: HttpRequest) -> HttpResponse:
    """Email and Passwd in, `SID=`/`LSID=`/`Auth=` lines out (401 BadAuthentication otherwise)."""
    if not hit(f"greader-login:{client_ip(request)}", limit=LOGIN_LIMIT, window=LOGIN_WINDOW):
        return text("Error=BadAuthentication\n", status=429)
    email = (request.POST.get("Email") or request.GET.get("Email") or "").strip().lower()
    password = request.POST.get("Passwd") or request.GET.get("Passwd") or ""
    # An API token works as the password too, so an app need never hold the real one.
    existing = authenticate_token(password) if password.startswith("bs_") else None
    if existing is not None and existing.user.email.lower() == email:
        return _signed_in(password)
    try:
        user = authenticate(request, username=email, password=password) if email else None
    except PermissionDenied:  # locked out by the login throttle
        user = None
    if user is None or not user.is_active:
        return text("Error=BadAuthentication\n", status=401)
    _, token = create_token(user, name=TOKEN_NAME)
    prune_tokens(user, name=TOKEN_NAME, keep=KEEP_TOKENS)
    return _signed_in(token)


def _signed_in(token: str) -> HttpResponse:
    return text(f"SID={token}\nLSID=null\nAuth={token}\n")


def header_token(request: HttpRequest) -> ApiToken | None:
    """The token of `Authorization: GoogleLogin auth=<token>` (also Bearer), if valid."""
    scheme, _, rest = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "googlelogin":
        raw = rest.strip().removeprefix("auth=")
    elif scheme.lower() == "bearer":
        raw = rest.strip()
    else:
        return None
    return authenticate_token(raw)


def action_token(token: ApiToken) -> str:
    """The `T` value edits must carry: bound to the sign-in token, 57 characters like FreshRSS."""
    key = settings.SECRET_KEY.encode()
    mac = hmac.new(key, f"greader-T:{token.digest}".encode(), hashlib.sha256).hexdigest()
    return mac[:40] + "Z" * 17


def _checked(view: Callable[..., HttpResponse], *, is_edit: bool) -> Callable[..., HttpResponse]:
    @csrf_exempt
    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = header_token(request)
        if token is None:
            return text("Unauthorized!", status=401)
        if is_edit and request.method == "POST":
            sent = (request.POST.get("T") or request.GET.get("T") or "").strip()
            if sent not in LENIENT_T and not hmac.compare_digest(
                sent.encode(), action_token(token).encode()
            ):
                response = text("Unauthorized!", status=401)
                response["Google-Bad-Token"] = "true"
                return response
        request.greader_token = token  # type: ignore[attr-defined]
        return view(request, token.user, *args, **kwargs)

    return checked


def signed_in(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Require the header token; the view gets the reader as its second argument."""
    return _checked(view, is_edit=False)


def signed_in_edit(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """As `signed_in`, and a POST must also carry a valid action token `T`.

    401 with `Google-Bad-Token: true` otherwise, which tells clients to fetch a new one.
    """
    return _checked(view, is_edit=True)
