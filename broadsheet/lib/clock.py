"""The clock that timing-dependent code reads: the monotonic clock in production, a manual one
in tests (lib/testing/clock.py), so no test has to measure wall-clock time."""

from __future__ import annotations

import threading
import time
from typing import Protocol


class Clock(Protocol):
    """Seconds on a clock that never goes back, and a timed wait on a condition."""

    def now(self) -> float:
        """The current reading, in seconds."""
        ...

    def wait(self, condition: threading.Condition, timeout: float | None) -> None:
        """Wait on ``condition`` (held by the caller) for a notify or ``timeout`` seconds."""
        ...


class MonotonicClock:
    """The real clock: time.monotonic() and a real wait."""

    def now(self) -> float:
        """time.monotonic()."""
        return time.monotonic()

    def wait(self, condition: threading.Condition, timeout: float | None) -> None:
        """condition.wait(timeout)."""
        condition.wait(timeout=timeout)


MONOTONIC = MonotonicClock()
