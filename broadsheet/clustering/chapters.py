"""Closed stories kept in brief, so a new story can name the earlier one it continues.

A story leaves the window a few days after its last article; its follow-up ("Steve Jobs
resigns" seven months after "Steve Jobs on medical leave") arrives much later and opens a
story of its own, as it should: a different event. To link the two ("Earlier in this story"
/ "Later") the closed story is kept as its heaviest centroid terms and its last event time,
under an inverted index of those terms, for `keep` (60 days) and at most `limit` stories.
A new story's first article that resembles one of them (cosine with the kept, renormalised
terms at least `threshold`, shared names weighing most) names it as the story it continues.
"""

from __future__ import annotations

import math
from array import array
from collections import OrderedDict
from datetime import datetime, timedelta
from itertools import islice

from .vectors import SparseVector


class ChapterIndex:
    """Closed stories in brief (terms, weights, last event), oldest first, bounded."""

    def __init__(
        self, *, terms: int = 24, keep: timedelta = timedelta(days=60), limit: int = 20_000
    ) -> None:
        self.terms = terms
        self.keep = keep
        self.limit = limit
        self._stories: OrderedDict[int, tuple[tuple[str, ...], array, datetime | None]] = (
            OrderedDict()
        )
        # Term -> kept stories posted under it, oldest first (read newest first, `depth` deep).
        self._postings: dict[str, dict[int, None]] = {}

    def __len__(self) -> int:
        return len(self._stories)

    def __contains__(self, sid: object) -> bool:
        return sid in self._stories

    def close(self, sid: int, centroid: SparseVector, last_event: datetime | None) -> None:
        """Keep story `sid` (closed now) in brief: its heaviest terms, renormalised."""
        top = sorted(centroid.items(), key=lambda kv: -kv[1])[: self.terms]
        norm = math.sqrt(sum(w * w for _, w in top))
        if norm <= 0:
            return
        self._forget(sid)
        terms = tuple(term for term, _ in top)
        self._stories[sid] = (terms, array("f", (w / norm for _, w in top)), last_event)
        for term in terms:
            self._postings.setdefault(term, {})[sid] = None
        while len(self._stories) > self.limit:
            self._forget(next(iter(self._stories)))

    def expire(self, now: datetime | None) -> None:
        """Forget stories whose last event is older than `keep` before `now`."""
        if now is None:
            return
        while self._stories:
            sid, (_, _, last) = next(iter(self._stories.items()))
            if last is None or last >= now - self.keep:
                break
            self._forget(sid)

    def continued_by(
        self, vec: SparseVector, *, threshold: float, query_terms: int = 12, depth: int = 64
    ) -> int | None:
        """The kept story most similar to `vec` (a unit vector, heaviest terms first) if it
        reaches `threshold`: candidates come from the `query_terms` heaviest terms, the
        `depth` most recent stories of each, so the cost does not grow with the archive."""
        candidates: set[int] = set()
        for term in islice(vec, query_terms):
            posting = self._postings.get(term)
            if posting:
                candidates.update(islice(reversed(posting), depth))
        scores: dict[int, float] = {}
        for sid in candidates:
            terms, weights, _ = self._stories[sid]
            scores[sid] = sum(
                vec.get(term, 0.0) * weight for term, weight in zip(terms, weights, strict=True)
            )
        if not scores:
            return None
        best = max(scores, key=scores.__getitem__)
        return best if scores[best] >= threshold else None

    def _forget(self, sid: int) -> None:
        entry = self._stories.pop(sid, None)
        if entry is None:
            return
        for term in entry[0]:
            posting = self._postings.get(term)
            if posting is not None:
                posting.pop(sid, None)
                if not posting:
                    del self._postings[term]
