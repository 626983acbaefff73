"""Account tests hash passwords quickly; the production hasher is Django's default."""

import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def article(feed, make_draft):
    from broadsheet.articles.services import upsert_article

    return upsert_article(make_draft(), source=feed.source, feed=feed)


@pytest.fixture
def story(db):
    from broadsheet.stories.models import Story

    return Story.objects.create(public_id="st1", title="Ferries return")
