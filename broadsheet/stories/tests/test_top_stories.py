"""Top stories come from the whole window, however many stories it holds."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from broadsheet.stories.models import Story
from broadsheet.stories.queries import CANDIDATES, top_stories


def make_stories(ages_and_sources: list[tuple[float, int]]) -> list[Story]:
    """Stories created in list order (so ids follow it), each `hours` old with `n` sources."""
    now = timezone.now()
    return Story.objects.bulk_create(
        Story(
            public_id=f"s{i:05d}",
            title=f"story-{i}",
            last_seen_at=now - timedelta(hours=hours),
            source_count=sources,
            article_count=sources,
        )
        for i, (hours, sources) in enumerate(ages_and_sources)
    )


def test_a_broad_new_story_tops_a_window_fuller_than_the_candidates(db):
    filler = [(60 - i * 50 / CANDIDATES, 1) for i in range(CANDIDATES + 20)]
    *_, newest = make_stories([*filler, (0.5, 12)])
    top = top_stories(now=timezone.now())
    assert top[0].pk == newest.pk


def test_a_broad_older_story_still_competes_with_many_newer_ones(db):
    broad, *_ = make_stories([(40, 60), *[(1 + i / 100, 1) for i in range(CANDIDATES + 20)]])
    top = top_stories(now=timezone.now(), limit=3)
    assert broad.pk in [s.pk for s in top]
