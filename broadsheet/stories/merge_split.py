"""When the desk finds two stories are one (merge) or one is two (split): move their articles."""

from __future__ import annotations

from django.db.models import Max, Min, Q, QuerySet

from broadsheet.articles.models import Article
from broadsheet.articles.services import move_to_story
from broadsheet.stories import queries, related_store
from broadsheet.stories.desk import Placement, StoryDesk
from broadsheet.stories.models import Story
from broadsheet.stories.refresh import refresh_story


def move_split(placement: Placement, story: Story) -> None:
    """A split took earlier articles (once each) from their story into this article's."""
    if not placement.moved:
        return
    moved = [int(key) for key in placement.moved]
    # The copies folded under a moved article go with it: a story shows an original's copies.
    leaving = Article.objects.filter(Q(pk__in=moved) | Q(copy_of_id__in=moved))
    left = set(
        leaving.exclude(story=story).exclude(story__isnull=True).values_list("story_id", flat=True)
    )
    _forget_related(leaving)
    move_to_story(leaving, story_id=story.pk, moved=True)
    for old in Story.objects.filter(pk__in=left):
        refresh_story(old.survivor())
    if left and story.split_from_id is None:
        # Remembered so that a restarted desk keeps the two apart too (see _keep_apart).
        story.split_from_id = min(left)
        story.save(update_fields=["split_from"])


def merge_labels(desk: StoryDesk, *, absorbed: int, surviving: int) -> None:
    """Coverage showed two stories were one: move the younger's articles to the older."""
    gone_id = desk.story_for_label.get(absorbed)
    kept_id = desk.story_for_label.get(surviving)
    if gone_id is None:
        return
    if kept_id is None or kept_id == gone_id:
        desk.bind(surviving, gone_id)
        return
    kept = Story.objects.get(pk=kept_id).survivor()
    gone = Story.objects.get(pk=gone_id)
    if gone.pk == kept.pk:
        return
    _forget_related(Article.objects.filter(story=gone))
    move_to_story(Article.objects.filter(story=gone), story_id=kept.pk, moved=False)
    Story.objects.filter(merged_into=gone).update(merged_into=kept)
    Story.objects.filter(follows=gone).exclude(pk=kept.pk).update(follows=kept)
    gone.merged_into = kept
    gone.save(update_fields=["merged_into"])
    desk.bind(absorbed, kept.pk)
    refresh_story(kept)


def _forget_related(moving: QuerySet[Article]) -> None:
    """Articles are about to change story: the related lists kept around them may now name
    two articles of one story, or miss one that is no longer of the same story as another."""
    ends = moving.aggregate(low=Min("pk"), high=Max("pk"))
    if ends["low"] is not None:
        related_store.forget_between(ends["low"], ends["high"], window=queries.RELATED_WINDOW)
