"""When to poll a feed next: adaptive intervals and capped exponential backoff (pure)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class SchedulePolicy:
    """Bounds for polling intervals and error backoff, in seconds."""

    min_interval: int = 300
    max_interval: int = 86400
    max_backoff: int = 6 * 3600
    error_base: int = 60


def next_interval(current: int, *, new_entries: int, policy: SchedulePolicy) -> int:
    """The next polling interval: shorter for a busy feed, longer for a quiet one, within bounds."""
    if new_entries >= 3:
        proposed = current / 2
    elif new_entries > 0:
        proposed = current * 0.8
    else:
        proposed = current * 1.25
    return int(min(policy.max_interval, max(policy.min_interval, proposed)))


def backoff_delay(errors: int, *, policy: SchedulePolicy, rng: random.Random | None = None) -> int:
    """Seconds to wait after `errors` consecutive failures: exponential, jittered, capped.

    The cap keeps a feed alive through any outage: it is retried at least every
    `max_backoff` seconds and never disabled.
    """
    exponent = min(max(errors - 1, 0), 20)
    delay = min(policy.max_backoff, policy.error_base * (2**exponent))
    jitter = (rng or random).uniform(0.85, 1.0)
    return max(1, int(delay * jitter))


def next_fetch_after_error(
    now: datetime, *, errors: int, retry_after: timedelta | None, policy: SchedulePolicy
) -> datetime:
    """Due time after a failure, honouring the server's Retry-After when it asks for longer."""
    delay = timedelta(seconds=backoff_delay(errors, policy=policy))
    if retry_after is not None:
        delay = max(delay, min(retry_after, timedelta(seconds=policy.max_interval)))
    return now + delay
