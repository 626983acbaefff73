"""A clock for tests: it moves only when told to, or by exactly the time code waits for."""

from __future__ import annotations

import threading


class ManualClock:
    """A lib.clock.Clock whose timed waits return at once, moving the clock on by their timeout.

    ``waits`` records every timed wait, so a test asserts what the code waited for instead of
    measuring how long it took. Untimed waits (for another thread's notify) really block.
    """

    def __init__(self, start: float = 1000.0) -> None:
        self._now = start
        self._lock = threading.Lock()
        self.waits: list[float] = []

    def now(self) -> float:
        """The current reading."""
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        """Move the clock on."""
        with self._lock:
            self._now += seconds

    def wait(self, condition: threading.Condition, timeout: float | None) -> None:
        """Block for a notify when there is no timeout; otherwise let ``timeout`` pass."""
        if timeout is None:
            condition.wait()
            return
        with self._lock:
            self.waits.append(timeout)
            self._now += timeout
