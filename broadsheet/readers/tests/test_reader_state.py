"""The reader's state entry (readers/state.py): pages ask the database about the reader once
per change, and every change shows on the next page."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from broadsheet.accounts.models import MODERATORS_GROUP, Profile
from broadsheet.readers import mutes, services
from broadsheet.readers.models import Follow, Mute
from broadsheet.readers.state import reader_state

# The tables a query reads about the reader (a comment thread only joins profiles).
STATE_TABLES = ("readers_follow", "readers_mute", "accounts_profile", "auth_user_groups")
FROM = tuple(f"FROM {quote}{table}{quote}" for table in STATE_TABLES for quote in ('"', ""))


def _state_queries(client: Client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in queries if any(f in q["sql"] for f in FROM)]


def test_a_second_page_asks_nothing_about_the_reader(reader, sources, make_story):
    story = make_story("Harbour ferry resumes", sources[:2])
    services.follow(reader, story)
    mutes.mute_word(reader, "tundra")
    client = Client()
    client.force_login(reader)
    first = _state_queries(client, f"/en/story/{story.public_id}")
    assert len(first) == 1  # follows, mutes and standing in one query
    assert _state_queries(client, f"/en/story/{story.public_id}") == []
    assert _state_queries(client, "/en/") == []
    assert _state_queries(client, f"/en/article/{story.articles.first().public_id}") == []


def test_follows_and_mutes_show_on_the_next_page(reader, sources, make_story):
    story = make_story("Harbour ferry resumes", sources[:2])
    client = Client()
    client.force_login(reader)
    page = f"/en/story/{story.public_id}"
    assert b'value="unfollow"' not in client.get(page).content
    services.follow(reader, story)
    assert b'value="unfollow"' in client.get(page).content
    services.unfollow(reader, story)
    assert b'value="unfollow"' not in client.get(page).content
    mutes.mute_source(reader, sources[0])
    assert mutes.muted_for(reader).sources == {sources[0].pk}
    mutes.unmute_source(reader, sources[0])
    assert not mutes.muted_for(reader)


def test_writes_outside_the_services_are_seen_too(reader, sources):
    """Rows saved or deleted elsewhere (the admin, a shell) reach the state by signals."""
    assert reader_state(reader).follows == {}
    row = Follow.objects.create(user=reader, kind=Follow.Kind.SOURCE, target_id=sources[1].pk)
    assert reader_state(reader).follows_target("source", sources[1].pk)
    row.delete()
    assert not reader_state(reader).follows_target("source", sources[1].pk)
    Mute.objects.create(user=reader, kind=Mute.Kind.WORD, value="gazebo")
    assert reader_state(reader).muted_words == ("gazebo",)


def test_standing_follows_the_moderators_group_and_a_suspension(reader):
    assert not reader_state(reader).moderator and not reader_state(reader).suspended
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)  # a migration makes it
    reader.groups.add(group)
    assert reader_state(reader).moderator
    group.user_set.remove(reader)
    assert not reader_state(reader).moderator
    profile = Profile.objects.create(user=reader, display_name="Ana")
    profile.suspended_at = reader.date_joined
    profile.save()
    assert reader_state(reader).suspended
    reader.is_staff, reader.is_active = True, False
    reader.save()
    assert not reader_state(reader).moderator  # an inactive account moderates nothing


def test_an_anonymous_visitor_has_the_empty_state():
    state = reader_state(AnonymousUser())
    assert state.follows == {} and not state.moderator and not state.muted_sources
