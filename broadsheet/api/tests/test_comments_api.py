"""Comments through the API: read a thread; post, reply, edit and delete your own."""

from __future__ import annotations

import json

from broadsheet.comments.models import Comment


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_post_reply_edit_and_delete_own_comment(as_reader, client, corpus):
    article = corpus["a"].public_id
    made = post(as_reader, f"/api/v1/articles/{article}/comments", {"body": "Stay safe, **Peru**."})
    assert made.status_code == 201
    comment = made.json()
    assert comment["author"] == "Ana" and "<strong>Peru</strong>" in comment["body_html"]
    reply = post(
        as_reader,
        f"/api/v1/articles/{article}/comments",
        {"body": "Update: aftershock.", "parent": comment["id"]},
    )
    assert reply.status_code == 201
    thread = client.get(f"/api/v1/articles/{article}/comments").json()
    assert [c["id"] for c in thread] == [comment["id"]]
    assert [r["id"] for r in thread[0]["replies"]] == [reply.json()["id"]]
    assert thread[0]["is_own"] is False and thread[0]["body"] is None  # anonymous viewer
    edited = as_reader.patch(
        f"/api/v1/comments/{comment['id']}",
        json.dumps({"body": "Stay safe."}),
        content_type="application/json",
    )
    assert (
        edited.status_code == 200
        and edited.json()["edited_at"]
        and edited.json()["body"] == "Stay safe."
    )
    assert as_reader.delete(f"/api/v1/comments/{comment['id']}").status_code == 204
    thread = client.get(f"/api/v1/articles/{article}/comments").json()
    assert thread[0]["is_deleted"] and thread[0]["body_html"] is None and thread[0]["replies"]


def test_story_comments_and_script_in_a_comment_never_comes_back_as_markup(
    as_reader, client, corpus
):
    story = corpus["a"].story.public_id
    made = post(
        as_reader, f"/api/v1/stories/{story}/comments", {"body": "<script>alert(1)</script> hi"}
    )
    assert made.status_code == 201
    html = client.get(f"/api/v1/stories/{story}/comments").json()[0]["body_html"]
    assert "<script" not in html


def test_comment_errors_use_the_error_format(as_reader, client, corpus):
    url = f"/api/v1/articles/{corpus['a'].public_id}/comments"
    assert post(client, url, {"body": "anonymous"}).status_code == 401
    blank = post(as_reader, url, {"body": "   "})
    assert blank.status_code == 422 and blank.json()["error"]["code"] == "invalid"
    orphan = post(as_reader, url, {"body": "reply", "parent": 999999})
    assert orphan.status_code == 422 and "parent" in orphan.json()["error"]["fields"]
    assert post(as_reader, "/api/v1/articles/NOPE/comments", {"body": "x"}).status_code == 404
    assert not Comment.objects.exists()


def test_commenting_too_fast_is_a_429(as_reader, corpus):
    url = f"/api/v1/articles/{corpus['a'].public_id}/comments"
    statuses = [post(as_reader, url, {"body": f"note {i}"}).status_code for i in range(8)]
    assert statuses[0] == 201 and statuses[-1] == 429
