"""Reading comments: the thread a reader sees under an article or story."""

from __future__ import annotations

from dataclasses import dataclass, field

from broadsheet.articles.models import Article
from broadsheet.comments.models import Comment
from broadsheet.stories.models import Story


@dataclass
class CommentNode:
    """One comment with its replies; `shown` False means a placeholder keeps the thread."""

    comment: Comment
    shown: bool
    is_own: bool = False
    is_editable: bool = False
    replies: list[CommentNode] = field(default_factory=list)


def comment_thread(target: Article | Story, *, viewer: object) -> list[CommentNode]:
    """Top-level comments with nested replies, as this viewer may see them."""
    comments = list(
        Comment.objects.on(target).select_related("author__profile").order_by("created_at", "pk")
    )
    viewer_id = getattr(viewer, "pk", None)
    nodes = {
        c.pk: CommentNode(
            comment=c,
            is_own=c.is_deletable_by(viewer),
            is_editable=c.is_editable_by(viewer),
            shown=c.deleted_at is None
            and (
                c.status == Comment.Status.VISIBLE
                or (c.status == Comment.Status.HELD and viewer_id == c.author_id)
            ),
        )
        for c in comments
    }
    roots: list[CommentNode] = []
    for c in comments:
        node = nodes[c.pk]
        parent = nodes.get(c.parent_id) if c.parent_id else None
        (parent.replies if parent else roots).append(node)
    return _prune(roots)


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
