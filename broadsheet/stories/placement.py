"""The one owner of story writes: place each new article in a story, fold copies, tag it."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from broadsheet.ai import check_headline
from broadsheet.articles.models import Article
from broadsheet.articles.services import record_placement
from broadsheet.lib.ids import public_id_for
from broadsheet.stories import queries, related_store, snapshot
from broadsheet.stories.desk import (
    Placement,
    StoryDesk,
    get_desk,
    is_shared,
    reset_desk,
    shared_lock,
)
from broadsheet.stories.desk_loading import catch_up, doc_for, ensure_desk_loaded
from broadsheet.stories.merge_split import merge_labels, move_split
from broadsheet.stories.models import Story
from broadsheet.stories.refresh import refresh_story
from broadsheet.stories.tagging import tag_article


def place_articles(article_ids: Sequence[int]) -> int:
    """Assign stories, copies, entities and topics to the given articles not yet enriched."""
    desk = get_desk()
    done = 0
    # The pending rows are read under the locks: a second run (a redelivered task) of the
    # same ids finds them enriched and does nothing.
    with desk.lock, shared_lock():
        ensure_desk_loaded(desk)
        if is_shared():
            catch_up(desk)
        pending = (
            Article.objects.filter(pk__in=list(article_ids), enriched_at__isnull=True)
            .select_related("source")
            .order_by("created_at", "pk")
        )
        for article in pending:
            try:
                _place_one(desk, article)
            except BaseException:
                # The desk placed it in memory but the database did not take it (a locked
                # SQLite, a lost connection, a kill): a desk ahead of the database would place
                # the retry and later articles apart from it, so the next use rebuilds.
                reset_desk()
                raise
            done += 1
        if done:
            snapshot.save_snapshot_if_due(desk)
    return done


def place_pending(*, limit: int = 500) -> int:
    """Enrich articles a crash or an earlier version left without a story, oldest first."""
    ids = list(Article.objects.pending_enrichment().values_list("pk", flat=True)[:limit])
    return place_articles(ids) if ids else 0


def _place_one(desk: StoryDesk, article: Article) -> None:
    placement = desk.place(str(article.pk), doc_for(article))
    with transaction.atomic():
        original = _original_of(placement, article)
        story = _story_for(desk, placement, article, original)
        for absorbed, surviving in placement.merged.items():
            merge_labels(desk, absorbed=absorbed, surviving=surviving)
        story = story.survivor()
        move_split(placement, story)
        _link_chapters(desk, placement, story)
        flags = list(check_headline(article.title, article.body).reasons)
        stamp = record_placement(article, story_id=story.pk, copy_of=original, headline_flags=flags)
        tag_article(article)
        related_store.forget_around(article.pk, window=queries.RELATED_WINDOW)
        refresh_story(story)
    desk.stamp(str(article.pk), stamp)
    desk.high_water = max(desk.high_water or stamp, stamp)


def _link_chapters(desk: StoryDesk, placement: Placement, story: Story) -> None:
    """The story continues an earlier one (out of its time span): link the later chapter to
    the earlier, once; a back-dated article makes the older story the one that follows."""
    other_id = (
        desk.story_for_label.get(placement.follows) if placement.follows is not None else None
    )
    if other_id is None:
        return
    other = Story.objects.get(pk=other_id).survivor()
    if other.pk == story.pk:
        return
    earlier, later = (
        (other, story) if other.first_seen_at <= story.first_seen_at else (story, other)
    )
    if later.follows_id is None and earlier.follows_id != later.pk:
        later.follows = earlier
        later.save(update_fields=["follows"])


def _original_of(placement: Placement, article: Article) -> Article | None:
    if placement.copy_of is None or placement.copy_of == str(article.pk):
        return None
    return Article.objects.filter(pk=int(placement.copy_of)).first()


def _story_for(
    desk: StoryDesk, placement: Placement, article: Article, original: Article | None
) -> Story:
    # A copy joins its original's story, unless its arrival split a new story off (the
    # original then leaves with it, see _move_split).
    if original is not None and original.story_id is not None and not placement.moved:
        if placement.label not in desk.story_for_label:
            desk.bind(placement.label, original.story_id)
        return Story.objects.get(pk=original.story_id).survivor()
    story_id = desk.story_for_label.get(placement.label)
    story = Story.objects.filter(pk=story_id).first() if story_id else None
    if story is None:
        story = Story.objects.create(
            public_id=public_id_for(f"story:{article.url}"),
            title=article.title,
            first_seen_at=article.published_at,
            last_seen_at=article.published_at,
        )
        desk.bind(placement.label, story.pk)
    return story.survivor()
