"""Intervals adapt to a feed's activity; errors back off but never stop a feed."""

import random
from datetime import UTC, datetime, timedelta

from broadsheet.ingest.schedule import (
    SchedulePolicy,
    backoff_delay,
    next_fetch_after_error,
    next_interval,
)

POLICY = SchedulePolicy(min_interval=300, max_interval=86400, max_backoff=6 * 3600, error_base=60)


def test_busy_feeds_are_polled_more_often_within_bounds():
    assert next_interval(3600, new_entries=5, policy=POLICY) == 1800
    assert next_interval(400, new_entries=5, policy=POLICY) == 300


def test_quiet_feeds_are_polled_less_often_within_bounds():
    assert next_interval(3600, new_entries=0, policy=POLICY) == 4500
    assert next_interval(86000, new_entries=0, policy=POLICY) == 86400


def test_backoff_grows_exponentially_and_is_capped():
    rng = random.Random(1)
    delays = [backoff_delay(n, policy=POLICY, rng=rng) for n in (1, 2, 3, 4)]
    assert delays == sorted(delays) and delays[0] <= 60
    assert backoff_delay(50, policy=POLICY, rng=rng) <= 6 * 3600


def test_a_day_long_outage_still_retries_within_the_cap():
    now = datetime(2026, 1, 1, tzinfo=UTC)
    due = next_fetch_after_error(now, errors=10_000, retry_after=None, policy=POLICY)
    assert now < due <= now + timedelta(hours=6)


def test_retry_after_longer_than_the_backoff_is_honoured():
    now = datetime(2026, 1, 1, tzinfo=UTC)
    due = next_fetch_after_error(now, errors=1, retry_after=timedelta(hours=2), policy=POLICY)
    assert due == now + timedelta(hours=2)
