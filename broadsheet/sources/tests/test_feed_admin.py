"""The admin's feed-health list: filter by health, every column on a laptop screen."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from broadsheet.sources.models import Feed, Source

LONG = "https://a-publisher-with-a-very-long-host-name.example/feeds/sections/world/rss.xml"


def make_feeds() -> dict[str, Feed]:
    source = Source.objects.create(name="Harbour Wire", slug="harbour-wire")
    now = timezone.now()
    return {
        "new": Feed.objects.create(source=source, url="https://a.example/new.xml"),
        "ok": Feed.objects.create(
            source=source,
            url="https://a.example/ok.xml",
            last_success_at=now,
            last_new_entry_at=now,
        ),  # fmt: skip
        "failing": Feed.objects.create(
            source=source,
            url=LONG,
            consecutive_errors=3,
            last_success_at=now - timedelta(days=2),
            last_error="HTTP 503 from the publisher: Service Unavailable " * 4,
        ),  # fmt: skip
        "silent": Feed.objects.create(
            source=source,
            url="https://a.example/silent.xml",
            last_success_at=now,
            last_new_entry_at=now - timedelta(days=30),
        ),  # fmt: skip
    }


@pytest.fixture
def admin_client(client, db):
    user = User.objects.create_superuser("editor", "editor@example.org", "pw-long-enough-1")
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("health", "listed"),
    [("new", {"new"}), ("ok", {"ok", "silent"}), ("failing", {"failing"}), ("silent", {"silent"})],
)
def test_the_feed_list_filters_by_health(admin_client, health, listed):
    feeds = make_feeds()
    page = admin_client.get("/admin/sources/feed/", {"health": health}).content.decode()
    for name, feed in feeds.items():
        assert (f"/admin/sources/feed/{feed.pk}/change/" in page) == (name in listed), name


def test_the_admin_names_feed_entries_in_good_english(admin_client):
    page = admin_client.get("/admin/").content.decode()
    assert "Feed entries" in page and "entrys" not in page


@pytest.mark.django_db(transaction=True)
def test_every_column_of_the_feed_list_fits_a_laptop_screen(live_server, page):
    make_feeds()
    User.objects.create_superuser("editor", "editor@example.org", "pw-long-enough-1")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(live_server.url + "/admin/login/?next=/admin/sources/feed/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "pw-long-enough-1")
    page.click("input[type=submit]")
    page.wait_for_selector("#result_list")
    # Django's admin scrolls a wide table inside its own box, so the page itself never
    # overflows: measure where the table's last column ends.
    right = page.evaluate(
        "() => document.querySelector('#result_list th:last-child').getBoundingClientRect().right"
    )
    assert right <= 1366, f"the last column ends at {right}px, off a 1366px screen"
