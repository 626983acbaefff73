"""Every state-changing route acts only on the caller's own things.

Another reader's token gets 403/404 on someone else's rows, and nothing of the
owner's changes. The route list is read from the OpenAPI schema, so a new
write route without a case here fails the test.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from broadsheet.api.models import ApiToken
from broadsheet.api.v1 import api
from broadsheet.comments.models import Comment
from broadsheet.comments.services import add_comment
from broadsheet.readers import mutes
from broadsheet.readers import services as readers
from broadsheet.readers.models import Follow
from broadsheet.sources.models import Source

# Writes that touch no reader's state (they only compute an answer).
STATELESS = {"POST /api/v1/articles/{public_id}/ask", "POST /api/v1/stories/{public_id}/ask"}


def _json(client, method: str, url: str, body: dict):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def edit_comment(other, ctx) -> None:
    response = _json(other, "patch", f"/api/v1/comments/{ctx['comment'].pk}", {"body": "pwned"})
    assert response.status_code == 403
    assert Comment.objects.get(pk=ctx["comment"].pk).body == "mine"


def delete_comment(other, ctx) -> None:
    assert other.delete(f"/api/v1/comments/{ctx['comment'].pk}").status_code == 403
    assert Comment.objects.filter(pk=ctx["comment"].pk, deleted_at__isnull=True).exists()


def reply_article(other, ctx) -> None:
    # Replying is allowed, but it is the replier's comment and the parent is untouched.
    url = f"/api/v1/articles/{ctx['article'].public_id}/comments"
    response = _json(other, "post", url, {"body": "reply", "parent": ctx["comment"].pk})
    assert response.status_code == 201
    made = Comment.objects.get(pk=response.json()["id"])
    assert made.author == ctx["other"] and Comment.objects.get(pk=ctx["comment"].pk).body == "mine"


def comment_story(other, ctx) -> None:
    response = _json(
        other, "post", f"/api/v1/stories/{ctx['article'].story.public_id}/comments", {"body": "hi"}
    )
    assert response.status_code == 201
    assert Comment.objects.get(pk=response.json()["id"]).author == ctx["other"]


def rename(other, ctx) -> None:
    assert _json(other, "patch", "/api/v1/me", {"display_name": "Mallory"}).status_code == 200
    ctx["owner"].profile.refresh_from_db()
    assert ctx["owner"].profile.display_name == "Ana"


def follow(other, ctx) -> None:
    assert other.put("/api/v1/me/follows/source/nordic").status_code == 200
    assert not readers.is_following(ctx["owner"], Source.objects.get(slug="nordic"))


def unfollow(other, ctx) -> None:
    assert other.delete("/api/v1/me/follows/source/andes").status_code == 204
    assert readers.is_following(ctx["owner"], Source.objects.get(slug="andes"))


def save(other, ctx) -> None:
    assert other.put(f"/api/v1/me/saved/{ctx['other_article'].public_id}").status_code == 204
    assert list(readers.saved_articles(ctx["owner"])) == [ctx["article"]]


def unsave(other, ctx) -> None:
    assert other.delete(f"/api/v1/me/saved/{ctx['article'].public_id}").status_code == 204
    assert list(readers.saved_articles(ctx["owner"])) == [ctx["article"]]


def read(other, ctx) -> None:
    assert other.put(f"/api/v1/me/read/{ctx['other_article'].public_id}").status_code == 204
    ids = {ctx["article"].pk, ctx["other_article"].pk}
    assert readers.read_article_ids(ctx["owner"], ids) == {ctx["article"].pk}


def unread(other, ctx) -> None:
    assert other.delete(f"/api/v1/me/read/{ctx['article'].public_id}").status_code == 204
    assert readers.read_article_ids(ctx["owner"], [ctx["article"].pk]) == {ctx["article"].pk}


def new_token(other, ctx) -> None:
    # Tokens cannot mint tokens at all; the owner's tokens are untouched.
    assert _json(other, "post", "/api/v1/me/tokens", {"name": "x"}).status_code == 403
    assert ApiToken.objects.filter(user=ctx["owner"]).count() == 1


def revoke_token(other, ctx) -> None:
    token = ApiToken.objects.get(user=ctx["owner"])
    assert other.delete(f"/api/v1/me/tokens/{token.pk}").status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def mute_source(other, ctx) -> None:
    assert other.put("/api/v1/me/mutes/sources/nordic").status_code == 200
    assert mutes.muted_for(ctx["owner"]).sources == {Source.objects.get(slug="andes").pk}


def unmute_source(other, ctx) -> None:
    assert other.delete("/api/v1/me/mutes/sources/andes").status_code == 204
    assert mutes.is_muted(ctx["owner"], Source.objects.get(slug="andes"))


def mute_word(other, ctx) -> None:
    assert _json(other, "post", "/api/v1/me/mutes/words", {"word": "storm"}).status_code == 200
    assert mutes.muted_for(ctx["owner"]).words == ("quake",)


def unmute_word(other, ctx) -> None:
    assert other.delete("/api/v1/me/mutes/words/quake").status_code == 204
    assert mutes.muted_for(ctx["owner"]).words == ("quake",)


CASES: dict[str, Callable] = {
    "PATCH /api/v1/comments/{comment_id}": edit_comment,
    "DELETE /api/v1/comments/{comment_id}": delete_comment,
    "POST /api/v1/articles/{public_id}/comments": reply_article,
    "POST /api/v1/stories/{public_id}/comments": comment_story,
    "PATCH /api/v1/me": rename,
    "PUT /api/v1/me/follows/{kind}/{key}": follow,
    "DELETE /api/v1/me/follows/{kind}/{key}": unfollow,
    "PUT /api/v1/me/saved/{public_id}": save,
    "DELETE /api/v1/me/saved/{public_id}": unsave,
    "PUT /api/v1/me/read/{public_id}": read,
    "DELETE /api/v1/me/read/{public_id}": unread,
    "PUT /api/v1/me/mutes/sources/{slug}": mute_source,
    "DELETE /api/v1/me/mutes/sources/{slug}": unmute_source,
    "POST /api/v1/me/mutes/words": mute_word,
    "DELETE /api/v1/me/mutes/words/{word}": unmute_word,
    "POST /api/v1/me/tokens": new_token,
    "DELETE /api/v1/me/tokens/{token_id}": revoke_token,
}


def test_every_write_route_has_an_owner_only_case():
    schema = api.get_openapi_schema()
    writes = {
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
        if method != "get"
    }
    assert writes - STATELESS == set(CASES)


@pytest.mark.parametrize("route", sorted(CASES))
def test_another_readers_token_changes_nothing_of_the_owner(
    route, reader, other_reader, as_other, corpus
):
    article, other_article = corpus["a"], corpus["c"]
    from broadsheet.api.tests.conftest import bearer

    bearer(reader)  # the owner has one token
    readers.follow(reader, Source.objects.get(slug="andes"))
    readers.save_article(reader, article)
    readers.mark_read(reader, article)
    mutes.mute_source(reader, Source.objects.get(slug="andes"))
    mutes.mute_word(reader, "quake")
    comment = add_comment(article, author=reader, body="mine")
    ctx = {
        "owner": reader,
        "other": other_reader,
        "article": article,
        "other_article": other_article,
        "comment": comment,
    }
    follows_before = Follow.objects.filter(user=reader).count()
    CASES[route](as_other, ctx)
    assert Follow.objects.filter(user=reader).count() == follows_before
