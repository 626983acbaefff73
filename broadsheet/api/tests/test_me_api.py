"""/me: profile, follows, saved articles, read marks, For you."""

from __future__ import annotations

import json

from broadsheet.readers import services as readers


def test_profile_can_be_read_and_renamed(as_reader):
    assert as_reader.get("/api/v1/me").json()["display_name"] == "Ana"
    renamed = as_reader.patch(
        "/api/v1/me", json.dumps({"display_name": "Ana R."}), content_type="application/json"
    )
    assert renamed.status_code == 200 and renamed.json()["display_name"] == "Ana R."


def test_follow_list_and_unfollow(as_reader, reader, corpus):
    story = corpus["a"].story.public_id
    assert as_reader.put("/api/v1/me/follows/source/andes").json() == {
        "kind": "source",
        "key": "andes",
        "name": "Andes",
    }
    assert as_reader.put(f"/api/v1/me/follows/story/{story}").status_code == 200
    assert as_reader.put("/api/v1/me/follows/source/andes").status_code == 200  # idempotent
    follows = as_reader.get("/api/v1/me/follows").json()
    assert {(f["kind"], f["key"]) for f in follows} == {("source", "andes"), ("story", story)}
    assert [s["id"] for s in as_reader.get("/api/v1/me/for-you").json()] == [story]
    assert as_reader.delete("/api/v1/me/follows/source/andes").status_code == 204
    assert [f["kind"] for f in as_reader.get("/api/v1/me/follows").json()] == ["story"]
    assert as_reader.put("/api/v1/me/follows/source/nope").status_code == 404
    assert as_reader.put("/api/v1/me/follows/planet/mars").status_code == 422


def test_save_list_and_unsave(as_reader, reader, corpus):
    for key in ("c", "a"):
        assert as_reader.put(f"/api/v1/me/saved/{corpus[key].public_id}").status_code == 204
    saved = as_reader.get("/api/v1/me/saved?limit=1").json()
    assert [i["id"] for i in saved["items"]] == [corpus["a"].public_id]  # newest save first
    rest = as_reader.get(f"/api/v1/me/saved?limit=1&cursor={saved['next_cursor']}").json()
    assert [i["id"] for i in rest["items"]] == [corpus["c"].public_id] and rest[
        "next_cursor"
    ] is None
    assert as_reader.delete(f"/api/v1/me/saved/{corpus['a'].public_id}").status_code == 204
    assert list(readers.saved_articles(reader)) == [corpus["c"]]


def test_read_marks(as_reader, reader, corpus):
    a, b = corpus["a"].public_id, corpus["b"].public_id
    assert as_reader.put(f"/api/v1/me/read/{a}").status_code == 204
    assert as_reader.get(f"/api/v1/me/read?ids={a},{b},unknown").json() == {"read": [a]}
    assert as_reader.delete(f"/api/v1/me/read/{a}").status_code == 204
    assert as_reader.get(f"/api/v1/me/read?ids={a}").json() == {"read": []}


def test_mutes_are_listed_added_and_removed(as_reader, as_other, reader, corpus):
    assert as_reader.get("/api/v1/me/mutes").json() == {"sources": [], "words": []}
    assert as_reader.put("/api/v1/me/mutes/sources/andes").json()["sources"] == [
        {"key": "andes", "name": "Andes"}
    ]
    added = as_reader.post(
        "/api/v1/me/mutes/words",
        json.dumps({"word": "  Peru Quake "}),
        content_type="application/json",
    )
    assert added.status_code == 200 and added.json()["words"] == ["peru quake"]
    refused = as_reader.post(
        "/api/v1/me/mutes/words", json.dumps({"word": "x"}), content_type="application/json"
    )
    assert refused.status_code == 422 and "payload.word" in refused.json()["error"]["fields"]
    assert as_other.get("/api/v1/me/mutes").json() == {"sources": [], "words": []}  # one's own
    assert as_reader.delete("/api/v1/me/mutes/words/PERU%20quake").status_code == 204
    assert as_reader.delete("/api/v1/me/mutes/sources/andes").status_code == 204
    assert as_reader.get("/api/v1/me/mutes").json() == {"sources": [], "words": []}
    assert as_reader.put("/api/v1/me/mutes/sources/nope").status_code == 404


def test_for_you_leaves_out_stories_named_by_a_muted_word(as_reader, reader, corpus):
    readers.follow(reader, corpus["a"].source)
    readers.follow(reader, corpus["c"].source)
    ids = {s["id"] for s in as_reader.get("/api/v1/me/for-you").json()}
    assert corpus["c"].story.public_id in ids
    as_reader.post(
        "/api/v1/me/mutes/words", json.dumps({"word": "finnish"}), content_type="application/json"
    )
    ids = {s["id"] for s in as_reader.get("/api/v1/me/for-you").json()}
    assert corpus["c"].story.public_id not in ids and corpus["a"].story.public_id in ids
