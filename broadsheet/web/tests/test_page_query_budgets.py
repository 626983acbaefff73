"""Every public page stays within a dozen queries, in each interface language, with a full page
of articles (an N+1 would show as one query per card)."""

from __future__ import annotations

import pytest
from django.db import connection

from broadsheet.stories.models import Entity, Topic
from broadsheet.web.tests.newsroom import build_newsroom, story_of

BUDGET = 12
# A signed-in reader's article page: session, reader, article, read mark, coverage, topics,
# entities, related (link counts done by the database, candidates' ranking columns, the
# chosen: three indexed queries that replaced one 15-35 ms join), comments (author profile, thread, moderator check, count).
# Related on a first view (as here: no kept list yet) also reads and writes its kept list
# (stories/related_store.py); every later view reads the kept ids and the chosen: two.
# A signed-in reader's home page with fragments off (as here): session, reader, their state
# (follows, mutes, standing: one query), the latest list, the pool of top stories (ranking
# columns, the chosen, their articles, leads, topics), read marks. With fragments on the
# pool (and, for a reader without mutes, the latest list) is shared under the news version.
# On PostgreSQL that write runs in a savepoint when a transaction is open (every test's is),
# two more statements; a request in autocommit, as served, has none.
# A session's first page in a process also reads the reader's versions (readers/versions.py;
# later pages read them with the session row), and a first view of an article writes the
# read mark with a new reads version in one transaction (a savepoint, the update, its release
# inside the test's transaction).
KEEP_SAVEPOINT = 2 if connection.vendor == "postgresql" else 0
BUDGETS = {("article", True): 18 + KEEP_SAVEPOINT, ("home", True): 13, ("arabic article", True): 13}


@pytest.fixture
def urls(db) -> dict[str, str]:
    room = build_newsroom(filler=24)
    story = story_of(room.quake)
    topic = Topic.objects.order_by("pk").first()
    entity = Entity.objects.get(name="Peru")
    assert topic is not None
    return {
        "home": "/",
        "article": f"/article/{room.quake.public_id}",
        "arabic article": f"/article/{room.arabic.public_id}",
        "story": f"/story/{story.public_id}",
        "topic": f"/topic/{topic.slug}",
        "entity": f"/entity/{entity.slug}",
        "search": "/search?q=harbour",
        "source": f"/source/{room.quake.source.slug}",
    }


@pytest.mark.parametrize(("language", "signed_in"), [("en", False), ("fr", False), ("en", True)])
@pytest.mark.parametrize(
    "page", ["home", "article", "arabic article", "story", "topic", "entity", "search", "source"]
)
def test_page_needs_at_most_a_dozen_queries(
    client, urls, django_assert_max_num_queries, django_user_model, page, language, signed_in
):
    if signed_in:  # a reader's session, saves, follows and comment rights cost queries too
        reader = django_user_model.objects.create_user(
            username="reader", email="reader@example.com", password="a-long-passphrase-1"
        )
        client.force_login(reader)
    with django_assert_max_num_queries(BUDGETS.get((page, signed_in), BUDGET)):
        response = client.get(f"/{language}{urls[page]}")
    assert response.status_code == 200
