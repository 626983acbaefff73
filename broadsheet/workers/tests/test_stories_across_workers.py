"""Two workers, each with its own in-memory desk, put two reports of one event in one story."""

from __future__ import annotations

import pytest

from broadsheet.articles.models import Article
from broadsheet.stories import placement
from broadsheet.stories.desk import StoryDesk, set_shared_lock
from broadsheet.stories.models import Story
from broadsheet.stories.tests.test_story_assignment import QUAKE, QUAKE_2, store
from broadsheet.workers.tasks import install_story_lock

pytestmark = pytest.mark.django_db


def place_on_two_desks(monkeypatch) -> tuple[Article, Article]:
    """Worker B starts (loads its desk) before worker A places the first report."""
    first = store("Earthquake kills four in southern Peru", QUAKE, source="andes", n=1)
    second = store("Peru quake: rescuers search homes near Arequipa", QUAKE_2, source="pac", n=2)
    desk_a, desk_b = StoryDesk(), StoryDesk()
    current = {"desk": desk_b}
    monkeypatch.setattr(placement, "get_desk", lambda: current["desk"])
    placement.ensure_desk_loaded(desk_b)
    current["desk"] = desk_a
    placement.place_articles([first.pk])
    current["desk"] = desk_b
    placement.place_articles([second.pk])
    return Article.objects.get(pk=first.pk), Article.objects.get(pk=second.pk)


def test_with_the_shared_lock_the_second_worker_catches_up_and_joins_the_story(
    redis_url, monkeypatch
):
    install_story_lock()
    first, second = place_on_two_desks(monkeypatch)
    assert first.story_id == second.story_id
    assert Story.objects.get(pk=first.story_id).article_count == 2


def test_without_it_each_worker_would_open_its_own_story(monkeypatch):
    # The failure the shared lock prevents: desk B never saw the first report.
    set_shared_lock(None)
    first, second = place_on_two_desks(monkeypatch)
    assert first.story_id != second.story_id


def test_the_story_lock_is_held_in_redis_while_placing(redis_url, redis_conn, monkeypatch):
    install_story_lock()
    seen = []
    real = placement._place_one

    def spy(desk, article):
        seen.append(redis_conn.exists("broadsheet:lock:stories"))
        real(desk, article)

    monkeypatch.setattr(placement, "_place_one", spy)
    a = store("Earthquake kills four in southern Peru", QUAKE, source="andes", n=1)
    placement.place_articles([a.pk])
    assert seen == [1]
    assert not redis_conn.exists("broadsheet:lock:stories")
