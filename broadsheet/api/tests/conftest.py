"""Fixtures for the API tests: a small enriched corpus, readers and their tokens."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client

from broadsheet.accounts.models import Profile
from broadsheet.api.tests.reader_apps import gazette, loopback_fetching  # noqa: F401 - fixtures
from broadsheet.api.tokens import create_token
from broadsheet.articles.models import Article
from broadsheet.stories.placement import place_articles
from broadsheet.stories.tests.test_story_assignment import ELECTION, QUAKE, QUAKE_2, store


@pytest.fixture(autouse=True)
def fresh_rate_limits(settings):
    """Rate-limit counters live in the cache; each test starts with none spent.

    Passwords are hashed quickly here: the API tests sign in often, and the hasher's
    cost is not what they test.
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def corpus(db) -> dict[str, Article]:
    """Two reports of one quake (one story) and an election article, enriched."""
    a = store("Earthquake kills four in southern Peru", QUAKE, source="andes", n=1, hours_ago=5)
    b = store("Peru quake: rescuers search homes near Arequipa", QUAKE_2, source="pacific", n=2)
    c = store("Social Democrats win Finnish election", ELECTION, source="nordic", n=3, hours_ago=9)
    place_articles([a.pk, b.pk, c.pk])
    return {key: Article.objects.get(pk=x.pk) for key, x in (("a", a), ("b", b), ("c", c))}


def make_reader(email: str, name: str) -> User:
    user = User.objects.create_user(username=email, email=email, password="correct horse 9")
    Profile.objects.create(user=user, display_name=name)
    return user


@pytest.fixture
def reader(db) -> User:
    return make_reader("ana@example.org", "Ana")


@pytest.fixture
def other_reader(db) -> User:
    return make_reader("bo@example.org", "Bo")


def bearer(user: User, name: str = "test app") -> dict[str, str]:
    """Headers that sign a test client's request in with a fresh token of this user."""
    _, text = create_token(user, name=name)
    return {"Authorization": f"Bearer {text}"}


@pytest.fixture
def as_reader(reader) -> Client:
    """A client that sends the reader's token on every request."""
    return Client(headers=bearer(reader))


@pytest.fixture
def as_other(other_reader) -> Client:
    """A client that sends another reader's token on every request."""
    return Client(headers=bearer(other_reader))
