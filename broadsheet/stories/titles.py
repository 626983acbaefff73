"""Choosing a story's title among its members' headlines (pure)."""

from __future__ import annotations

import re
from collections.abc import Sequence

_WORD = re.compile(r"\w+")


def _words(title: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(title) if len(w) > 2}


def representative_title(titles: Sequence[str]) -> str | None:
    """The headline closest to all the others (the medoid by word overlap); earliest wins ties.

    Always one of the publishers' own headlines, never a rewrite.
    """
    candidates = [t for t in titles if t.strip()]
    if not candidates:
        return None
    if len(candidates) <= 2:
        return candidates[0]
    sets = [_words(t) for t in candidates]

    def centrality(i: int) -> float:
        total = 0.0
        for j, other in enumerate(sets):
            if i != j and (sets[i] or other):
                total += len(sets[i] & other) / len(sets[i] | other)
        return total

    best = max(range(len(candidates)), key=lambda i: (centrality(i), -i))
    return candidates[best]
