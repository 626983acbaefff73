"""The story desk: the process's in-memory clustering and near-copy indexes, kept over a window.

The indexes live in memory (they are cheap to rebuild: the recent window is re-read
from the database at start-up), and one lock serialises every assignment, so two
articles of one story arriving on two ingest threads at once end in one story.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

from broadsheet.clustering import Doc, NearCopyIndex, StoryClusterer

REBUILD_WINDOW = 20_000  # articles re-read at start-up


@dataclass
class Placement:
    """Where a new article goes: its story label, the original it copies, stories merged."""

    label: int
    copy_of: str | None
    merged: dict[int, int] = field(default_factory=dict)


class StoryDesk:
    """Holds the clusterer and the near-copy index, and maps cluster labels to story ids."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.clusterer = StoryClusterer()
        self.copies = NearCopyIndex()
        self.story_for_label: dict[int, int] = {}
        self.loaded = False

    def place(self, key: str, doc: Doc) -> Placement:
        """Add one article to both indexes (again: its current story); call with `lock` held."""
        try:
            # Seen before (an enrichment whose transaction rolled back): keep its story.
            return Placement(self.clusterer.story_of(key), None)
        except KeyError:
            pass
        original = self.copies.add(key, doc.text) if doc.text else None
        assignment = self.clusterer.add(doc, key=key)
        return Placement(assignment.story, original, dict(assignment.merged_into))

    def replay(self, items: Iterable[tuple[str, Doc, int | None]]) -> None:
        """Re-add stored articles in arrival order, keeping the stories they already have."""
        with self.lock:
            for key, doc, story_id in items:
                placement = self.place(key, doc)
                if story_id is not None:
                    self.story_for_label.setdefault(placement.label, story_id)
            self.loaded = True


_desk: StoryDesk | None = None
_desk_lock = threading.Lock()


def get_desk() -> StoryDesk:
    """The process's desk, created on first use."""
    global _desk
    with _desk_lock:
        if _desk is None:
            _desk = StoryDesk()
        return _desk


def reset_desk() -> None:
    """Forget the in-memory indexes (tests; a new process starts empty anyway)."""
    global _desk
    with _desk_lock:
        _desk = None
