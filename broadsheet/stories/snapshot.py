"""The story desk kept on disk: a restart restores its window instead of recomputing it.

Rebuilding the desk replays the last REBUILD_WINDOW placed articles (20,000): every text
is tokenised, weighed and sketched again, ~13 s of CPU paid by the first enrichment after
every start. `save_snapshot()` pickles the whole desk (clusterer, near-copy index, label
maps, high-water mark) to the data directory, straight to the file as it is pickled (a
window's ~50 MB is never one buffer in memory); `load_snapshot()` gives it back when it was
made by this code for this database and is not newer than the database; the articles
placed since (by this process before it stopped, or by others) are then replayed by the
usual catch-up, moves included. The bundled word statistics and the desk's lock are not
stored: the statistics are the package's own, loaded again, and a lock is made anew.

The file is written by this product into its own data directory, beside the database, and
is read only from there (a pickle is code: never point it at a file from elsewhere).
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Any

from django.conf import settings

from broadsheet.articles.models import Article
from broadsheet.stories.desk import REBUILD_WINDOW, StoryDesk, get_desk
from broadsheet.stories.desk_pickle import desk_from_bytes, desk_to_file

log = logging.getLogger(__name__)

FORMAT = 4  # bump when the desk's classes change shape (4: members keep their headline)
_last_save = time.monotonic()  # a process saves first after one interval, or when it stops


def is_enabled() -> bool:
    """STORY_DESK_SNAPSHOT_SECONDS > 0 (the tests turn snapshots off, as they share a data
    directory; test_desk_snapshot.py turns them on in its own)."""
    return int(settings.STORY_DESK_SNAPSHOT_SECONDS) > 0


def snapshot_path() -> Path:
    """Where this database's desk is kept."""
    return Path(settings.DATA_DIR) / "story-desk.pickle"


def _identity(desk: StoryDesk) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "database": str(settings.DATABASES["default"]["NAME"]),
        "config": repr(desk.clusterer.config),
        "window": REBUILD_WINDOW,
    }


def _newest_placed() -> tuple[int, Any] | None:
    """(id, enriched_at) of the newest placement: a fingerprint of this database's history
    (a backup, another database or a test's rolled-back rows have other ones)."""
    return (
        Article.objects.filter(enriched_at__isnull=False)
        .order_by("-enriched_at", "-pk")
        .values_list("pk", "enriched_at")
        .first()
    )


def save_snapshot(desk: StoryDesk, path: Path | None = None) -> None:
    """Write the desk to disk atomically (call with desk.lock held)."""
    global _last_save
    if not desk.loaded or not is_enabled():
        return
    path = path or snapshot_path()
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    with partial.open("wb") as handle:
        desk_to_file((_identity(desk), _newest_placed(), desk), handle)
    os.replace(partial, path)
    _last_save = time.monotonic()


def save_snapshot_if_due(desk: StoryDesk) -> None:
    """Save at most every STORY_DESK_SNAPSHOT_SECONDS (a crash replays at most that much)."""
    if is_enabled() and time.monotonic() - _last_save >= settings.STORY_DESK_SNAPSHOT_SECONDS:
        save_snapshot(desk)


def save_on_exit() -> None:
    """Save this process's desk, if it was loaded (`broadsheet run` and workers stopping)."""
    desk = get_desk()
    if desk.loaded:
        with desk.lock:
            save_snapshot(desk)


def load_snapshot(path: Path | None = None) -> StoryDesk | None:
    """The saved desk, or None when there is none or it does not belong to this database."""
    if not is_enabled():
        return None
    path = path or snapshot_path()
    try:
        identity, mark, desk = desk_from_bytes(path.read_bytes())
    except FileNotFoundError:
        return None
    except Exception:  # a torn or foreign file: rebuild instead
        log.warning("story desk snapshot %s unreadable; rebuilding", path, exc_info=True)
        return None
    if not isinstance(desk, StoryDesk) or identity != _identity(desk):
        return None
    if mark is None or not Article.objects.filter(pk=mark[0], enriched_at=mark[1]).exists():
        return None  # not this database's history (a backup restored, a test's rows gone)
    return desk


def adopt(desk: StoryDesk, saved: StoryDesk) -> None:
    """Make `desk` (the process's, whose lock callers hold) the saved one."""
    desk.__dict__.update({k: v for k, v in saved.__dict__.items() if k != "lock"})
