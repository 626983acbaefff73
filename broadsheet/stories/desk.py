"""The story desk: the process's in-memory clustering and near-copy indexes, kept over a window.

The indexes live in memory (they are cheap to rebuild: the recent window is re-read
from the database at start-up), and one lock serialises every assignment, so two
articles of one story arriving on two ingest threads at once end in one story.

Scaled out (several worker processes), each process has its own desk: a shared lock
(set by broadsheet.workers, held in Redis) serialises assignment across processes, and
under it each desk first replays the articles the others placed since it last looked
(`stories.desk_loading.catch_up`), so every placement sees every earlier one. A desk remembers
the articles it placed or replayed for as long as a catch-up may list them again
(CLOCK_SKEW), also after they left the clusterer's window: an old article replayed a second
time would come back to life as a new story and skew every later placement.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import islice
from typing import NamedTuple

from broadsheet.clustering import Doc, NearCopyIndex, StoryClusterer

REBUILD_WINDOW = 20_000  # articles re-read at start-up
REPLAY_AHEAD = 64  # stored articles whose bare headlines are encoded together at replay
PRUNE_EVERY = 5_000  # placements between forgetting the labels of closed stories
# How far back a desk re-reads others' placements: clocks of worker machines may differ.
CLOCK_SKEW = timedelta(seconds=30)


@dataclass
class Placement:
    """Where a new article goes: its story label, the original it copies, stories merged,
    and the earlier articles split off with it into its (new) story (key -> old label)."""

    label: int
    copy_of: str | None
    merged: dict[int, int] = field(default_factory=dict)
    moved: dict[str, int] = field(default_factory=dict)
    follows: int | None = None  # label of the story this one continues (an earlier chapter)


class Stored(NamedTuple):
    """An article already placed, as the database holds it, to replay into a desk."""

    key: str
    doc: Doc
    story_id: int | None
    moved: bool = False
    enriched_at: datetime | None = None


class StoryDesk:
    """Holds the clusterer and the near-copy index, and maps cluster labels to story ids."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.clusterer = StoryClusterer()
        self.copies = NearCopyIndex()
        self.story_for_label: dict[int, int] = {}
        # The open label that stands for each story id (replays put articles back by it).
        self.label_for_story: dict[int, int] = {}
        self.loaded = False
        self._added = 0
        # The newest enrichment time this desk has seen (scale-out catch-up starts here).
        self.high_water: datetime | None = None
        # Every article placed or replayed here -> its enrichment time (None until stamped),
        # kept while a catch-up may list it again, even once it left the clusterer's window.
        self.seen: dict[str, datetime | None] = {}

    def knows(self, key: str) -> bool:
        """Whether the article was placed or replayed here (it may have left the window since:
        it must not come back)."""
        return key in self.seen or _held(self.clusterer, key)

    def stamp(self, key: str, enriched_at: datetime | None) -> None:
        """Record when article `key`, placed here, was stored as enriched."""
        self.seen[key] = enriched_at

    def bind(self, label: int, story_id: int) -> None:
        """Cluster label `label` is stored as story `story_id` (which it stands for while the
        label is open)."""
        self.story_for_label[label] = story_id
        current = self.label_for_story.get(story_id)
        if current is None or not self.clusterer.is_open(current) or current == label:
            self.label_for_story[story_id] = label

    def place(self, key: str, doc: Doc) -> Placement:
        """Add one article to both indexes (again: its current story); call with `lock` held."""
        try:
            # Seen before (an enrichment whose transaction rolled back): keep its story.
            return Placement(self.clusterer.story_of(key), None)
        except KeyError:
            pass
        self._tick()
        self.seen.setdefault(key, None)
        original = self.copies.add(key, doc.text) if doc.text else None
        assignment = self.clusterer.add(doc, key=key)
        return Placement(
            assignment.story,
            original,
            dict(assignment.merged_into),
            dict(assignment.moved),
            assignment.follows,
        )

    def replay(self, items: Iterable[Stored]) -> None:
        """Put stored articles back, in arrival order, in the stories the database gives them
        (no scoring: the rebuilt window is what was stored, splits and merges included); the
        ones a split moved never move again."""
        with self.lock:
            for item in self._ahead(items):
                if self.knows(item.key):
                    continue
                if item.story_id is None:
                    self.place(item.key, item.doc)
                    self.seen[item.key] = item.enriched_at
                    continue
                self._tick()
                self.seen[item.key] = item.enriched_at
                if item.doc.text:
                    self.copies.add(item.key, item.doc.text)
                self.clusterer.restore(item.doc, key=item.key, story=self._label(item.story_id))
                if item.moved:
                    self.clusterer.pin(item.key)
            self.loaded = True

    def _ahead(self, items: Iterable[Stored]) -> Iterator[Stored]:
        """`items` in order, their bare headlines encoded a batch ahead (the clusterer's
        sentence model is faster on 64 headlines at once than one by one; same vectors)."""
        stream = iter(items)
        while batch := list(islice(stream, REPLAY_AHEAD)):
            self.clusterer.prefetch([item.doc for item in batch if not self.knows(item.key)])
            yield from batch

    def follow_move(self, key: str, story_id: int) -> None:
        """Another process's split moved article `key` (known here) into story `story_id`."""
        try:
            label = self.clusterer.story_of(key)
        except KeyError:
            return
        if self.story_for_label.get(label) != story_id or not self.clusterer.pinned(key):
            self.clusterer.move(key, self._label(story_id))

    def keep_apart(self, one: int, other: int) -> None:
        """Stories `one` and `other` (ids) were split: the clusterer never merges them again."""
        first, second = self.label_for_story.get(one), self.label_for_story.get(other)
        if first is not None and second is not None:
            self.clusterer.keep_apart(first, second)

    def _tick(self) -> None:
        """Every PRUNE_EVERY articles, forget the labels of stories that left the window (or
        were merged away) and are no longer kept in brief (`ClusterConfig.chapter_limit`), so
        the maps stay bounded however long this runs."""
        self._added += 1
        if self._added % PRUNE_EVERY:
            return
        is_open, is_known = self.clusterer.is_open, self.clusterer.is_known
        # Closed stories kept in brief keep their label: a later story may continue them.
        self.story_for_label = {lb: sid for lb, sid in self.story_for_label.items() if is_known(lb)}
        self.label_for_story = {sid: lb for sid, lb in self.label_for_story.items() if is_open(lb)}
        self._forget_seen()

    def _forget_seen(self) -> None:
        """Forget the articles no catch-up can list again (enriched more than CLOCK_SKEW before
        the high-water mark); an unstamped one is kept while it is in the window."""
        if self.high_water is None:
            return
        horizon = self.high_water - CLOCK_SKEW
        articles = self.clusterer
        self.seen = {
            key: when
            for key, when in self.seen.items()
            if (when is not None and when >= horizon) or (when is None and _held(articles, key))
        }

    def _label(self, story_id: int) -> int:
        label = self.label_for_story.get(story_id)
        if label is None or not self.clusterer.is_open(label):
            label = self.clusterer.new_label()
            self.bind(label, story_id)
        return label


def _held(clusterer: StoryClusterer, key: str) -> bool:
    try:
        clusterer.story_of(key)
    except KeyError:
        return False
    return True


_desk: StoryDesk | None = None
_desk_lock = threading.Lock()
_shared_lock: Callable[[], contextlib.AbstractContextManager[object]] | None = None


def set_shared_lock(
    factory: Callable[[], contextlib.AbstractContextManager[object]] | None,
) -> None:
    """Serialise story assignment across processes with this lock (None: this process only)."""
    global _shared_lock
    _shared_lock = factory


def is_shared() -> bool:
    """Whether other processes place articles too (then desks catch up before placing)."""
    return _shared_lock is not None


def shared_lock() -> contextlib.AbstractContextManager[object]:
    """The cross-process assignment lock, or a no-op in a single process."""
    return _shared_lock() if _shared_lock is not None else contextlib.nullcontext()


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
