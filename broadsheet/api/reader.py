"""/api/v1/me: the signed-in reader's profile, follows, saved articles, read marks, mutes,
tokens.

Everything here acts on the caller's own rows only (the services take the user
from the request), so no route can touch another reader's state.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from pydantic import Field

from broadsheet.accounts.services import display_name_of, update_profile
from broadsheet.api.articles import list_rows
from broadsheet.api.auth import AUTH, reader_of
from broadsheet.api.errors import CLIENT_ERRORS, ApiError, ErrorOut
from broadsheet.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, Order, paginate
from broadsheet.api.schemas import ArticlePage, InputSchema, StoryOut, article_out, story_out
from broadsheet.api.tokens import create_token, revoke_token
from broadsheet.articles.models import Article
from broadsheet.readers import mutes
from broadsheet.readers import services as readers
from broadsheet.sources.models import Source
from broadsheet.stories.models import Story

router = Router(tags=["me"], auth=AUTH)
SAVED_ORDER = Order(scope="saved", field="saved_at")
Kind = Literal["source", "topic", "entity", "story"]
MAX_READ_IDS = 500


class ProfileOut(Schema):
    id: int
    email: str
    display_name: str
    date_joined: datetime


class ProfileIn(InputSchema):
    display_name: str = Field(..., min_length=1, max_length=50)


class FollowOut(Schema):
    kind: str
    key: str
    name: str


class MutedSourceOut(Schema):
    key: str
    name: str


class MutesOut(Schema):
    sources: list[MutedSourceOut]
    words: list[str]


# The characters str.split() treats as space, spelled out: JSON Schema's \s (ECMA-262) and
# Python's disagree (U+0085, U+001C-U+001F), and the schema must match the service exactly.
_SPACE = "".join(f"\\u{code:04x}" for code in range(0x3001) if chr(code).isspace())


class MuteWordIn(InputSchema):
    # What mutes.normalize_word keeps: at most 60 characters as sent, at least two of them
    # not spaces (spaces around are trimmed, runs of spaces inside become one).
    word: str = Field(
        ...,
        min_length=mutes.WORD_MIN,
        max_length=mutes.WORD_MAX,
        pattern=rf"^[{_SPACE}]*[^{_SPACE}\u0000][^\u0000]*[^{_SPACE}\u0000][{_SPACE}]*$",
    )


class ReadOut(Schema):
    read: list[str]


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None


class NewTokenOut(TokenOut):
    token: str


class TokenIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=100)


def _profile(user: object) -> dict:
    return {
        "id": user.pk,  # type: ignore[attr-defined]
        "email": user.email,  # type: ignore[attr-defined]
        "display_name": display_name_of(user),
        "date_joined": user.date_joined,  # type: ignore[attr-defined]
    }


@router.get("", response={200: ProfileOut, CLIENT_ERRORS: ErrorOut})
def me(request: HttpRequest) -> dict:
    """Who is signed in."""
    return _profile(reader_of(request))


@router.patch("", response={200: ProfileOut, CLIENT_ERRORS: ErrorOut})
def edit_me(request: HttpRequest, payload: ProfileIn) -> dict:
    """Change the name other readers see beside your comments."""
    user = reader_of(request)
    update_profile(user, display_name=payload.display_name)
    user.refresh_from_db()
    return _profile(user)


def _follow_out(kind: str, target: readers.Target) -> dict:
    key = target.public_id if isinstance(target, Story) else target.slug
    name = target.title if isinstance(target, Story) else target.name
    return {"kind": kind, "key": key, "name": name}


@router.get("/follows", response={200: list[FollowOut], CLIENT_ERRORS: ErrorOut})
def my_follows(request: HttpRequest) -> list[dict]:
    """What you follow, newest first."""
    return [_follow_out(kind, target) for kind, target in readers.follows(reader_of(request))]


@router.put("/follows/{kind}/{key}", response={200: FollowOut, CLIENT_ERRORS: ErrorOut})
def follow(request: HttpRequest, kind: Kind, key: str) -> dict:
    """Follow a source, topic, entity (by slug) or story (by id); idempotent."""
    target = readers.find_target(kind, key)
    readers.follow(reader_of(request), target)
    return _follow_out(kind, target)


@router.delete("/follows/{kind}/{key}", response={204: None, CLIENT_ERRORS: ErrorOut})
def unfollow(request: HttpRequest, kind: Kind, key: str) -> HttpResponse:
    """Stop following; idempotent."""
    readers.unfollow(reader_of(request), readers.find_target(kind, key))
    return HttpResponse(status=204)


@router.get("/for-you", response={200: list[StoryOut], CLIENT_ERRORS: ErrorOut})
def for_you(request: HttpRequest) -> list[dict]:
    """Stories from what you follow, ranked like the front page."""
    user = reader_of(request)
    stories = mutes.hide_muted_stories(
        readers.for_you_stories(user, limit=30), mutes.muted_for(user)
    )
    return [story_out(s) for s in stories]


def _mutes_out(user: object) -> dict:
    muted = mutes.muted_for(user)  # type: ignore[arg-type]
    return {
        "sources": [{"key": s.slug, "name": s.name} for s in mutes.muted_sources(muted)],
        "words": list(muted.words),
    }


@router.get("/mutes", response={200: MutesOut, CLIENT_ERRORS: ErrorOut})
def my_mutes(request: HttpRequest) -> dict:
    """The sources and words you muted (kept off your front page and For you)."""
    return _mutes_out(reader_of(request))


@router.put("/mutes/sources/{slug}", response={200: MutesOut, CLIENT_ERRORS: ErrorOut})
def mute_source(request: HttpRequest, slug: str) -> dict:
    """Mute a source; idempotent."""
    user = reader_of(request)
    try:
        mutes.mute_source(user, get_object_or_404(Source, slug=slug))
    except mutes.TooManyMutes as error:
        raise ApiError(409, str(error)) from error
    return _mutes_out(user)


@router.delete("/mutes/sources/{slug}", response={204: None, CLIENT_ERRORS: ErrorOut})
def unmute_source(request: HttpRequest, slug: str) -> HttpResponse:
    """Unmute a source; idempotent."""
    mutes.unmute_source(reader_of(request), get_object_or_404(Source, slug=slug))
    return HttpResponse(status=204)


@router.post("/mutes/words", response={200: MutesOut, CLIENT_ERRORS: ErrorOut})
def mute_word(request: HttpRequest, payload: MuteWordIn) -> dict:
    """Hide headlines naming this word or phrase (2-60 characters, any case); idempotent."""
    user = reader_of(request)
    try:
        mutes.mute_word(user, payload.word)
    except mutes.TooManyMutes as error:
        raise ApiError(409, str(error)) from error
    except mutes.MuteError as error:
        raise ApiError(400, str(error), fields={"word": str(error)}) from error
    return _mutes_out(user)


# {path:word}: a muted word may hold a slash ("a/b"), which arrives decoded in the path.
@router.delete("/mutes/words/{path:word}", response={204: None, CLIENT_ERRORS: ErrorOut})
def unmute_word(request: HttpRequest, word: str) -> HttpResponse:
    """Unmute a word (URL-encoded, any case); idempotent."""
    mutes.unmute_word(reader_of(request), word)
    return HttpResponse(status=204)


@router.get("/saved", response={200: ArticlePage, CLIENT_ERRORS: ErrorOut})
def my_saved(
    request: HttpRequest,
    cursor: str | None = None,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
) -> dict:
    """Your saved articles, newest save first."""
    saved = list_rows(readers.saved_articles(reader_of(request)))
    rows, next_cursor = paginate(saved, SAVED_ORDER, cursor=cursor, limit=limit)
    return {"items": [article_out(a) for a in rows], "next_cursor": next_cursor}


@router.put("/saved/{public_id}", response={204: None, CLIENT_ERRORS: ErrorOut})
def save(request: HttpRequest, public_id: str) -> HttpResponse:
    """Save an article for later; idempotent."""
    readers.save_article(reader_of(request), get_object_or_404(Article, public_id=public_id))
    return HttpResponse(status=204)


@router.delete("/saved/{public_id}", response={204: None, CLIENT_ERRORS: ErrorOut})
def unsave(request: HttpRequest, public_id: str) -> HttpResponse:
    """Drop an article from your saved list; idempotent."""
    readers.unsave_article(reader_of(request), get_object_or_404(Article, public_id=public_id))
    return HttpResponse(status=204)


@router.get("/read", response={200: ReadOut, CLIENT_ERRORS: ErrorOut})
def my_read(request: HttpRequest, ids: str = Query(..., max_length=20_000)) -> dict:
    """Which of these article ids (comma-separated, at most 500) you have read."""
    wanted = [i for i in ids.split(",") if i.strip()][:MAX_READ_IDS]
    by_pk = dict(Article.objects.filter(public_id__in=wanted).values_list("pk", "public_id"))
    read = readers.read_article_ids(reader_of(request), by_pk)
    return {"read": sorted(by_pk[pk] for pk in read)}


@router.put("/read/{public_id}", response={204: None, CLIENT_ERRORS: ErrorOut})
def mark_read(request: HttpRequest, public_id: str) -> HttpResponse:
    """Mark an article read; idempotent."""
    readers.mark_read(reader_of(request), get_object_or_404(Article, public_id=public_id))
    return HttpResponse(status=204)


@router.delete("/read/{public_id}", response={204: None, CLIENT_ERRORS: ErrorOut})
def mark_unread(request: HttpRequest, public_id: str) -> HttpResponse:
    """Mark an article unread again; idempotent."""
    readers.mark_unread(reader_of(request), get_object_or_404(Article, public_id=public_id))
    return HttpResponse(status=204)


def _token_out(token: object) -> dict:
    fields = ("id", "name", "prefix", "created_at", "last_used_at")
    return {field: getattr(token, field) for field in fields}


@router.get("/tokens", response={200: list[TokenOut], CLIENT_ERRORS: ErrorOut})
def my_tokens(request: HttpRequest) -> list[dict]:
    """Your API tokens (their secrets are never shown again)."""
    return [_token_out(t) for t in reader_of(request).api_tokens.all()]


@router.post("/tokens", response={201: NewTokenOut, CLIENT_ERRORS: ErrorOut})
def new_token(request: HttpRequest, payload: TokenIn) -> Status[dict]:
    """A new token for an app: `token` is shown this once; send it as `Authorization: Bearer`."""
    if getattr(request, "api_token", None) is not None:
        # A leaked token must not be able to mint more: only the signed-in site can.
        raise ApiError(403, "tokens are created from the site, signed in")
    token, text = create_token(reader_of(request), name=payload.name)
    return Status(201, {**_token_out(token), "token": text})


@router.delete("/tokens/{token_id}", response={204: None, CLIENT_ERRORS: ErrorOut})
def delete_token(request: HttpRequest, token_id: int) -> HttpResponse:
    """Revoke one of your tokens; 404 when you have no such token."""
    if not revoke_token(reader_of(request), token_id=token_id):
        raise ApiError(404, "no such token")
    return HttpResponse(status=204)
