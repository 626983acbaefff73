"""Fixtures for the hostile-input suites: a stubbed resolver, traps on private addresses."""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from collections.abc import Iterator

import pytest

from broadsheet.conftest import fresh_story_desk  # noqa: F401 - shared autouse fixture
from broadsheet.ingest.jobs import IngestContext
from broadsheet.ingest.schedule import SchedulePolicy
from broadsheet.lib.fetch import Fetcher, FetchPolicy, parse_networks
from tests.security.servers import ConnectRecorder, CountingListener, Publisher

# The one address the tests treat as "the public internet": a loopback alias that no private
# target uses, so a connection to any other loopback address is a guard failure.
PUBLIC_IP = "127.0.0.2"


class StubResolver:
    """DNS for the tests: names in the table get scripted answers (the last one repeats);
    anything else goes to the OS, which parses numeric spellings such as 0x7f.1 itself."""

    def __init__(self, table: dict[str, list[list[str]]]) -> None:
        self.table = table
        self.calls: list[str] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.calls.append(host)
        answers = self.table.get(host.lower().rstrip("."))
        if answers is None:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            return [str(info[4][0]) for info in infos]
        seen = sum(1 for h in self.calls if h.lower().rstrip(".") == host.lower().rstrip("."))
        return answers[min(seen, len(answers)) - 1]


class Trap:
    """Everything that would show an SSRF: listeners on the private side and every connect."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.listeners = [CountingListener("127.0.0.1", port)]
        # Without IPv6 loopback the connect recorder still sees every attempt.
        with contextlib.suppress(OSError):
            self.listeners.append(CountingListener("::1", port))
        self.recorder = ConnectRecorder.instance()

    def accepted(self) -> int:
        """Connections accepted by the private listeners."""
        return sum(listener.accepted for listener in self.listeners)

    def private_connects(self) -> list[tuple[str, int]]:
        """Every connect this process made to an address other than the public stand-in."""
        return [
            (host, port)
            for host, port in self.recorder.addresses
            if ipaddress.ip_address(host.split("%")[0]) != ipaddress.ip_address(PUBLIC_IP)
        ]

    def close(self) -> None:
        for listener in self.listeners:
            listener.close()


@pytest.fixture(scope="session")
def _public_site() -> Iterator[Publisher]:
    site = Publisher(PUBLIC_IP).start()
    yield site
    site.stop()


@pytest.fixture
def public_site(_public_site: Publisher) -> Publisher:
    """The attacker's "public" server, reachable under names the stub resolver maps to it."""
    _public_site.routes = {"/robots.txt": _public_site.routes["/robots.txt"]}
    _public_site.requests.clear()
    return _public_site


@pytest.fixture(scope="session")
def _trap(_public_site: Publisher) -> Iterator[Trap]:
    trap = Trap(_public_site.port)
    yield trap
    trap.close()


@pytest.fixture
def trap(_trap: Trap) -> Iterator[Trap]:
    """Listeners on 127.0.0.1 and ::1 at the public site's port, and the connect recorder."""
    for listener in _trap.listeners:
        listener.accepted = 0
    _trap.recorder.addresses.clear()
    _trap.recorder.armed = True
    yield _trap
    _trap.recorder.armed = False


@pytest.fixture
def resolver() -> StubResolver:
    return StubResolver(
        {
            "news.example": [[PUBLIC_IP]],
            "other.example": [[PUBLIC_IP]],
            "localhost.example": [["127.0.0.1"]],
            "internal.example": [["10.0.0.5"]],
            "metadata.example": [["169.254.169.254"]],
            "v6private.example": [["fd00::1"]],
            "v6metadata.example": [["fd00:ec2::254"]],
            "mapped.example": [["::ffff:127.0.0.1"]],
            "mixed.example": [[PUBLIC_IP, "127.0.0.1"]],
            # DNS rebinding: the first answer passes the check, later ones point inside.
            "rebind.example": [[PUBLIC_IP], ["127.0.0.1"]],
            "rebind6.example": [[PUBLIC_IP], ["::1"]],
        }
    )


def guarded_policy(**overrides: object) -> FetchPolicy:
    """The production policy with only the public stand-in allowed and no politeness waits."""
    values: dict[str, object] = dict(
        total_timeout=5.0,
        per_host_delay=0.0,
        allowed_networks=parse_networks(f"{PUBLIC_IP}/32"),
    )
    values.update(overrides)
    return FetchPolicy(**values)  # type: ignore[arg-type]


@pytest.fixture
def fetcher(resolver: StubResolver) -> Iterator[Fetcher]:
    with Fetcher(guarded_policy(), resolver=resolver) as fetcher:
        yield fetcher


@pytest.fixture
def ingest_context(fetcher: Fetcher) -> IngestContext:
    return IngestContext(fetcher=fetcher, schedule=SchedulePolicy(min_interval=60))
