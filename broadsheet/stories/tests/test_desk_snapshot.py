"""A restarted process restores the story desk from its snapshot instead of recomputing the
window, catches up with what was placed after it, and never takes another database's."""

from __future__ import annotations

import os
import tracemalloc

import pytest

from broadsheet.articles.models import Article
from broadsheet.clustering import StoryClusterer
from broadsheet.stories import snapshot
from broadsheet.stories.desk import get_desk, reset_desk
from broadsheet.stories.placement import place_articles
from broadsheet.stories.tests.test_story_assignment import ELECTION, QUAKE, QUAKE_2, store


@pytest.fixture(autouse=True)
def snapshots(settings, tmp_path, monkeypatch):
    settings.STORY_DESK_SNAPSHOT_SECONDS = 300
    monkeypatch.setattr(snapshot, "snapshot_path", lambda: tmp_path / "desk.pickle")
    reset_desk()
    yield tmp_path / "desk.pickle"
    reset_desk()


@pytest.fixture
def rebuilds(monkeypatch) -> list[str]:
    """Keys the clusterer re-vectorised to put back in their stored stories."""
    seen: list[str] = []
    original = StoryClusterer.restore

    def counting(self, doc, *, key, story):  # type: ignore[no-untyped-def]
        seen.append(key)
        return original(self, doc, key=key, story=story)

    monkeypatch.setattr(StoryClusterer, "restore", counting)
    return seen


def _placed(db) -> tuple[Article, Article]:
    quake = store("Earthquake kills four in southern Peru", QUAKE, source="andes", n=1)
    election = store("Social Democrats win Finnish election", ELECTION, source="nordic", n=2)
    place_articles([quake.pk, election.pk])
    snapshot.save_on_exit()
    return quake, election


def test_a_restart_restores_the_desk_without_recomputing_it(db, snapshots, rebuilds):
    quake, _ = _placed(db)
    assert snapshots.exists()
    reset_desk()  # a new process
    follow = store(
        "Peru quake: rescuers search homes near Arequipa", QUAKE_2, source="pacific", n=3
    )
    place_articles([follow.pk])
    assert rebuilds == []  # nothing re-vectorised: the two placed articles came from the file
    assert get_desk().knows(str(quake.pk))
    follow.refresh_from_db()
    quake.refresh_from_db()
    assert follow.story_id == quake.story_id  # placed against the restored window


def test_articles_placed_after_the_snapshot_are_caught_up(db, snapshots, rebuilds):
    quake, _ = _placed(db)
    later = store("Peru earthquake damage", QUAKE.replace("officials", "police"), source="sur", n=4)
    place_articles([later.pk])  # placed, but the process stops before its next snapshot
    reset_desk()
    follow = store(
        "Peru quake: rescuers search homes near Arequipa", QUAKE_2, source="pacific", n=3
    )
    place_articles([follow.pk])
    assert rebuilds == [str(later.pk)]  # only what came after the snapshot is replayed
    assert get_desk().knows(str(quake.pk)) and get_desk().knows(str(later.pk))


def test_a_snapshot_from_another_history_is_not_used(db, snapshots, rebuilds):
    quake, election = _placed(db)
    Article.objects.filter(pk=election.pk).delete()  # e.g. a database restored from a backup
    reset_desk()
    follow = store(
        "Peru quake: rescuers search homes near Arequipa", QUAKE_2, source="pacific", n=3
    )
    place_articles([follow.pk])
    assert rebuilds == [str(quake.pk)]  # rebuilt from the database instead
    assert not get_desk().knows(str(election.pk))


def test_reading_a_snapshot_pauses_the_collector_and_restarts_it():
    import gc

    from broadsheet.stories.desk_pickle import desk_from_bytes, desk_to_bytes

    _COLLECTOR_SEEN.clear()
    assert gc.isenabled()
    assert desk_from_bytes(desk_to_bytes([_Probe()])) == [None]
    assert _COLLECTOR_SEEN == [False] and gc.isenabled()
    gc.disable()
    try:  # a caller that paused it keeps it paused
        desk_from_bytes(desk_to_bytes([]))
        assert not gc.isenabled()
    finally:
        gc.enable()


_COLLECTOR_SEEN: list[bool] = []


class _Probe:
    """Unpickles as None, noting whether the collector ran meanwhile."""

    def __reduce__(self):
        return (_collector_state, ())


def _collector_state() -> None:
    import gc

    _COLLECTOR_SEEN.append(gc.isenabled())


def test_saving_never_holds_the_whole_snapshot_in_memory(db, snapshots):
    _placed(db)
    desk = get_desk()
    # 16 MB the snapshot must carry (at a million articles a window's file is ~50 MB).
    desk.ballast = [os.urandom(1 << 20) for _ in range(16)]  # type: ignore[attr-defined]
    tracemalloc.start()
    try:
        with desk.lock:
            snapshot.save_snapshot(desk)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    size = snapshots.stat().st_size
    assert size > 16 << 20
    assert peak < size / 4, (peak, size)  # written as it is pickled, not from one buffer
    reset_desk()
    assert len(snapshot.load_snapshot().ballast) == 16  # type: ignore[union-attr]
