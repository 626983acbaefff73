"""A per-day token budget for model calls, and the keys under which results are cached."""

from __future__ import annotations

import hashlib
import math
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime


def estimate_tokens(text: str) -> int:
    """A rough token count (about four characters a token for English)."""
    return math.ceil(len(text) / 4)


def content_key(*parts: str) -> str:
    """A stable hash of the inputs a result depends on (model name, title, text, question)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


class TokenBudget:
    """At most ``tokens_per_day`` tokens a (UTC) day; the clock is injectable for tests."""

    def __init__(
        self, tokens_per_day: int, *, clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    ) -> None:
        """A budget that refills when the clock's UTC date changes."""
        self.tokens_per_day = tokens_per_day
        self.clock = clock
        self._day: date | None = None
        self._spent = 0
        self._lock = threading.Lock()

    def _roll(self) -> None:
        today = self.clock().astimezone(UTC).date()
        if today != self._day:
            self._day, self._spent = today, 0

    def remaining(self) -> int:
        """Tokens left today."""
        with self._lock:
            self._roll()
            return max(0, self.tokens_per_day - self._spent)

    def can_spend(self, tokens: int) -> bool:
        """Whether a call of about ``tokens`` fits in what is left today."""
        return tokens <= self.remaining()

    def spend(self, tokens: int) -> None:
        """Record tokens used by a call."""
        with self._lock:
            self._roll()
            self._spent += max(0, tokens)
