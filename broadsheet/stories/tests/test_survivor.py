"""Story.survivor(): the one way pages, feeds, the API and the desk follow merges."""

from __future__ import annotations

import pytest

from broadsheet.stories.models import Story


def story(name: str, into: Story | None = None) -> Story:
    return Story.objects.create(public_id=name, title=name.title(), merged_into=into)


@pytest.mark.django_db
def test_a_story_never_merged_is_its_own_survivor() -> None:
    alone = story("alone")
    assert alone.survivor() == alone


@pytest.mark.django_db
def test_every_hop_of_a_chain_is_followed() -> None:
    last = story("last")
    first = story("first", into=story("middle", into=last))
    assert first.survivor() == last


@pytest.mark.django_db
def test_a_loop_ends_instead_of_spinning() -> None:
    a = story("aaa")
    b = story("bbb", into=a)
    Story.objects.filter(pk=a.pk).update(merged_into=b)
    a.refresh_from_db()
    assert a.survivor() in (a, b)


@pytest.mark.django_db
def test_page_feed_and_api_all_reach_the_last_survivor(client) -> None:
    last = story("last")
    first = story("first", into=story("middle", into=last))
    page = client.get(f"/en/story/{first.public_id}")
    assert page.status_code == 301 and page["Location"].endswith(f"/story/{last.public_id}")
    assert client.get(f"/api/v1/stories/{first.public_id}").json()["id"] == last.public_id
