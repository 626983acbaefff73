"""What a reader follows, as the front page ranks it (stories/front.py takes it as a callable)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet

from broadsheet.articles.models import Article
from broadsheet.readers.models import Follow
from broadsheet.stories.models import Story


def followed_stories(stories: list[Story], user: User | AnonymousUser | None) -> set[int]:
    """Those of `stories` the reader follows, directly or by a source or topic (one query)."""
    if user is None or not user.is_authenticated or not stories:
        return set()
    follows = Follow.objects.filter(user=user)

    def followed(kind: str) -> QuerySet[Follow, int]:
        return follows.filter(kind=kind).values_list("target_id", flat=True)

    match = (
        Q(story_id__in=followed("story"))
        | Q(source_id__in=followed("source"))
        | Q(topic_links__topic_id__in=followed("topic"))
    )
    found = Article.objects.filter(story__in=stories).filter(match)
    return {pk for pk in found.values_list("story_id", flat=True).distinct() if pk is not None}
