"""Fixtures shared by every app's tests."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from broadsheet.articles.services import ArticleDraft
from broadsheet.sources.models import Feed, Source
from broadsheet.stories.desk import reset_desk


@pytest.fixture(autouse=True)
def fresh_story_desk():
    """Each test starts with empty in-memory story indexes, as a new process would."""
    reset_desk()
    yield
    reset_desk()


@pytest.fixture
def source(db) -> Source:
    return Source.objects.create(
        name="Harbour Wire", slug="harbour-wire", home_url="https://harbour.example/"
    )


@pytest.fixture
def feed(source) -> Feed:
    return Feed.objects.create(source=source, url="https://harbour.example/feed.xml")


@pytest.fixture
def make_draft():
    def make(url: str = "https://harbour.example/a/1", **overrides) -> ArticleDraft:
        now = timezone.now()
        values: dict = dict(
            url=url, entry_key=url, title="Ferry service resumes", author="Ana Ruiz",
            summary="The ferry runs again.", body="First paragraph.\n\nSecond paragraph.",
            status="ok", language="en", image_url="", word_count=4,
            published_at=now - timedelta(hours=16), updated_at=None, fetched_at=now,
            entry_updated_at=None,
        )  # fmt: skip
        values.update(overrides)
        return ArticleDraft(**values)

    return make
