"""Loading the story desk: restore its snapshot or rebuild it, then catch up with what other
processes placed (their moves included). Used by placement before every batch."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from broadsheet.articles.models import Article
from broadsheet.clustering import Doc
from broadsheet.stories import snapshot
from broadsheet.stories.desk import CLOCK_SKEW, REBUILD_WINDOW, Stored, StoryDesk
from broadsheet.stories.models import Story


def doc_for(article: Article) -> Doc:
    """The clustering view of a stored article."""
    return Doc(
        title=article.title,
        text=article.body,
        source=article.source.slug,
        url=article.url,
        # A feed date that could not be trusted was replaced by the fetch time: the article
        # is placed by content alone, never by a time it does not have.
        published_at=None if article.date_note else article.published_at,
        language=article.language or None,
    )


def stored(article: Article) -> Stored:
    """A placed article as a desk replays it."""
    return Stored(
        str(article.pk),
        doc_for(article),
        article.story_id,
        article.moved_at is not None,
        article.enriched_at,
    )


def ensure_desk_loaded(desk: StoryDesk) -> None:
    """Restore the in-memory indexes once per process: from the saved snapshot and what was
    placed since (stories/snapshot.py), else rebuilt from the recent window."""
    if desk.loaded:
        return
    with desk.lock:
        if desk.loaded:
            return
        saved = snapshot.load_snapshot()
        if saved is not None:
            snapshot.adopt(desk, saved)
            catch_up(desk)
            return
        # Replayed in the order they were placed, so the rebuilt clusterer matches the one
        # that placed them (and, scaled out, the other workers' desks).
        recent = (
            Article.objects.filter(enriched_at__isnull=False)
            .select_related("source")
            .order_by("-enriched_at", "-pk")[:REBUILD_WINDOW]
        )
        loaded = list(recent)
        desk.replay(stored(a) for a in reversed(loaded))
        stamps = [a.enriched_at for a in loaded if a.enriched_at is not None]
        if stamps:
            # The stories splits made in the rebuilt window are never merged again.
            _keep_apart(desk, Story.objects.filter(created_at__gte=min(stamps) - CLOCK_SKEW))
        desk.high_water = max(stamps, default=timezone.now())


def _keep_apart(desk: StoryDesk, stories: QuerySet[Story]) -> None:
    """Tell the desk which of `stories` a split made: it never merges them with their origin."""
    for story in stories.filter(split_from__isnull=False).select_related("split_from"):
        if story.split_from is not None:
            desk.keep_apart(story.survivor().pk, story.split_from.survivor().pk)


def catch_up(desk: StoryDesk) -> None:
    """Replay, in their order, the articles other processes placed since this desk last looked.

    Called under the shared lock, so every placement committed before it is visible. The
    window reaches CLOCK_SKEW back because worker machines' clocks stamp enriched_at.
    """
    since = (desk.high_water or timezone.now()) - CLOCK_SKEW
    rows = list(
        Article.objects.filter(enriched_at__gte=since)
        .order_by("enriched_at", "pk")
        .values_list("pk", "enriched_at")
    )
    if rows and rows[-1][1] is not None:
        desk.high_water = max(desk.high_water or rows[-1][1], rows[-1][1])
    missing = [pk for pk, _ in rows if not desk.knows(str(pk))]
    if missing:
        found = Article.objects.select_related("source").in_bulk(missing)
        desk.replay(stored(found[pk]) for pk in missing)
    _follow_moves(desk, since)


def _follow_moves(desk: StoryDesk, since: datetime) -> None:
    """Apply the splits other processes made to the articles this desk already held."""
    moves = list(
        Article.objects.filter(moved_at__gte=since, story__isnull=False)
        .order_by("moved_at", "pk")
        .values_list("pk", "story_id")
    )
    for pk, story_id in moves:
        desk.follow_move(str(pk), story_id)
    if moves:
        _keep_apart(desk, Story.objects.filter(pk__in={story_id for _, story_id in moves}))
