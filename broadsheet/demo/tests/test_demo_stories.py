"""The demo as a new user meets it: its first 200 articles ingested over loopback, then no
story joins reports whose own dates lie weeks apart, and the front page shows stories."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from broadsheet.articles.models import Article
from broadsheet.demo.publishers import DemoPublishers
from broadsheet.demo.tests.test_demo_publishers import FakeClock
from broadsheet.ingest.jobs import IngestContext, poll_feed
from broadsheet.ingest.schedule import SchedulePolicy
from broadsheet.lib.fetch import Fetcher, FetchPolicy, parse_networks
from broadsheet.sources.models import Feed
from broadsheet.sources.services import ensure_feed
from broadsheet.stories.desk import reset_desk

pytestmark = pytest.mark.django_db


def test_demo_stories_keep_to_two_weeks_and_the_front_page_shows_them() -> None:
    reset_desk()
    policy = FetchPolicy(
        total_timeout=10, per_host_delay=0, allowed_networks=parse_networks("127.0.0.0/8")
    )
    fetcher = Fetcher(policy)
    try:
        with DemoPublishers(clock=FakeClock()) as demo:
            for publisher in demo.publishers:
                ensure_feed(publisher.feed_url, name=publisher.name, home_url=publisher.home_url)
            context = IngestContext(fetcher=fetcher, schedule=SchedulePolicy(min_interval=60))
            # In the order the publishers were added: feeds sort by URL, whose free ports
            # differ every run, and an online clusterer's stories depend on arrival order.
            for feed in Feed.objects.order_by("pk"):
                poll_feed(feed.pk, context=context)
            # The corpus's own date of every released article, by the URL it was served at.
            true_day = {demo.url_for(a): a.original_published for a in demo.released_articles()}
    finally:
        fetcher.close()
        reset_desk()
    assert Article.objects.count() == 200
    days: dict[int, list] = {}
    for url, story_id in Article.objects.values_list("url", "story_id"):
        days.setdefault(story_id, []).append(true_day[url])
    wide = [dates for dates in days.values() if max(dates) - min(dates) > timedelta(days=14)]
    assert wide == []
    assert sum(len(dates) > 1 for dates in days.values()) >= 1  # some stories do join
    home = Client().get("/en/").content.decode()
    assert 'class="top-stories"' in home and "story-card" in home
