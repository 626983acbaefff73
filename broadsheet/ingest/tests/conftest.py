"""Fixtures for ingestion tests: a loopback publisher and a fetcher allowed to reach it."""

from __future__ import annotations

import pytest

from broadsheet.ingest.jobs import IngestContext
from broadsheet.ingest.schedule import SchedulePolicy
from broadsheet.lib.fetch import Fetcher, FetchPolicy, parse_networks
from broadsheet.lib.testing.publisher import LoopbackPublisher


@pytest.fixture
def publisher():
    pub = LoopbackPublisher().start()
    yield pub
    pub.stop()


@pytest.fixture
def context():
    policy = FetchPolicy(
        total_timeout=5, per_host_delay=0, allowed_networks=parse_networks("127.0.0.0/8")
    )
    fetcher = Fetcher(policy)
    yield IngestContext(fetcher=fetcher, schedule=SchedulePolicy(min_interval=60))
    fetcher.close()
