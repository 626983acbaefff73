"""What a reader follows, as the front page ranks it (stories/front.py takes it as a callable)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User

from broadsheet.readers.state import ReaderState, reader_state
from broadsheet.stories.front import FrontPool


def followed_stories(pool: FrontPool, user: User | AnonymousUser | None) -> set[int]:
    """Those of the pool's stories the reader follows, directly or by a source or topic
    (the reader's follows from their state entry; the pool knows its stories' sources and
    topics)."""
    if user is None or not user.is_authenticated:
        return set()
    return followed_in(pool, reader_state(user))


def followed_in(pool: FrontPool, state: ReaderState) -> set[int]:
    """Those of the pool's stories a reader's state entry follows (see followed_stories)."""
    if not state.follows or not pool.stories:
        return set()
    wanted = state.follows
    stories, sources = wanted.get("story", frozenset()), wanted.get("source", frozenset())
    topics = wanted.get("topic", frozenset())
    found = {story.pk for story in pool.stories if story.pk in stories}
    found.update(story for story, source in pool.sources if source in sources)
    found.update(story for topic, _s, _n, story in pool.topics if topic in topics)
    return found
