"""Fixtures shared by every app's tests."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from broadsheet.articles.drafts import ArticleDraft
from broadsheet.sources.models import Feed, Source
from broadsheet.stories.desk import reset_desk


@pytest.fixture(autouse=True)
def fresh_story_desk():
    """Each test starts with empty in-memory story indexes, as a new process would."""
    reset_desk()
    yield
    reset_desk()


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: rate-limit counts never leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def steady_rate_limit_window(monkeypatch):
    """Rate-limit windows are cut from the wall clock: pinned, so a test that runs across a
    window's edge (more likely on a loaded machine) never starts counting again halfway."""
    from broadsheet.lib import ratelimit

    monkeypatch.setattr(ratelimit, "wall_clock", lambda: 1_800_000_000.0)


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


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium per test process; skipped (with the reason) where absent."""
    from broadsheet.lib.testing.browser import chromium_path, launched_chromium

    if chromium_path() is None:
        pytest.skip("Chromium is not installed: browser tests NOT run")
    # Playwright's sync API keeps an event loop on this thread; Django's ORM calls made by
    # the test itself are still synchronous, so its async-safety guard does not apply.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with launched_chromium() as browser:
        yield browser


@pytest.fixture
def page(chromium):
    """A fresh browser context and page."""
    context = chromium.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def wsgi_django():
    """Django's own WSGI handler, as a server runs it (the test keeps its DB connection)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from broadsheet.wsgi import django_application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield django_application
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
