"""The front page is made of stories: broad ones first, single-source ones as a fallback,
follows count, sections by topic; the stories index filters by topic and source."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from broadsheet.accounts.tests.people import make_reader
from broadsheet.readers import services as readers
from broadsheet.readers.follows import followed_stories
from broadsheet.stories.front import front_page, stories_index
from broadsheet.stories.models import Topic

from .stories_made import make_sources, make_story

pytestmark = pytest.mark.django_db


def _titles(rows) -> list[str]:  # type: ignore[no-untyped-def]
    return [story.title for story, _ in rows]


def test_broad_stories_lead_and_fresh_single_source_stories_fill_the_rest() -> None:
    sources = make_sources(4)
    for n in range(3):
        make_story(f"Fresh single {n}", sources[n : n + 1], hours=0.1 * (n + 1))
    make_story("Three sources", sources[:3], hours=5)
    make_story("Four sources", sources, hours=6)
    top = _titles(front_page(now=timezone.now()).top)
    assert top[:2] == ["Four sources", "Three sources"]
    assert top[2:] == ["Fresh single 0", "Fresh single 1", "Fresh single 2"]


def test_with_only_single_source_stories_top_stories_still_shows_the_best() -> None:
    sources = make_sources(2)
    make_story("Older", sources[:1], hours=10)
    make_story("Newer", sources[1:], hours=1)
    assert _titles(front_page(now=timezone.now()).top) == ["Newer", "Older"]


def test_what_a_reader_follows_ranks_higher() -> None:
    sources = make_sources(4)
    make_story("Unfollowed", sources[:2], hours=1)
    followed = make_story("Followed source", sources[2:], hours=1.5)
    reader = make_reader("Ana")
    assert _titles(front_page(now=timezone.now()).top)[0] == "Unfollowed"
    readers.follow(reader, sources[3])
    assert (
        _titles(
            front_page(now=timezone.now(), follows=lambda pool: followed_stories(pool, reader)).top
        )[0]
        == followed.title
    )


def test_topics_with_several_stories_become_sections() -> None:
    sources = make_sources(3)
    sport = Topic.objects.create(slug="sport", name="Sport")
    science = Topic.objects.create(slug="science", name="Science")
    for n in range(10):
        make_story(f"Lead {n}", sources[:2], hours=n * 0.1)  # fill Top stories
    for n in range(3):
        make_story(f"Match {n}", sources[:1], hours=20 + n, topics=(sport,))
    make_story("Lone science", sources[:1], hours=20, topics=(science,))
    sections = front_page(now=timezone.now()).sections
    assert [(topic.slug, _titles(rows)) for topic, rows in sections] == [
        ("sport", ["Match 0", "Match 1", "Match 2"])
    ]


def test_the_stories_index_pages_and_filters_by_topic_and_source() -> None:
    sources = make_sources(2)
    sport = Topic.objects.create(slug="sport", name="Sport")
    make_story("Sport on one", sources[:1], hours=1, topics=(sport,))
    make_story("News on two", sources, hours=2)
    assert [s.title for s in stories_index()] == ["Sport on one", "News on two"]
    assert [s.title for s in stories_index(topic=sport)] == ["Sport on one"]
    assert [s.title for s in stories_index(source_id=sources[1].pk)] == ["News on two"]
    page = Client().get("/en/stories?topic=sport").content.decode()
    assert "Sport on one" in page and "News on two" not in page


def test_the_stories_index_query_count_does_not_grow(django_assert_max_num_queries) -> None:
    sources = make_sources(3)
    for n in range(25):
        make_story(f"Story {n}", sources[: 1 + n % 3], hours=n)
    with django_assert_max_num_queries(8):
        response = Client().get("/en/stories?page=2")
    assert response.status_code == 200
    assert response.content.decode().count('class="story-card"') == 5
