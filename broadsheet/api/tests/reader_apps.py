"""What the reader-app tests share: a publisher on loopback with a home page that announces
its feed, items of several ages, and a way to poll it into articles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from broadsheet.ingest.jobs import IngestContext, poll_feed
from broadsheet.ingest.schedule import SchedulePolicy
from broadsheet.lib.fetch import Fetcher, FetchPolicy, parse_networks
from broadsheet.lib.testing.publisher import LoopbackPublisher, Page, rss_feed
from broadsheet.sources.models import Feed

# Days before now of each item: two inside a 90-day sync window, two before it.
AGES = {"fresh": 1, "recent": 10, "older": 120, "oldest": 400}


def days_ago(days: float) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)


def home_page(feed_path: str) -> bytes:
    return (
        '<!doctype html><html><head><title>Harbour Times</title><link rel="alternate" '
        f'type="application/rss+xml" href="{feed_path}"></head><body>News</body></html>'
    ).encode()


@pytest.fixture
def gazette():
    """A publisher at /: its home page links to /rss.xml, which has one item per AGES entry."""
    publisher = LoopbackPublisher()
    base = publisher.base
    items = [
        {"title": f"The {name} report", "path": f"/{name}",
         "date": format_datetime(days_ago(age)), "summary": f"What the {name} report says."}
        for name, age in AGES.items()
    ]  # fmt: skip
    publisher.pages["/"] = Page(home_page("/rss.xml"))
    publisher.pages["/rss.xml"] = Page(
        rss_feed(base, items, title="Harbour Times"), "application/rss+xml"
    )
    publisher.start()
    yield publisher
    publisher.stop()


@pytest.fixture
def loopback_fetching(settings):
    """Let the server's fetcher reach 127.0.0.1 (quickadd in tests), without politeness delays."""
    settings.FETCH_ALLOWED_NETWORKS = "127.0.0.0/8"
    settings.FETCH_HOST_DELAY = 0.0
    settings.API_RATE_LIMIT_IP = settings.API_RATE_LIMIT_TOKEN = 100_000


# httpx gives up after 5 s by default; the live server answers much later than that when the
# host's load reaches 35 (test_fever failed so in a stress run), so a test waits longer.
HTTP_TIMEOUT = 60.0


def poll_all_feeds() -> None:
    """Poll every stored feed once from feed content only (no article pages)."""
    policy = FetchPolicy(
        total_timeout=HTTP_TIMEOUT, per_host_delay=0, allowed_networks=parse_networks("127.0.0.0/8")
    )
    with Fetcher(policy) as fetcher:
        context = IngestContext(fetcher=fetcher, schedule=SchedulePolicy(), fetch_pages=False)
        for feed_id in Feed.objects.values_list("pk", flat=True):
            poll_feed(feed_id, context=context)


def sign_in(base: str, email: str, password: str) -> httpx.Client:
    """ClientLogin as the apps do it (form POST), then a client sending `GoogleLogin auth=`."""
    answer = httpx.post(
        f"{base}/accounts/ClientLogin",
        data={"Email": email, "Passwd": password},
        timeout=HTTP_TIMEOUT,
    )
    assert answer.status_code == 200, answer.text
    auth = dict(line.split("=", 1) for line in answer.text.splitlines())["Auth"]
    return httpx.Client(
        base_url=base,
        headers={"Authorization": f"GoogleLogin auth={auth}"},
        timeout=HTTP_TIMEOUT,
    )
