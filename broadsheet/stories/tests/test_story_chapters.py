"""A story that continues an earlier one weeks later is linked to it both ways, not merged."""

from __future__ import annotations

import pytest
from django.test import Client

from broadsheet.articles.models import Article
from broadsheet.stories.models import Story
from broadsheet.stories.placement import place_articles
from broadsheet.stories.tests.test_story_assignment import (
    ELECTION,
    QUAKE,
    QUAKE_2,
    fresh_desk,
    store,
)

__all__ = ["fresh_desk"]

AFTERSHOCK = (
    "A second earthquake, of magnitude 5.9, struck southern Peru near Arequipa three weeks "
    "after the deadly magnitude 6.4 quake, and President Martin Vizcarra returned to Caraveli, "
    "where families still live in tents and landslides again blocked roads. The national "
    "emergency agency said no one was killed this time, but more homes were damaged."
)


@pytest.mark.django_db
def test_a_follow_up_weeks_later_gets_its_own_story_linked_both_ways() -> None:
    first = store("Earthquake kills four in southern Peru", QUAKE, source="andes", n=1,
                  hours_ago=24 * 22)  # fmt: skip
    second = store("Peru quake: rescuers search homes", QUAKE_2, source="pacific", n=2,
                   hours_ago=24 * 21)  # fmt: skip
    other = store("Social Democrats win Finnish election", ELECTION, source="nordic", n=3,
                  hours_ago=24 * 10)  # fmt: skip
    later = store("Second quake hits southern Peru", AFTERSHOCK, source="andes", n=4, hours_ago=1)
    for article in (first, second, other, later):
        place_articles([article.pk])
    first, other, later = (Article.objects.get(pk=a.pk) for a in (first, other, later))
    assert later.story_id != first.story_id
    assert Story.objects.get(pk=later.story_id).follows_id == first.story_id
    assert Story.objects.get(pk=other.story_id).follows_id is None

    earlier_page = Client().get(f"/en/story/{first.story.public_id}").content.decode()
    assert "Later" in earlier_page and later.story.title in earlier_page
    later_page = Client().get(f"/en/story/{later.story.public_id}").content.decode()
    assert "Earlier in this story" in later_page and first.story.title in later_page
    api_later = Client().get(f"/api/v1/stories/{later.story.public_id}").json()
    assert api_later["earlier"]["id"] == first.story.public_id and api_later["later"] == []
    api_first = Client().get(f"/api/v1/stories/{first.story.public_id}").json()
    assert api_first["earlier"] is None
    assert [s["id"] for s in api_first["later"]] == [later.story.public_id]
