"""/api/v1 comments: read a thread; post, reply, edit and delete your own.

Every rule (who may edit, the edit window, spam holds, rate limits) lives in
broadsheet.comments.services; these views only parse and call it.
"""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from pydantic import Field

from broadsheet.accounts.services import display_name_of
from broadsheet.api.auth import AUTH, optional_reader, reader_of
from broadsheet.api.errors import CLIENT_ERRORS, ApiError, ErrorOut
from broadsheet.api.schemas import InputSchema
from broadsheet.articles.models import Article
from broadsheet.comments import services
from broadsheet.comments.models import Comment
from broadsheet.comments.queries import CommentNode, comment_thread
from broadsheet.lib.ratelimit import client_ip
from broadsheet.stories.models import Story

router = Router(tags=["comments"])


class CommentOut(Schema):
    id: int
    author: str | None
    body: str | None
    body_html: str | None
    status: str
    created_at: datetime
    edited_at: datetime | None
    is_deleted: bool
    is_own: bool
    is_editable: bool
    replies: list[CommentOut]


CommentOut.model_rebuild()


class CommentIn(InputSchema):
    body: str = Field(..., min_length=1, max_length=services.MAX_BODY)
    parent: int | None = None


class CommentEditIn(InputSchema):
    body: str = Field(..., min_length=1, max_length=services.MAX_BODY)


def comment_out(
    comment: Comment,
    *,
    shown: bool = True,
    is_own: bool = False,
    is_editable: bool = False,
    replies: list[dict] | None = None,
) -> dict:
    """A comment; a withheld or deleted one keeps only its place in the thread."""
    visible = shown and comment.deleted_at is None
    return {
        "id": comment.pk,
        "author": display_name_of(comment.author) if visible else None,
        "body": comment.body if visible and is_own else None,
        "body_html": comment.body_html if visible else None,
        "status": comment.status if is_own else ("visible" if visible else "withheld"),
        "created_at": comment.created_at,
        "edited_at": comment.edited_at,
        "is_deleted": comment.deleted_at is not None,
        "is_own": is_own,
        "is_editable": is_editable,
        "replies": replies or [],
    }


def _node_out(node: CommentNode) -> dict:
    return comment_out(
        node.comment,
        shown=node.shown,
        is_own=node.is_own,
        is_editable=node.is_editable,
        replies=[_node_out(r) for r in node.replies],
    )


def _target(kind: str, public_id: str) -> Article | Story:
    if kind == "articles":
        return get_object_or_404(Article, public_id=public_id)
    return get_object_or_404(Story, public_id=public_id)


def _parent(parent_id: int | None) -> Comment | None:
    if parent_id is None:
        return None
    parent = Comment.objects.filter(pk=parent_id).first()
    if parent is None:
        raise ApiError(422, "no such comment to reply to", fields={"parent": "not found"})
    return parent


def _thread(request: HttpRequest, kind: str, public_id: str) -> list[dict]:
    target = _target(kind, public_id)
    return [_node_out(n) for n in comment_thread(target, viewer=optional_reader(request))]


def _post(request: HttpRequest, kind: str, public_id: str, payload: CommentIn) -> Status[dict]:
    comment = services.add_comment(
        _target(kind, public_id),
        author=reader_of(request),
        body=payload.body,
        parent=_parent(payload.parent),
        ip=client_ip(request),
    )
    return Status(201, comment_out(comment, is_own=True, is_editable=True))


@router.get(
    "/articles/{public_id}/comments", response={200: list[CommentOut], CLIENT_ERRORS: ErrorOut}
)
def article_comments(request: HttpRequest, public_id: str) -> list[dict]:
    """The article's thread, oldest first, replies nested; withheld ones only as placeholders."""
    return _thread(request, "articles", public_id)


@router.get(
    "/stories/{public_id}/comments", response={200: list[CommentOut], CLIENT_ERRORS: ErrorOut}
)
def story_comments(request: HttpRequest, public_id: str) -> list[dict]:
    """The story's thread, as for articles."""
    return _thread(request, "stories", public_id)


@router.post(
    "/articles/{public_id}/comments", auth=AUTH, response={201: CommentOut, CLIENT_ERRORS: ErrorOut}
)
def post_article_comment(request: HttpRequest, public_id: str, payload: CommentIn) -> Status[dict]:
    """Comment on an article, or reply with `parent`; may be held for review (status=held)."""
    return _post(request, "articles", public_id, payload)


@router.post(
    "/stories/{public_id}/comments", auth=AUTH, response={201: CommentOut, CLIENT_ERRORS: ErrorOut}
)
def post_story_comment(request: HttpRequest, public_id: str, payload: CommentIn) -> Status[dict]:
    """Comment on a story, or reply with `parent`."""
    return _post(request, "stories", public_id, payload)


@router.patch(
    "/comments/{comment_id}", auth=AUTH, response={200: CommentOut, CLIENT_ERRORS: ErrorOut}
)
def edit_comment(request: HttpRequest, comment_id: int, payload: CommentEditIn) -> dict:
    """Change your own comment's text within the edit window (403 for anyone else's)."""
    comment = get_object_or_404(Comment, pk=comment_id)
    edited = services.edit_comment(comment, editor=reader_of(request), body=payload.body)
    return comment_out(edited, is_own=True, is_editable=True)


@router.delete("/comments/{comment_id}", auth=AUTH, response={204: None, CLIENT_ERRORS: ErrorOut})
def delete_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Withdraw your own comment (403 for anyone else's); replies stay under a placeholder."""
    comment = get_object_or_404(Comment, pk=comment_id)
    services.delete_comment(comment, actor=reader_of(request))
    return HttpResponse(status=204)
