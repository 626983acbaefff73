"""The arithmetic of a split: which of a story's recent members gather around a new article.

All vectors are unit length, so a group's sum carries what is needed: the dot product of a
member with the sum of the others, and the cohesion of the group, follow from sums and
squared lengths without comparing every pair. Pure functions; clusterer.py decides and moves.

A member's cosine with the mean of many others is higher than with the mean of few, even
when it belongs to both equally (a mean of many is less noisy). Compared raw, the two means
favour the bigger side, and a look-alike event's reports, a few in a story of a dozen, stay
with the dozen. Every cosine to a mean is therefore divided by the cosine a true member is
expected to reach with a mean of that size (`expected_cosine`, the same sqrt(n / (1 + (n-1)
rho)) that joins use).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date

from .live_stories import cohesion
from .vectors import SparseVector, dot

Members = list[tuple[str, SparseVector]]  # (key, unit vector), in a fixed order


def vector_sum(first: SparseVector, others: Iterable[SparseVector]) -> dict[str, float]:
    """`first` plus every vector of `others` (in their order, so sums are reproducible)."""
    total = dict(first)
    for vec in others:
        for term, weight in vec.items():
            total[term] = total.get(term, 0.0) + weight
    return total


def expected_cosine(size: int, rho: float) -> float:
    """The cosine a true member reaches with the mean of `size` others whose mean pairwise
    similarity is `rho` (relative to one other member): a mean of many is less noisy."""
    return math.sqrt(size / (1.0 + (size - 1) * rho)) if size > 0 and rho > 0 else 1.0


def _to_mean_of_others(
    dot_with_sum: float, sum_norm2: float, *, inside: bool, size: int, rho: float
) -> float:
    """Cosine of a unit vector with the mean of a group of `size` (itself included if
    `inside`), leaving the vector out, relative to what a true member would reach."""
    if inside:
        rest_norm2 = sum_norm2 - 2.0 * dot_with_sum + 1.0
        cos = (dot_with_sum - 1.0) / math.sqrt(max(rest_norm2, 1e-9))
        return cos / expected_cosine(size - 1, rho)
    return dot_with_sum / math.sqrt(max(sum_norm2, 1e-9)) / expected_cosine(size, rho)


def seed_group(
    vec: SparseVector,
    members: Members,
    centroid: SparseVector,
    norm2: float,
    *,
    size: int,
    rho: float,
) -> set[str]:
    """Members closer to the new article `vec` than to the rest of the story (sum `centroid`,
    squared length `norm2`, `size` members, `vec` already included); with `rho` > 0 the
    rest's mean is discounted for being a mean of many (expected_cosine)."""
    x_c = dot(vec, centroid)
    rest_scale = expected_cosine(size - 2, rho)
    group: set[str] = set()
    for key, mv in members:
        to_new = dot(mv, vec)
        m_c = dot(mv, centroid)
        rest_norm2 = norm2 - 2.0 * m_c - 2.0 * x_c + 2.0 + 2.0 * to_new
        rest_dot = m_c - 1.0 - to_new
        to_rest = rest_dot / math.sqrt(rest_norm2) if rest_norm2 > 1e-9 else 0.0
        if to_new > to_rest / rest_scale:
            group.add(key)
    return group


def two_means(
    vec: SparseVector,
    members: Members,
    centroid: SparseVector,
    norm2: float,
    group: set[str],
    *,
    rounds: int,
    size: int,
    rho: float,
) -> set[str]:
    """Refine `group` (with `vec`, against the rest of the story): each member goes to the
    closer of the two means, for at most `rounds` rounds or until nothing changes."""
    for _ in range(rounds):
        g_sum = vector_sum(vec, (mv for key, mv in members if key in group))
        g_norm2 = dot(g_sum, g_sum)
        r_norm2 = max(norm2 - 2.0 * dot(g_sum, centroid) + g_norm2, 1e-9)
        changed = set()
        for key, mv in members:
            m_g = dot(mv, g_sum)
            inside = key in group
            n_g = len(group) + 1
            to_g = _to_mean_of_others(m_g, g_norm2, inside=inside, size=n_g, rho=rho)
            to_r = _to_mean_of_others(
                dot(mv, centroid) - m_g, r_norm2, inside=not inside, size=size - n_g, rho=rho
            )
            if to_g > to_r:
                changed.add(key)
        if changed == group:
            break
        group = changed
    return group


def cross_and_own(
    g_sum: SparseVector, n_g: int, centroid: SparseVector, norm2: float, n: int, *, prior: float
) -> tuple[float, float, float]:
    """For a group of `n_g` (sum `g_sum`) inside a story of `n` (sum `centroid`): the mean
    cross similarity of the group and the rest, their joint cohesion (geometric mean, as for
    merges), and the rest's squared length."""
    n_r = n - n_g
    g_norm2 = dot(g_sum, g_sum)
    g_c = dot(g_sum, centroid)
    r_norm2 = norm2 - 2.0 * g_c + g_norm2
    cross = (g_c - g_norm2) / (n_g * n_r)
    own = math.sqrt(
        max(cohesion(g_norm2, n_g, prior=prior) * cohesion(r_norm2, n_r, prior=prior), 1e-9)
    )
    return cross, own, r_norm2


def dates_agree(group: list[date | None], rest: list[date | None], *, days: float) -> bool:
    """Whether at least half of the dates written in the group's leads lie within `days` of
    one written in the rest's (None: no date written; no dates on either side: False).

    Two look-alike events lie weeks to years apart; reports written days apart that a split
    would part are the first reports of one event and its follow-ups (a shooting and the
    charge, two days later), whose words differ more than their dates."""
    mine = [d for d in group if d is not None]
    theirs = [d for d in rest if d is not None]
    if days <= 0 or not mine or not theirs:
        return False
    near = sum(1 for d in mine if min(abs((d - t).days) for t in theirs) <= days)
    return 2 * near >= len(mine)
