"""Reading comments: the thread a reader sees under an article or story."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection

from broadsheet.articles.models import Article
from broadsheet.comments.models import Comment
from broadsheet.readers.state import reader_state
from broadsheet.stories.models import Story


@dataclass
class CommentNode:
    """One comment with its replies; `shown` False means a placeholder keeps the thread."""

    comment: Comment
    shown: bool
    is_own: bool = False
    is_author: bool = False
    is_editable: bool = False
    can_moderate: bool = False
    replies: list[CommentNode] = field(default_factory=list)


def comment_thread(target: Article | Story, *, viewer: object) -> list[CommentNode]:
    """Top-level comments with nested replies, as this viewer may see them (see
    comment_thread_and_count)."""
    return comment_thread_and_count(target, viewer=viewer)[0]


def comment_thread_and_count(
    target: Article | Story, *, viewer: object
) -> tuple[list[CommentNode], int]:
    """Top-level comments with nested replies, as this viewer may see them, and how many
    comments every reader sees (count_visible), from the same rows.

    Readers see visible comments and their own held, hidden or removed ones (marked, with
    why); moderators also see everyone's held, hidden and removed comments, marked, so that
    they can restore them.
    """
    if not _has_comments(target):
        return [], 0
    comments = list(
        Comment.objects.on(target).select_related("author__profile").order_by("created_at", "pk")
    )
    moderator = reader_state(viewer).moderator  # the reader's state entry (readers/state.py)
    nodes = {c.pk: _node(c, viewer=viewer, moderator=moderator) for c in comments}
    roots: list[CommentNode] = []
    for c in comments:
        node = nodes[c.pk]
        parent = nodes.get(c.parent_id) if c.parent_id else None
        (parent.replies if parent else roots).append(node)
    visible = sum(
        1 for c in comments if c.status == Comment.Status.VISIBLE and c.deleted_at is None
    )
    return _prune(roots), visible


def _has_comments(target: Article | Story) -> bool:
    """Whether any comment row is under the target, in one indexed read: most pages have
    none, and building the thread's ORM query was a quarter of an uncached article page."""
    sql = _ANY_ON_STORY if isinstance(target, Story) else _ANY_ON_ARTICLE
    with connection.cursor() as cursor:
        cursor.execute(sql, [target.pk])
        return cursor.fetchone() is not None


_ANY_ON_ARTICLE = "SELECT 1 FROM comments_comment WHERE article_id = %s LIMIT 1"
_ANY_ON_STORY = "SELECT 1 FROM comments_comment WHERE story_id = %s LIMIT 1"


def _node(comment: Comment, *, viewer: object, moderator: bool) -> CommentNode:
    is_author = comment.author_id is not None and getattr(viewer, "pk", None) == comment.author_id
    # Authors keep seeing their own held, hidden or removed comments, marked with what
    # happened, rather than finding them gone without a word.
    visible = comment.status == Comment.Status.VISIBLE or is_author or moderator
    return CommentNode(
        comment=comment,
        shown=comment.deleted_at is None and visible,
        is_own=comment.is_deletable_by(viewer),
        is_author=is_author,
        is_editable=comment.is_editable_by(viewer),
        can_moderate=moderator and comment.deleted_at is None,
    )


def count_visible(target: Article | Story) -> int:
    """How many comments every reader sees under the target."""
    return Comment.objects.on(target).visible().filter(deleted_at__isnull=True).count()


def _prune(nodes: list[CommentNode]) -> list[CommentNode]:
    # A withheld comment stays only as a placeholder for replies that are still shown.
    kept = []
    for node in nodes:
        node.replies = _prune(node.replies)
        if node.shown or node.replies:
            kept.append(node)
    return kept
