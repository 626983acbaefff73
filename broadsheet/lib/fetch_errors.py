"""The errors a fetch raises: each carries a short `reason` that operators are shown."""

from __future__ import annotations

import copyreg
import datetime
import http
from typing import Any


class FetchError(Exception):
    """A fetch that produced no usable response; `reason` is short and shown to operators."""

    def __init__(self, reason: str, *, url: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.url = url

    def __str__(self) -> str:
        return f"{self.reason} ({self.url})" if self.url else self.reason

    def __reduce__(self) -> Any:
        # Task queues pickle exceptions; keyword-only fields would be lost through self.args.
        return copyreg.__newobj__, (type(self),), self.__dict__.copy()  # type: ignore[attr-defined]


class BlockedAddress(FetchError):
    """The URL or an address it resolves to is not allowed (scheme, credentials, private IP)."""


class TooLarge(FetchError):
    """The decoded body exceeded the policy's byte cap."""


class TimedOut(FetchError):
    """The fetch did not complete within the policy's time limits."""


class TooManyRedirects(FetchError):
    """The redirect chain was longer than the policy allows."""


class RobotsDisallowed(FetchError):
    """The site's robots.txt forbids Broadsheet from fetching this URL."""


class HTTPStatusError(FetchError):
    """The server answered with a status that carries no usable content."""

    def __init__(self, status: int, *, url: str = "", reason: str | None = None) -> None:
        super().__init__(reason or _describe_status(status), url=url)
        self.status = status


class RetryLater(HTTPStatusError):
    """The server asked us to slow down (429/503); `retry_after` is its wish, capped at 24 h."""

    def __init__(
        self, status: int, *, url: str = "", retry_after: datetime.timedelta | None = None
    ) -> None:
        super().__init__(status, url=url)
        self.retry_after = retry_after


def _describe_status(status: int) -> str:
    if status in (401, 403):
        return f"HTTP {status}: access denied, the site may be blocking bots"
    try:
        phrase = http.HTTPStatus(status).phrase.lower()
    except ValueError:
        phrase = "unexpected status"
    return f"HTTP {status}: {phrase}"
