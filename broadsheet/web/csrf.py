"""The CSRF token of a page's forms, masked as Django masks it, for less CPU.

Every signed-in page has a form (Log out, Save, Follow, a comment), so every one showed a
CSRF token, and Django's `get_token` cost a signed-in page two things anonymous pages never
pay: a new mask drawn one character at a time (32 calls into the system's random source),
and the CSRF cookie set again on the response, only to push its expiry a year further.

Here the `{% csrf_token %}` of templates (the `csrf_token` context processor, last in
settings.TEMPLATES, so it stands in for Django's own) gives the same token: the browser's
secret (the CSRF cookie, as Django's middleware read it) with a fresh random mask on every
page, so a compressed page still reveals nothing across responses (BREACH); the mask is
drawn from one read of the system's random source. Django's middleware checks every POST
as before (`_unmask_cipher_token` of Django's own).

The cookie is set only when the browser has none (then Django's `get_token` makes the
secret and sets it), or when Django asks (a login rotates the token). A cookie the browser
sends is left to its expiry (CSRF_COOKIE_AGE, a year); once it lapses, the next page with a
form sets a new one. A page that shows a token is still marked as Django marks it (Vary:
Cookie: `TokenVaryMiddleware`), and the anonymous page cache never stores it
(`token_shown`): the token belongs to one browser.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.middleware import csrf
from django.utils.cache import patch_vary_headers

# Set on a request whose page showed a token with the browser's own cookie, not renewed.
TOKEN_SHOWN = "broadsheet.csrf_token_shown"  # noqa: S105 - a request.META key

_CHARS = csrf.CSRF_ALLOWED_CHARS
_LENGTH = csrf.CSRF_SECRET_LENGTH
# Random bytes below 248 (four times the 62 characters) map to a character each, evenly;
# the 8 above are dropped, so no character is likelier than another.
_USABLE = 256 - 256 % len(_CHARS)
_TO_CHAR = bytes(ord(_CHARS[b % len(_CHARS)]) for b in range(_USABLE)) + bytes(256 - _USABLE)
_DROPPED = bytes(range(_USABLE, 256))
_INDEX = {char: index for index, char in enumerate(_CHARS)}


def csrf_token(request: HttpRequest) -> dict[str, object]:
    """Context processor: `csrf_token` for templates, computed when a template shows it."""
    return {"csrf_token": PageToken(request)}


class PageToken:
    """The page's token, made when a template first shows it (Django's processor gives a
    SimpleLazyObject, whose proxying cost more than the token on a page of four forms):
    what `{% csrf_token %}` asks of it (truth, comparison, text, escaping) and no more."""

    __slots__ = ("_request", "_value")

    def __init__(self, request: HttpRequest) -> None:
        self._request = request
        self._value: str | None = None

    def __str__(self) -> str:
        if self._value is None:
            self._value = page_token(self._request)
        return self._value

    def __html__(self) -> str:
        return str(self)  # letters and digits: nothing to escape

    def __bool__(self) -> bool:
        return True

    def __eq__(self, other: object) -> bool:
        return str(self) == other

    def __hash__(self) -> int:
        return hash(str(self))


def page_token(request: HttpRequest) -> str:
    """A masked token for the browser's CSRF secret, as `django.middleware.csrf.get_token`
    returns it; the cookie is renewed only when Django's middleware was to set it anyway."""
    secret = request.META.get("CSRF_COOKIE")
    if not isinstance(secret, str) or len(secret) != _LENGTH:
        return str(csrf.get_token(request))  # no cookie yet: Django makes and sets one
    request.META[TOKEN_SHOWN] = True
    return masked(secret)


def masked(secret: str) -> str:
    """`secret` under a fresh random mask: mask + cipher, each character of the cipher the
    secret's shifted by the mask's (Django's `_mask_cipher_secret`, from one random read)."""
    mask = random_chars(_LENGTH)
    count = len(_CHARS)
    cipher = "".join(
        [_CHARS[(_INDEX[s] + _INDEX[m]) % count] for s, m in zip(secret, mask, strict=True)]
    )
    return mask + cipher


def random_chars(length: int) -> str:
    """`length` characters of CSRF_ALLOWED_CHARS, each uniformly random (os.urandom)."""
    drawn = b""
    while len(drawn) < length:
        drawn += os.urandom(length + 8).translate(_TO_CHAR, _DROPPED)
    return drawn[:length].decode("ascii")


def token_shown(request: HttpRequest) -> bool:
    """The page showed a CSRF token (whether or not it sets the cookie)."""
    return bool(request.META.get(TOKEN_SHOWN) or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))


class TokenVaryMiddleware:
    """Vary: Cookie on a page that showed the browser's own token without renewing the
    cookie, as Django's CsrfViewMiddleware marks a page whose token it sets (listed before
    it, so that Django's check and `check --deploy` see Django's own middleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if request.META.get(TOKEN_SHOWN):
            patch_vary_headers(response, ("Cookie",))
        return response
