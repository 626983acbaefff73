"""The one owner of story writes: place each new article in a story, fold copies, tag it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone

from broadsheet.ai import check_headline
from broadsheet.articles.models import Article
from broadsheet.clustering import Doc
from broadsheet.enrichment import classify_topics, extract_entities
from broadsheet.lib.ids import public_id_for
from broadsheet.stories import snapshot
from broadsheet.stories.desk import (
    CLOCK_SKEW,
    REBUILD_WINDOW,
    Placement,
    Stored,
    StoryDesk,
    get_desk,
    is_shared,
    reset_desk,
    shared_lock,
)
from broadsheet.stories.headlines import representative_title
from broadsheet.stories.models import ArticleEntity, ArticleTopic, Entity, Story, Topic


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


def enrich_articles(article_ids: Sequence[int]) -> int:
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
                _enrich_one(desk, article)
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


def enrich_pending(*, limit: int = 500) -> int:
    """Enrich articles a crash or an earlier version left without a story, oldest first."""
    ids = list(Article.objects.pending_enrichment().values_list("pk", flat=True)[:limit])
    return enrich_articles(ids) if ids else 0


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
            desk.keep_apart(_live(story).pk, _live(story.split_from).pk)


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


def _enrich_one(desk: StoryDesk, article: Article) -> None:
    placement = desk.place(str(article.pk), doc_for(article))
    with transaction.atomic():
        original = _original_of(placement, article)
        story = _story_for(desk, placement, article, original)
        for absorbed, surviving in placement.merged.items():
            _merge_labels(desk, absorbed=absorbed, surviving=surviving)
        story = _live(story)
        _move_split(placement, story)
        _link_chapters(desk, placement, story)
        article.story = story
        article.copy_of = original
        article.enriched_at = timezone.now()
        article.headline_flags = list(check_headline(article.title, article.body).reasons)
        article.save(update_fields=["story", "copy_of", "enriched_at", "headline_flags"])
        tag_article(article)
        refresh_story(story)
    desk.stamp(str(article.pk), article.enriched_at)
    desk.high_water = max(desk.high_water or article.enriched_at, article.enriched_at)


def _move_split(placement: Placement, story: Story) -> None:
    """A split took earlier articles (once each) from their story into this article's."""
    if not placement.moved:
        return
    moved = [int(key) for key in placement.moved]
    # The copies folded under a moved article go with it: a story shows an original's copies.
    leaving = Article.objects.filter(Q(pk__in=moved) | Q(copy_of_id__in=moved))
    left = set(
        leaving.exclude(story=story).exclude(story__isnull=True).values_list("story_id", flat=True)
    )
    leaving.update(story=story, moved_at=timezone.now())
    for old in Story.objects.filter(pk__in=left):
        refresh_story(_live(old))
    if left and story.split_from_id is None:
        # Remembered so that a restarted desk keeps the two apart too (see _keep_apart).
        story.split_from_id = min(left)
        story.save(update_fields=["split_from"])


def _link_chapters(desk: StoryDesk, placement: Placement, story: Story) -> None:
    """The story continues an earlier one (out of its time span): link the later chapter to
    the earlier, once; a back-dated article makes the older story the one that follows."""
    other_id = (
        desk.story_for_label.get(placement.follows) if placement.follows is not None else None
    )
    if other_id is None:
        return
    other = _live(Story.objects.get(pk=other_id))
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
        return _live(Story.objects.get(pk=original.story_id))
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
    return _live(story)


def _live(story: Story) -> Story:
    """Follow merges to the story that survives."""
    seen = set()
    while story.merged_into_id is not None and story.pk not in seen:
        seen.add(story.pk)
        story = Story.objects.get(pk=story.merged_into_id)
    return story


def _merge_labels(desk: StoryDesk, *, absorbed: int, surviving: int) -> None:
    """Coverage showed two stories were one: move the younger's articles to the older."""
    gone_id = desk.story_for_label.get(absorbed)
    kept_id = desk.story_for_label.get(surviving)
    if gone_id is None:
        return
    if kept_id is None or kept_id == gone_id:
        desk.bind(surviving, gone_id)
        return
    kept = _live(Story.objects.get(pk=kept_id))
    gone = Story.objects.get(pk=gone_id)
    if gone.pk == kept.pk:
        return
    Article.objects.filter(story=gone).update(story=kept)
    Story.objects.filter(merged_into=gone).update(merged_into=kept)
    Story.objects.filter(follows=gone).exclude(pk=kept.pk).update(follows=kept)
    gone.merged_into = kept
    gone.save(update_fields=["merged_into"])
    desk.bind(absorbed, kept.pk)
    refresh_story(kept)


def refresh_story(story: Story) -> None:
    """Recompute a story's counts, languages, times and representative title."""
    members = Article.objects.filter(story=story)
    stats = members.aggregate(
        n=Count("pk"),
        sources=Count("source", distinct=True),
        first=Min("published_at"),
        last=Max("published_at"),
    )
    languages = sorted({lang for lang in members.values_list("language", flat=True) if lang})
    titles = list(
        members.originals().order_by("published_at", "pk").values_list("title", flat=True)[:50]
    )
    story.article_count = stats["n"]
    story.source_count = stats["sources"]
    story.first_seen_at = stats["first"] or story.first_seen_at
    story.last_seen_at = stats["last"] or story.last_seen_at
    story.languages = ",".join(languages)[:200]
    story.title = representative_title(titles) or story.title
    story.save()


def tag_article(article: Article) -> None:
    """Link the article to the entities it names and the topics it is about (replacing old tags)."""
    found_entities = extract_entities(
        article.title, article.body, language=article.language or "en"
    )
    found_topics = classify_topics(article.title, article.body, entities=found_entities)
    ArticleEntity.objects.filter(article=article).delete()
    ArticleTopic.objects.filter(article=article).delete()
    mentions: dict[str, int] = {}
    for found in found_entities:
        mentions[found.slug[:150]] = mentions.get(found.slug[:150], 0) + found.mentions
    entities = _ensure_rows(
        Entity,
        {
            e.slug[:150]: Entity(
                slug=e.slug[:150],
                kind=e.kind,
                name=e.name[:300],
                country=e.country or "",
                aliases=list(e.aliases),
            )  # fmt: skip
            for e in found_entities
        },
    )
    topics = _ensure_rows(
        Topic, {t.slug[:100]: Topic(slug=t.slug[:100], name=t.name) for t in found_topics}
    )
    scores = {t.slug[:100]: t.score for t in found_topics}
    ArticleEntity.objects.bulk_create(
        ArticleEntity(article=article, entity=entity, mentions=mentions[slug])
        for slug, entity in entities.items()
    )
    ArticleTopic.objects.bulk_create(
        ArticleTopic(article=article, topic=topic, score=scores[slug])
        for slug, topic in topics.items()
    )


def _ensure_rows(model, wanted: dict):  # type: ignore[no-untyped-def]
    """Rows of `model` for every slug in `wanted`, created in bulk where missing (2-3 queries)."""
    if not wanted:
        return {}
    existing = {row.slug: row for row in model.objects.filter(slug__in=list(wanted))}
    missing = [row for slug, row in wanted.items() if slug not in existing]
    if missing:
        model.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {row.slug: row for row in model.objects.filter(slug__in=list(wanted))}
    return existing
