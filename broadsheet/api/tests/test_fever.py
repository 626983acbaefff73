"""The Fever API against the live server, in the order Fever apps (Reeder, Unread) sync.

No Fever client library installs from the package index here, so the requests are
replayed as the Fever API documentation describes them: a form POST of api_key to
/fever/?api with one flag per thing to read.
"""

from __future__ import annotations

import httpx
import pytest
from django.utils import timezone

from broadsheet.api.fever.keys import api_key_for, create_fever_password
from broadsheet.api.models import FeverKey
from broadsheet.api.tests.reader_apps import HTTP_TIMEOUT
from broadsheet.articles.models import Article
from broadsheet.readers import folders
from broadsheet.readers import services as readers
from broadsheet.readers.models import ReadState
from broadsheet.sources.models import Source


@pytest.fixture
def fever_reader(reader, corpus):
    """Ana follows Andes (in folder "Peru") and Pacific; her app holds her Fever key."""
    folders.file_source(reader, Source.objects.get(slug="andes"), folder="Peru")
    readers.follow(reader, Source.objects.get(slug="pacific"))
    password, api_key = create_fever_password(reader)
    assert api_key == api_key_for("ana@example.org", password)
    return api_key


def call(base: str, api_key: str, *flags: str, **params: object) -> httpx.Response:
    query = "&".join(["api", *flags])
    data = {"api_key": api_key, **{k: str(v) for k, v in params.items()}}
    return httpx.post(f"{base}/fever/?{query}", data=data, timeout=HTTP_TIMEOUT)


@pytest.mark.django_db(transaction=True)
def test_a_fever_app_syncs_groups_feeds_items_and_marks(live_server, fever_reader, corpus):
    base, key = live_server.url, fever_reader
    a, b, c = corpus["a"], corpus["b"], corpus["c"]
    hello = call(base, key).json()
    assert hello["api_version"] == 3 and hello["auth"] == 1 and "last_refreshed_on_time" in hello
    groups = call(base, key, "groups").json()
    [peru] = groups["groups"]
    assert peru["title"] == "Peru"
    andes, pacific = Source.objects.get(slug="andes"), Source.objects.get(slug="pacific")
    assert groups["feeds_groups"] == [{"group_id": peru["id"], "feed_ids": str(andes.pk)}]
    feeds = call(base, key, "feeds").json()["feeds"]
    assert [(f["id"], f["title"], f["favicon_id"]) for f in feeds] == [
        (andes.pk, "Andes", 1), (pacific.pk, "Pacific", 1),
    ]  # fmt: skip
    assert feeds[0]["url"] == "https://andes.example/feed"
    favicons = call(base, key, "favicons").json()["favicons"]
    assert favicons[0]["id"] == 1 and favicons[0]["data"].startswith("image/gif;base64,")
    unread = call(base, key, "unread_item_ids").json()["unread_item_ids"]
    assert unread == ",".join(str(pk) for pk in sorted([a.pk, b.pk]))
    assert call(base, key, "saved_item_ids").json()["saved_item_ids"] == ""
    # items: since_id pages upward, max_id downward, with_ids picks; c is not followed.
    first = call(base, key, "items", since_id=0).json()
    assert first["total_items"] == 2 and [i["id"] for i in first["items"]] == sorted([a.pk, b.pk])
    item = first["items"][0]
    assert set(item) == {"id", "feed_id", "title", "author", "html", "url", "is_saved",
                         "is_read", "created_on_time"}  # fmt: skip
    assert item["html"].startswith("<p>") and item["is_read"] == 0
    assert call(base, key, "items", since_id=max(a.pk, b.pk)).json()["items"] == []
    down = call(base, key, "items", max_id=max(a.pk, b.pk)).json()["items"]
    assert [i["id"] for i in down] == [min(a.pk, b.pk)]
    picked = call(base, key, "items", with_ids=f"{a.pk},{c.pk}").json()["items"]
    assert [i["id"] for i in picked] == [a.pk]
    assert call(base, key, "links").json()["links"] == []
    # marks
    assert call(base, key, mark="item", **{"as": "read"}, id=a.pk).json()["auth"] == 1
    assert call(base, key, mark="item", **{"as": "saved"}, id=c.pk).status_code == 400
    call(base, key, mark="item", **{"as": "saved"}, id=b.pk)
    assert call(base, key, "saved_item_ids").json()["saved_item_ids"] == str(b.pk)
    assert call(base, key, "unread_item_ids").json()["unread_item_ids"] == str(b.pk)
    call(base, key, mark="item", **{"as": "unread"}, id=a.pk)
    call(base, key, mark="item", **{"as": "unsaved"}, id=b.pk)
    assert call(base, key, "saved_item_ids").json()["saved_item_ids"] == ""
    # A group read up to before: what arrived after the app's last sync stays unread.
    before = int(timezone.now().timestamp()) - 3600
    Article.objects.filter(pk=a.pk).update(created_at=timezone.now())
    call(base, key, mark="group", **{"as": "read"}, id=peru["id"], before=before)
    assert readers.read_article_ids(readers_user(), [a.pk]) == set()
    call(base, key, mark="feed", **{"as": "read"}, id=andes.pk, before=before + 7200)
    assert readers.read_article_ids(readers_user(), [a.pk, b.pk]) == {a.pk}
    call(base, key, mark="group", **{"as": "read"}, id=0, before=before + 7200)
    assert readers.read_article_ids(readers_user(), [a.pk, b.pk]) == {a.pk, b.pk}
    call(base, key, unread_recently_read=1)
    assert not ReadState.objects.exists()


def readers_user():
    from django.contrib.auth.models import User

    return User.objects.get(email="ana@example.org")


@pytest.mark.django_db(transaction=True)
def test_bad_fever_requests_get_a_clear_answer_and_change_nothing(
    live_server, fever_reader, corpus
):
    base, key = live_server.url, fever_reader
    assert (
        httpx.post(f"{base}/fever/", data={"api_key": key}, timeout=HTTP_TIMEOUT).status_code == 400
    )
    assert call(base, "0" * 32, "items").json() == {"api_version": 3, "auth": 0}
    bad = call(base, key, "items", since_id="x")
    assert bad.status_code == 400 and "since_id" in bad.json()["error"]
    assert call(base, key, mark="item", **{"as": "gone"}, id=corpus["a"].pk).status_code == 400
    assert call(base, key, mark="feed", **{"as": "read"}, id=999999).status_code == 400
    assert call(base, key, "items", with_ids="1,2;drop").status_code == 400
    assert not ReadState.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_guessing_api_keys_is_locked_out_like_passwords(live_server, fever_reader, settings):
    base = live_server.url
    settings.AXES_FAILURE_LIMIT = 3
    for guess in range(3):
        assert call(base, f"{guess:032x}").json()["auth"] == 0
    locked = call(base, fever_reader)
    assert locked.status_code == 429 and locked.json()["auth"] == 0
    assert int(locked.headers["Retry-After"]) > 0
    assert FeverKey.objects.get().last_used_at is None


def test_a_new_app_password_replaces_the_old_key(reader):
    first, _ = create_fever_password(reader)
    second, key = create_fever_password(reader)
    assert first != second and len(second) == 24 and FeverKey.objects.count() == 1
    from broadsheet.api.fever.keys import authenticate_fever

    assert authenticate_fever(api_key_for("ana@example.org", first)) is None
    assert authenticate_fever(key) == reader
