"""Every read and write of a reader's own state: follows, saved articles, read marks.

Writes are INSERT ... ON CONFLICT DO NOTHING against a unique constraint and
deletes by filter, so each call is idempotent and two concurrent calls (a
double-clicked button, the web page and a sync app at once) leave one row and
raise nothing, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import cast

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from broadsheet.articles.models import Article
from broadsheet.readers.models import Follow, ReadState, SavedArticle
from broadsheet.readers.read_marks import kept_read_ids, reads_changed
from broadsheet.readers.state import reader_state, state_changed
from broadsheet.sources.models import Source
from broadsheet.stories.models import ArticleEntity, ArticleTopic, Entity, Story, Topic
from broadsheet.stories.queries import top_stories

User = AbstractBaseUser | AnonymousUser
Target = Source | Topic | Entity | Story

KIND_MODELS: dict[str, type[Target]] = {
    Follow.Kind.SOURCE: Source,
    Follow.Kind.TOPIC: Topic,
    Follow.Kind.ENTITY: Entity,
    Follow.Kind.STORY: Story,
}


def kind_of(target: Target) -> str:
    """The follow kind for a target instance; TypeError for anything else."""
    for kind, model in KIND_MODELS.items():
        if isinstance(target, model):
            return str(kind)
    raise TypeError(f"cannot follow a {type(target).__name__}")


_KINDS: dict[str, tuple[type[Target], str]] = {
    "source": (Source, "slug"),
    "topic": (Topic, "slug"),
    "entity": (Entity, "slug"),
    "story": (Story, "public_id"),
}


def find_target(kind: str, key: str) -> Target:
    """A followable thing by kind and key (slug, or a story's public id); Http404 if none."""
    if kind not in _KINDS:
        raise Http404("no such kind: source, topic, entity or story")
    model, field = _KINDS[kind]
    return cast(Target, get_object_or_404(model, **{field: key}))


def target_key(target: Target) -> str:
    """How URLs name a followable thing: a story by public id, the others by slug."""
    return target.public_id if isinstance(target, Story) else target.slug


def require_reader(user: User) -> int:
    """The signed-in reader's id; PermissionDenied for an anonymous visitor."""
    if not user.is_authenticated or user.pk is None:
        raise PermissionDenied("Log in first.")
    return int(user.pk)


def follow(user: User, target: Target) -> None:
    """Follow a source, topic, entity or story; following twice keeps one row."""
    user_id = require_reader(user)
    row = Follow(user_id=user_id, kind=kind_of(target), target_id=target.pk)
    Follow.objects.bulk_create([row], ignore_conflicts=True)
    state_changed(user)


def unfollow(user: User, target: Target) -> None:
    """Stop following; a no-op when not following."""
    user_id = require_reader(user)
    Follow.objects.filter(user_id=user_id, kind=kind_of(target), target_id=target.pk).delete()
    state_changed(user)


def is_following(user: User, target: Target) -> bool:
    """Whether the reader follows the target (False for anonymous visitors; their state
    entry, readers/state.py, answers)."""
    return reader_state(user).follows_target(kind_of(target), target.pk)


def follows(user: User) -> list[tuple[str, Target]]:
    """What the reader follows, newest first, as (kind, object); deleted targets are skipped."""
    if not user.is_authenticated:
        return []
    rows = list(Follow.objects.filter(user_id=user.pk).order_by("-created_at", "-pk"))
    objects: dict[tuple[str, int], Target] = {}
    for kind, model in KIND_MODELS.items():
        ids = [row.target_id for row in rows if row.kind == kind]
        if ids:
            for obj in model._default_manager.filter(pk__in=ids):
                objects[(str(kind), obj.pk)] = obj
    return [
        (row.kind, objects[(row.kind, row.target_id)])
        for row in rows
        if (row.kind, row.target_id) in objects
    ]


def followed_ids(user: User) -> dict[str, set[int]]:
    """The ids the reader follows, by kind (their state entry); pages label buttons with it."""
    follows = reader_state(user).follows
    return {str(kind): set(follows.get(str(kind), ())) for kind in KIND_MODELS}


def save_article(user: User, article: Article) -> None:
    """Keep an article for later; saving twice keeps the first save time."""
    user_id = require_reader(user)
    SavedArticle.objects.bulk_create(
        [SavedArticle(user_id=user_id, article=article)], ignore_conflicts=True
    )


def unsave_article(user: User, article: Article) -> None:
    """Drop an article from the saved list; a no-op when not saved."""
    user_id = require_reader(user)
    SavedArticle.objects.filter(user_id=user_id, article=article).delete()


def is_saved(user: User, article: Article) -> bool:
    """Whether the reader saved this article (False for anonymous visitors)."""
    if not user.is_authenticated:
        return False
    return SavedArticle.objects.filter(user_id=user.pk, article=article).exists()


def saved_and_read_columns(user: User, article_id: str) -> tuple[tuple[str, ...], list[int]]:
    """Whether the reader saved an article and has read it, as two columns to add to a select
    that names the article's id by `article_id` (the article page's row stamp), and their
    parameters: no query of their own (it was one small query on every signed-in article
    page). No columns for an anonymous visitor (neither flag is set)."""
    if not user.is_authenticated:
        return (), []
    columns = tuple(column.format(article=article_id) for column in _SAVED_AND_READ_COLUMNS)
    return columns, [user.pk, user.pk]


_SAVED_AND_READ_COLUMNS = (
    "EXISTS(SELECT 1 FROM readers_savedarticle WHERE user_id = %s AND article_id = {article})",
    "EXISTS(SELECT 1 FROM readers_readstate WHERE user_id = %s AND article_id = {article})",
)


def saved_articles(user: User) -> QuerySet[Article]:
    """The reader's saved articles, newest save first, each annotated with ``saved_at``."""
    if not user.is_authenticated:
        return Article.objects.none()
    return (
        Article.objects.filter(saves__user_id=user.pk)
        .annotate(saved_at=F("saves__created_at"))
        .select_related("source")
        .order_by("-saved_at", "-pk")
    )


def mark_read(user: User, article: Article) -> None:
    """Record that the reader opened the article; the first read time is kept."""
    user_id = require_reader(user)
    with transaction.atomic():  # one commit for the mark and the new reads version
        ReadState.objects.bulk_create(
            [ReadState(user_id=user_id, article=article, read_at=timezone.now())],
            ignore_conflicts=True,
        )
        reads_changed(user_id)


def mark_many_read(user: User, article_ids: Iterable[int]) -> None:
    """Mark many articles read in batched inserts ("mark all as read"); already-read ones stay."""
    user_id = require_reader(user)
    now = timezone.now()
    rows = (ReadState(user_id=user_id, article_id=pk, read_at=now) for pk in article_ids)
    ReadState.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    reads_changed(user_id)


def mark_unread(user: User, article: Article) -> None:
    """Forget that the reader opened the article."""
    user_id = require_reader(user)
    ReadState.objects.filter(user_id=user_id, article=article).delete()
    reads_changed(user_id)


def unread_recently_read(user: User, *, seconds: int) -> None:
    """Forget the reads of the last `seconds` (an app's "undo what I just marked read")."""
    user_id = require_reader(user)
    since = timezone.now() - timedelta(seconds=seconds)
    ReadState.objects.filter(user_id=user_id, read_at__gte=since).delete()
    reads_changed(user_id)


def read_article_ids(user: User, article_ids: Iterable[int]) -> set[int]:
    """Which of these article ids the reader has read (empty for anonymous): one query, or
    none when this process answered the same question since their last read
    (readers/read_marks.py). Plain SQL: a page asks this for every list it shows, and
    building the ORM's IN filter cost more than the query."""
    ids = tuple(sorted({int(pk) for pk in article_ids if pk is not None}))
    if not user.is_authenticated or not ids:
        return set()
    user_id = int(cast(int, user.pk))
    return kept_read_ids(user, ids, lambda: _read_ids(user_id, ids))


def _read_ids(user_id: int, ids: tuple[int, ...]) -> set[int]:
    found: set[int] = set()
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 500):  # within every database's parameter limit
            chunk = ids[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(_READ_IDS_SQL.format(marks=marks), [user_id, *chunk])
            found.update(int(row[0]) for row in cursor.fetchall())
    return found


_READ_IDS_SQL = (
    "SELECT article_id FROM readers_readstate WHERE user_id = %s AND article_id IN ({marks})"
)


def _followed_stories_filter(wanted: dict[str, set[int]]) -> Q:
    """Stories that carry an article from a followed source, topic or entity, or are followed.

    One indexed subquery per kind rather than one query OR-ing joins, which would multiply
    rows across an article's topics and entities.
    """
    condition = Q(pk__in=[])
    if wanted["source"]:
        condition |= Q(
            pk__in=Article.objects.filter(source_id__in=wanted["source"]).values("story_id")
        )
    if wanted["topic"]:
        tagged = ArticleTopic.objects.filter(topic_id__in=wanted["topic"])
        condition |= Q(pk__in=tagged.values("article__story_id"))
    if wanted["entity"]:
        named = ArticleEntity.objects.filter(entity_id__in=wanted["entity"])
        condition |= Q(pk__in=named.values("article__story_id"))
    if wanted["story"]:
        # A followed story may since have been merged into another: follow the survivor.
        survivors = Story.objects.filter(pk__in=wanted["story"]).values("merged_into_id")
        condition |= Q(pk__in=wanted["story"]) | Q(pk__in=survivors)
    return condition


def for_you_stories(user: User, limit: int = 30) -> list[Story]:
    """Stories from what the reader follows, ranked like the front page."""
    wanted = followed_ids(user)
    if not any(wanted.values()):
        return []
    among = Story.objects.filter(_followed_stories_filter(wanted))
    return top_stories(now=timezone.now(), limit=limit, among=among)
