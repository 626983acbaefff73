"""Fixtures for reader-state tests: a reader, a second reader, articles grouped into stories."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from broadsheet.articles.models import Article
from broadsheet.sources.models import Source
from broadsheet.stories.models import Entity, Story, Topic


@pytest.fixture
def reader(db) -> User:
    return User.objects.create_user("ana@example.org", "ana@example.org", "a long passphrase 1")


@pytest.fixture
def other_reader(db) -> User:
    return User.objects.create_user("bo@example.org", "bo@example.org", "a long passphrase 2")


@pytest.fixture
def make_story(db):
    """Create a story with one article per given source, published ``hours`` ago."""
    counter = iter(range(1, 10_000))

    def make(title: str, sources: list[Source], *, hours: float = 1) -> Story:
        n = next(counter)
        when = timezone.now() - timedelta(hours=hours)
        story = Story.objects.create(
            public_id=f"story{n:07d}", title=title, last_seen_at=when, first_seen_at=when,
            article_count=len(sources), source_count=len({s.pk for s in sources}),
        )  # fmt: skip
        for i, src in enumerate(sources):
            Article.objects.create(
                public_id=f"art{n:05d}x{i:03d}", source=src, story=story, title=f"{title} ({i})",
                url=f"https://{src.slug}.example/{n}/{i}", body="One.\n\nTwo.", word_count=2,
                published_at=when, language="en",
            )  # fmt: skip
        return story

    return make


@pytest.fixture
def sources(db) -> list[Source]:
    return [
        Source.objects.create(name=name, slug=name.lower(), home_url=f"https://{name}.example/")
        for name in ("Harbour", "Valley", "Summit")
    ]


@pytest.fixture
def topic(db) -> Topic:
    return Topic.objects.create(slug="transport", name="Transport")


@pytest.fixture
def entity(db) -> Entity:
    return Entity.objects.create(slug="ana-ruiz", name="Ana Ruiz", kind=Entity.Kind.PERSON)
