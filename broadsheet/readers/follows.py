"""What a reader follows, as the front page ranks it (stories/front.py takes it as a callable)."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth.models import AnonymousUser, User

from broadsheet.readers.models import Follow
from broadsheet.stories.front import FrontPool


def followed_stories(pool: FrontPool, user: User | AnonymousUser | None) -> set[int]:
    """Those of the pool's stories the reader follows, directly or by a source or topic
    (one query: the reader's follows; the pool knows its stories' sources and topics)."""
    if user is None or not user.is_authenticated or not pool.stories:
        return set()
    wanted: dict[str, set[int]] = defaultdict(set)
    for kind, target_id in Follow.objects.filter(user_id=user.pk).values_list("kind", "target_id"):
        wanted[kind].add(target_id)
    found = {story.pk for story in pool.stories if story.pk in wanted["story"]}
    found.update(story for story, source in pool.sources if source in wanted["source"])
    found.update(story for topic, _s, _n, story in pool.topics if topic in wanted["topic"])
    return found
