"""Live stories of the window: centroids, the term index that finds candidates, and merges."""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Set
from datetime import datetime, timedelta
from itertools import islice
from typing import TYPE_CHECKING

from .roles import roles_conflict
from .vectors import SparseVector, dot

if TYPE_CHECKING:
    from .model import ClusterConfig


def cohesion(norm2: float, size: int, *, prior: float) -> float:
    """Mean pairwise similarity of `size` unit vectors whose sum has squared length `norm2`,
    shrunk toward `prior` by one pseudo-pair."""
    pairs = size * (size - 1) / 2
    return ((norm2 - size) / 2 + prior) / (pairs + 1.0)


class Story:
    """A story in the window: the sum of its members' unit vectors and how tight they are."""

    __slots__ = (
        "actors",
        "apart",
        "centroid",
        "first_event",
        "first_seen",
        "last_event",
        "last_seen",
        "last_seq",
        "live",
        "members",
        "names",
        "norm2",
        "numbers",
        "objects",
        "posted",
        "sid",
        "size",
        "terms",
    )

    def __init__(self, sid: int) -> None:
        self.sid = sid
        self.centroid: SparseVector = {}
        # |sum of member vectors|^2, tracked exactly even when the centroid is pruned.
        self.norm2 = 0.0
        self.size = 0  # members ever added (merges included)
        self.terms = 0  # vector terms summed over members: tells headlines from full texts
        self.live = 0  # members still in the window
        self.members: list[str] = []
        self.posted: set[str] = set()
        self.last_seq = -1
        # Every number named in a member's lead: the details that tell look-alike events apart.
        self.numbers: set[str] = set()
        # The members' headline roles (roles.py): who acts, on whom, every headline name.
        self.actors: set[str] = set()
        self.objects: set[str] = set()
        self.names: set[str] = set()
        # Stories split from this one (or this from them): never merged again.
        self.apart: set[int] = set()
        # Earliest and latest event time of the members whose time is known.
        self.first_event: datetime | None = None
        self.last_event: datetime | None = None
        # Earliest and latest publication time of the members whose time is known.
        self.first_seen: datetime | None = None
        self.last_seen: datetime | None = None

    def span_with(self, first: datetime | None, last: datetime | None) -> timedelta:
        """How long the story would last in event time with events from `first` to `last`."""
        if first is None or last is None or self.first_event is None or self.last_event is None:
            return timedelta(0)
        return max(last, self.last_event) - min(first, self.first_event)

    def extend(self, first: datetime | None, last: datetime | None) -> None:
        """Widen the story's event time span to cover `first` to `last` (None: unknown)."""
        if first is not None:
            self.first_event = first if self.first_event is None else min(self.first_event, first)
        if last is not None:
            self.last_event = last if self.last_event is None else max(self.last_event, last)

    def see(self, first: datetime | None, last: datetime | None) -> None:
        """Widen the story's publication times to cover `first` to `last` (None: unknown)."""
        if first is not None:
            self.first_seen = first if self.first_seen is None else min(self.first_seen, first)
        if last is not None:
            self.last_seen = last if self.last_seen is None else max(self.last_seen, last)

    def seen_gap(self, first: datetime | None, last: datetime | None) -> timedelta:
        """How far publication times `first` to `last` lie outside the story's (0 when they
        overlap or either is unknown)."""
        if first is None or last is None or self.first_seen is None or self.last_seen is None:
            return timedelta(0)
        return max(first - self.last_seen, self.first_seen - last, timedelta(0))

    def cosine(self, vec: SparseVector) -> float:
        """Cosine between `vec` (unit length) and the centroid."""
        return dot(vec, self.centroid) / math.sqrt(self.norm2) if self.norm2 > 0 else 0.0

    def cohesion(self, *, prior: float) -> float:
        """Mean pairwise similarity of the members, shrunk toward `prior` by one pseudo-pair."""
        return cohesion(self.norm2, self.size, prior=prior)

    def number_factor(self, numbers: Set[str], *, match: float, mismatch: float) -> float:
        """`match` if `numbers` share one with the members' leads, `mismatch` if none; 1 if unsure.

        Two reports of one event tend to repeat its figures (a toll, an age, a score, the year
        in a dateline); a look-alike event comes with figures of its own.
        """
        if not numbers or not self.numbers:
            return 1.0
        return mismatch if self.numbers.isdisjoint(numbers) else match

    def take_roles(self, actors: Set[str], objects: Set[str], names: Set[str]) -> None:
        """Add a member's (or a merged story's) headline roles."""
        self.actors |= actors
        self.objects |= objects
        self.names |= names

    def roles(self) -> tuple[set[str], set[str], set[str]]:
        """The members' actors, objects and headline names (for roles.roles_conflict)."""
        return self.actors, self.objects, self.names

    def terms_per_member(self) -> float:
        """Average number of vector terms of the members."""
        return self.terms / self.size if self.size else 0.0

    def add(self, vec: SparseVector, *, max_terms: int) -> None:
        """Add one member's unit vector."""
        centroid = self.centroid
        overlap = 0.0
        for term, weight in vec.items():
            old = centroid.get(term, 0.0)
            overlap += old * weight
            centroid[term] = old + weight
        self.norm2 += 2.0 * overlap + (1.0 if vec else 0.0)
        self.size += 1
        self.terms += len(vec)
        self.live += 1
        self._prune(max_terms)

    def absorb(self, other: Story, *, max_terms: int) -> None:
        """Take over every member and the whole weight of `other`."""
        self.norm2 += other.norm2 + 2.0 * dot(self.centroid, other.centroid)
        centroid = self.centroid
        for term, weight in other.centroid.items():
            centroid[term] = centroid.get(term, 0.0) + weight
        self.size += other.size
        self.terms += other.terms
        self.live += other.live
        self.members.extend(other.members)
        self.numbers |= other.numbers
        self.take_roles(other.actors, other.objects, other.names)
        self.apart |= other.apart
        self.extend(other.first_event, other.last_event)
        self.see(other.first_seen, other.last_seen)
        self.last_seq = max(self.last_seq, other.last_seq)
        self._prune(max_terms)

    def release(
        self, keys: set[str], vec_sum: SparseVector, *, norm2_left: float, terms: int
    ) -> None:
        """Give up the members `keys` (a split): their vectors sum to `vec_sum` with `terms`
        terms in all, and what stays has squared length `norm2_left`."""
        self.members = [k for k in self.members if k not in keys]
        centroid = self.centroid
        for term, weight in vec_sum.items():
            left = centroid.get(term, 0.0) - weight
            if left > 1e-6:
                centroid[term] = left
            else:
                centroid.pop(term, None)
        self.norm2 = max(norm2_left, 1e-9)
        self.size -= len(keys)
        self.live -= len(keys)
        self.terms -= terms

    def _prune(self, max_terms: int) -> None:
        # Pruning at twice the cap keeps the cost amortised; the tail terms weigh little.
        if len(self.centroid) > 2 * max_terms:
            kept = sorted(self.centroid.items(), key=lambda kv: -kv[1])[:max_terms]
            self.centroid = dict(kept)


class StoryIndex:
    """Inverted index from terms to the stories posted under them, most recent last."""

    def __init__(self, *, depth: int) -> None:
        self.depth = depth
        self.postings: dict[str, dict[int, None]] = {}

    def post(self, story: Story, terms: Iterable[str]) -> None:
        """Post `story` under `terms`, moving it to the recent end of each list."""
        postings = self.postings
        for term in terms:
            posting = postings.get(term)
            if posting is None:
                postings[term] = posting = {}
            else:
                posting.pop(story.sid, None)
            posting[story.sid] = None
            story.posted.add(term)

    def unpost(self, story: Story) -> None:
        """Remove `story` from every list it is on."""
        postings = self.postings
        for term in story.posted:
            posting = postings.get(term)
            if posting is not None:
                posting.pop(story.sid, None)
                if not posting:
                    del postings[term]
        story.posted = set()

    def candidates(self, vec: SparseVector, *, query_terms: int, limit: int) -> list[int]:
        """Stories sharing the heaviest terms of `vec`, ranked by the weight they share."""
        overlap: dict[int, float] = {}
        get = overlap.get
        postings = self.postings
        for term, weight in islice(vec.items(), query_terms):
            posting = postings.get(term)
            if posting:
                for sid in islice(reversed(posting), self.depth):
                    overlap[sid] = get(sid, 0.0) + weight
        if len(overlap) <= limit:
            return sorted(overlap, key=lambda sid: -overlap[sid])
        return heapq.nlargest(limit, overlap, key=overlap.__getitem__)


def would_join(one: Story, other: Story, config: ClusterConfig) -> bool:
    """Whether the story of one among `one` and `other` would join the other (of two or more)
    now, as a new article would (`config.join_single`): in a single pass its article came
    before the other story grew enough to take it, and the merge bar, which weighs a story of
    one by a prior cohesion, can leave it alone. Same factors as a join: lead figures, and
    headline roles against a story of `role_story_members` or fewer."""
    if not config.join_single or (one.size == 1) == (other.size == 1):
        return False
    single, story = (one, other) if one.size == 1 else (other, one)
    rho = config.story_cohesion
    expected = math.sqrt(story.size / (1.0 + (story.size - 1) * rho))
    factor = story.number_factor(
        single.numbers, match=config.number_match, mismatch=config.number_mismatch
    )
    thin = story.size <= config.role_story_members
    if thin and roles_conflict(single.roles(), story.roles()):
        factor *= config.role_mismatch
    return factor * story.cosine(single.centroid) / expected >= config.assign_threshold
