"""Bursts of coverage: a story many outlets covered and then fell quiet on has ended.

Reports of one event come in a burst: outlets file within minutes to hours of each other,
then go quiet. When the subject comes back after a long silence (a game's reviews, then its
launch day; a series' premiere, then its reviews), the new reports tell of a new
development, and their headlines share the subject's names with the old story, so by their
words they would join it, one after another. A story of `burst_members` or more whose last
report is older than `burst_quiet` and older than `burst_ratio` times the span its reports
took to arrive has ended its burst: a new article does not join it (it opens a new story
that names the old one as the chapter it continues, `Assignment.follows`), and a story
opened after the silence never merges into it.

Small stories are left alone: two to four reports days apart (a resignation announced and
then made, a ruling and its follow-up) are one event's slow coverage, not a burst. Neither
is a story whose reports keep coming: it is never quiet for long, and one that has been
covered for days has a span the silence must outlast. The ratio is set for coverage that
comes at random at a steady pace: the chance that the gap after n reports exceeds r times
the n - 1 gaps before it is (1 / (1 + r)) ** (n - 1), 1 in 625 for 5 reports at 4x; at 1x
(1 in 16) the synthetic stream of bench/clustering.py, whose stories get a report every
seven hours or so, lost 0.003 of B-cubed recall, at 4x 0.001. Without publication times
(ECB+ has none) nothing changes. Pure, no Django.
"""

from __future__ import annotations

from datetime import datetime

from .live_stories import Story
from .model import ClusterConfig


def burst_ended(story: Story, when: datetime | None, config: ClusterConfig) -> bool:
    """Whether `story`'s burst of coverage had ended by `when` (None: unknown, no)."""
    members = config.burst_members
    if members <= 0 or when is None or story.size < members:
        return False
    first, last = story.first_seen, story.last_seen
    if first is None or last is None:
        return False
    silence = when - last
    return silence > config.burst_quiet and silence > config.burst_ratio * (last - first)


def bursts_apart(one: Story, other: Story, config: ClusterConfig) -> bool:
    """Whether the later of two stories began after the earlier one's burst had ended."""
    if one.first_seen is None or other.first_seen is None:
        return False
    early, late = (one, other) if one.first_seen <= other.first_seen else (other, one)
    return burst_ended(early, late.first_seen, config)
