"""A placement whose write fails leaves no trace in the process's story desk."""

from __future__ import annotations

import pytest

from broadsheet.stories import placement
from broadsheet.stories.desk import get_desk, reset_desk
from broadsheet.stories.placement import place_articles
from broadsheet.stories.tests.test_story_assignment import QUAKE, QUAKE_2, store


@pytest.fixture(autouse=True)
def fresh_desk():
    reset_desk()
    yield
    reset_desk()


def test_a_failed_write_makes_the_desk_rebuild_and_the_retry_joins_the_story(db, monkeypatch):
    first = store("Earthquake kills four in southern Peru", QUAKE, source="andes", n=1)
    second = store("Peru quake: rescuers search homes", QUAKE_2, source="pacific", n=2)
    place_articles([first.pk])
    placed_in_memory = get_desk()

    def locked(article):  # type: ignore[no-untyped-def]
        raise RuntimeError("database is locked")

    monkeypatch.setattr(placement, "tag_article", locked)
    with pytest.raises(RuntimeError):
        place_articles([second.pk])
    assert get_desk() is not placed_in_memory  # the desk that placed it in memory is gone
    assert not get_desk().knows(str(second.pk))
    monkeypatch.undo()

    place_articles([second.pk])  # the retry, on a desk rebuilt from the database
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.story_id == first.story_id
