"""Related articles: the closest article of each other story near an article (no scoring of
stories, only of members' vectors)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import islice

from .live_stories import Story
from .member import Member
from .vectors import SparseVector, dot

# related() compares with this many of a candidate story's most recent members.
_RELATED_MEMBERS = 32


def nearest_members(
    vec: SparseVector,
    own: int,
    candidates: Iterable[int],
    stories: Mapping[int, Story],
    articles: Mapping[str, Member],
) -> list[tuple[float, str]]:
    """For each candidate story but `own`: its recent member closest to `vec` (similarity,
    key), if any is similar at all; best first."""
    found: list[tuple[float, str]] = []
    for sid in candidates:
        story = stories.get(sid)
        if story is None or sid == own:
            continue
        best: tuple[float, str] | None = None
        for member_key in islice(reversed(story.members), _RELATED_MEMBERS):
            member = articles.get(member_key)
            if member is None or member.story != sid:
                continue
            sim = dot(vec, member.vector())
            if best is None or sim > best[0]:
                best = (sim, member_key)
        if best is not None and best[0] > 0.0:
            found.append(best)
    found.sort(key=lambda pair: -pair[0])
    return found
