"""Members of a split-off sibling that belong with the story just joined: gathered into it.

A split (split.py) parts two events once, around one new article, and looks only at the
story's recent members: in a single pass, reports that came before it, or that joined one
side while the other was still thin, stay on the wrong side for good. Each time a story
with split siblings (`Story.apart`) grows, the siblings' recent members are judged again:
one moves in when it fits the grown story better than its own (each cosine with a mean,
itself left out, divided by the cosine a true member reaches with a mean of that many, as
for joins and splits) and most of its nearest members are in the grown story too. The
vote keeps a story that holds both look-alike events (the first reports of one joined
the other before the split) from pulling the other event's members in by its mixed
centroid. Moves only ever go into the story just joined, as a split's do, so the product
handles them as a split's moved articles (`Assignment.moved`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from itertools import islice
from typing import TYPE_CHECKING

from .live_stories import Story
from .member import Member
from .split import expected_cosine
from .vectors import SparseVector, dot

if TYPE_CHECKING:
    from .model import ClusterConfig


def fits_other(
    vec: SparseVector, own: Story, other: Story, *, rho: float, margin: float = 1.0
) -> bool:
    """Whether unit vector `vec`, a member of `own`, is closer to `other`'s mean than to the
    mean of the rest of `own`, each relative to the cosine a true member would reach."""
    with_own = dot(vec, own.centroid)
    rest_norm2 = own.norm2 - 2.0 * with_own + 1.0
    to_own = (with_own - 1.0) / math.sqrt(max(rest_norm2, 1e-9))
    to_own /= expected_cosine(own.size - 1, rho)
    to_other = other.cosine(vec) / expected_cosine(other.size, rho)
    return to_other > margin * to_own


def neighbours_in(
    member: Member,
    vec: SparseVector,
    stories: tuple[Story, Story],
    articles: Mapping[str, Member],
    *,
    k: int,
    depth: int = 32,
) -> bool:
    """Whether most of `member`'s `k` nearest among the `depth` latest members of each of
    `stories` lie in the first of them."""
    sims: list[tuple[float, bool]] = []
    for story in stories:
        for key in islice(reversed(story.members), depth):
            other = articles.get(key)
            if other is not None and other.story == story.sid and key != member.key:
                sims.append((dot(vec, other.vector()), story is stories[0]))
    sims.sort(key=lambda pair: -pair[0])
    nearest = sims[:k]
    return 2 * sum(1 for _, inside in nearest if inside) > len(nearest)


def regather(
    story: Story,
    stories: Mapping[int, Story],
    articles: Mapping[str, Member],
    config: ClusterConfig,
    *,
    move: Callable[[Member, int], None],
) -> dict[str, int]:
    """Move into `story` the members of its open split siblings that belong with it (of each
    sibling's `regather_members` latest, while `split_min_rest` stay); `move(member, label)`
    moves one. Returns key -> the story it left, as `Assignment.moved`."""
    moved: dict[str, int] = {}
    rho, keep = config.story_cohesion, config.split_min_rest
    for sid in sorted(story.apart) if config.regather_members > 0 else ():
        sibling = stories.get(sid)
        if sibling is None:
            continue
        for key in list(islice(reversed(sibling.members), config.regather_members)):
            member = articles.get(key)
            if member is None or member.story != sibling.sid or sibling.live <= keep:
                continue
            vec = member.vector()
            if fits_other(vec, sibling, story, rho=rho) and neighbours_in(
                member, vec, (story, sibling), articles, k=config.regather_neighbours
            ):
                move(member, story.sid)
                moved[key] = sibling.sid
    return moved
