"""Regression tests for the bugs the hostile-input suites found, each at its smallest."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from lxml import etree

from broadsheet.articles.drafts import ArticleDraft
from broadsheet.articles.services import upsert_article
from broadsheet.feeds.parse import parse_feed
from broadsheet.sources.models import Source


def test_json_feed_control_characters_do_not_reach_plain_text_fields():
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Wire\x01 \x0bDesk\x1f",
        "items": [{"id": "1", "url": "https://n.example/a", "title": "A\x02b", "authors": [
            {"name": "Ana\x07 Ruiz"}]}],
    }  # fmt: skip
    feed = parse_feed(json.dumps(document).encode(), url="https://n.example/feed.json")
    assert feed.title == "Wire Desk"
    assert feed.entries[0].title == "A b" and feed.entries[0].author == "Ana Ruiz"


@pytest.mark.django_db
def test_control_characters_are_stripped_before_storage_and_feeds_out_render():
    source = Source.objects.create(name="Wire <b>Desk</b>", slug="wire", home_url="https://n/")
    now = timezone.now()
    draft = ArticleDraft(
        url="https://n.example/a", entry_key="k", title="Ferry\x0c resumes", author="Ana\x01",
        summary="First\x1b line <img src=x onerror=alert(1)>", body="Body\x00 text.",
        status="ok", language="en", image_url="", word_count=2,
        published_at=now - timedelta(hours=1), updated_at=None, fetched_at=now,
        entry_updated_at=None,
    )  # fmt: skip
    article = upsert_article(draft, source=source, feed=None)
    assert (article.title, article.author, article.body) == ("Ferry resumes", "Ana", "Body text.")
    for path in ("/feeds/latest.rss", "/feeds/latest.atom", "/feeds/source/wire.rss"):
        response = Client().get(path)
        assert response.status_code == 200, path
        etree.fromstring(response.content)


@pytest.mark.django_db
def test_channel_descriptions_are_html_escaped_like_item_descriptions():
    Source.objects.create(name="<script>alert(1)</script>", slug="evil", home_url="https://e/")
    body = Client().get("/feeds/source/evil.rss").content
    description = etree.fromstring(body).find("channel/description").text
    assert "<script>" not in description and "&lt;script&gt;" in description


def test_a_feed_that_crashes_feedparsers_result_dicts_still_parses():
    """Found by bench/fuzz.py: feedparser's item.get("enclosures") raised TypeError."""
    data = (Path(__file__).parent / "data" / "feedparser_string_link.xml").read_bytes()
    feed = parse_feed(data, url="http://fuzz.example/feed")
    assert feed.format
