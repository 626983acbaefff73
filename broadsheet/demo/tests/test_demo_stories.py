"""The demo as a new user meets it: its first 200 articles ingested over loopback (feed by
feed, each newest first: not in time order), then every story joins only reports of one event
or a close follow-up, none whose own dates lie weeks apart, and the front page shows stories
with recent dates."""

from __future__ import annotations

from datetime import timedelta
from itertools import combinations

import pytest
from django.test import Client
from django.utils import timezone

from broadsheet.articles.models import Article
from broadsheet.demo.publishers import DemoPublishers
from broadsheet.demo.story_check import load_labelled_pairs
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
            # Every released article (its corpus date and id), by the URL it was served at.
            served = {demo.url_for(a): a for a in demo.released_articles()}
    finally:
        fetcher.close()
        reset_desk()
    assert Article.objects.count() == 200
    stories: dict[int, list] = {}
    for url, story_id in Article.objects.values_list("url", "story_id"):
        stories.setdefault(story_id, []).append(served[url])
    joined = [members for members in stories.values() if len(members) > 1]
    assert joined  # some stories do join
    span = timedelta(days=14)
    assert [m for m in joined if _span(m) > span] == []
    labelled = load_labelled_pairs()
    pairs = [frozenset((a.corpus_id, b.corpus_id)) for m in joined for a, b in combinations(m, 2)]
    assert [pair for pair in pairs if pair not in labelled] == []
    home = Client().get("/en/").content.decode()
    assert 'class="top-stories"' in home and "story-card" in home
    newest = Article.objects.published().first()
    assert newest is not None and timezone.now() - newest.published_at < timedelta(days=8)


def _span(articles: list) -> timedelta:
    days = [article.original_published for article in articles]
    return max(days) - min(days)
