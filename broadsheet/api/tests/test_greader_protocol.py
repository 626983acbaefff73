"""The Google Reader API, exchange by exchange, as FreshRSS's and Miniflux's docs show it."""

from __future__ import annotations

import pytest
from django.test import Client

from broadsheet.api.models import ApiToken
from broadsheet.readers import services as readers
from broadsheet.sources.models import Source

BASE = "/api/greader.php"
API = f"{BASE}/reader/api/0"
READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"
READING = "user/-/state/com.google/reading-list"


def login(client: Client, email="ana@example.org", password="correct horse 9"):
    return client.post(f"{BASE}/accounts/ClientLogin", {"Email": email, "Passwd": password})


@pytest.fixture
def app(reader, corpus) -> Client:
    """A reader app signed in the documented way, following two of the three sources."""
    readers.follow(reader, Source.objects.get(slug="andes"))
    readers.follow(reader, Source.objects.get(slug="pacific"))
    response = login(Client())
    auth = dict(line.split("=", 1) for line in response.content.decode().splitlines())["Auth"]
    return Client(headers={"Authorization": f"GoogleLogin auth={auth}"})


def action_token(app: Client) -> str:
    return app.get(f"{API}/token").content.decode()


def test_client_login_answers_sid_lsid_auth_lines(reader):
    response = login(Client())
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = dict(line.split("=", 1) for line in response.content.decode().splitlines())
    assert set(lines) == {"SID", "LSID", "Auth"} and lines["Auth"].startswith("bs_")
    assert ApiToken.objects.filter(user=reader, name="Google Reader app").count() == 1


def test_client_login_refuses_a_wrong_password_and_get(reader):
    response = login(Client(), password="wrong")
    assert response.status_code == 401 and b"Error=BadAuthentication" in response.content
    assert (
        Client().get(f"{BASE}/accounts/ClientLogin?Email=ana@example.org&Passwd=x").status_code
        == 405
    )
    assert not ApiToken.objects.exists()


def test_requests_without_the_auth_header_are_401(corpus):
    assert Client().get(f"{API}/subscription/list?output=json").status_code == 401
    bad = Client(headers={"Authorization": "GoogleLogin auth=bs_x_y"})
    assert bad.get(f"{API}/tag/list?output=json").status_code == 401


def test_user_info_and_token(app):
    info = app.get(f"{API}/user-info?output=json").json()
    assert info["userEmail"] == "ana@example.org" and info["userName"] == "Ana"
    assert len(action_token(app)) == 57


def test_subscription_list_is_the_followed_sources(app):
    subs = app.get(f"{API}/subscription/list?output=json").json()["subscriptions"]
    assert [s["title"] for s in subs] == ["Andes", "Pacific"]
    andes = Source.objects.get(slug="andes")
    assert subs[0] == {
        "id": f"feed/{andes.pk}", "title": "Andes", "categories": [],
        "url": "https://andes.example/feed", "htmlUrl": "", "iconUrl": "",
    }  # fmt: skip


def test_tag_list_has_starred(app):
    tags = app.get(f"{API}/tag/list?output=json").json()["tags"]
    assert {"id": STARRED} in tags


def test_sync_ids_then_contents_then_mark_read_as_clients_do(app, corpus):
    # 1. unread ids of the reading list (the election article's source is not followed).
    ids = app.get(f"{API}/stream/items/ids?n=1000&output=json&s={READING}&xt={READ}").json()
    refs = [r["id"] for r in ids["itemRefs"]]
    assert refs == [str(corpus["b"].pk), str(corpus["a"].pk)]
    assert "continuation" not in ids
    # 2. their contents, by POST with i= (short ids)
    contents = app.post(f"{API}/stream/items/contents", {"i": refs}).json()
    items = {i["id"]: i for i in contents["items"]}
    long_a = f"tag:google.com,2005:reader/item/{corpus['a'].pk:016x}"
    assert set(items) == {long_a, f"tag:google.com,2005:reader/item/{corpus['b'].pk:016x}"}
    item = items[long_a]
    assert item["title"] == corpus["a"].title and item["alternate"][0]["href"] == corpus["a"].url
    assert item["origin"]["title"] == "Andes" and READ not in item["categories"]
    assert item["summary"]["content"].startswith("<p>")
    # 3. mark one read with the action token
    token = action_token(app)
    assert app.post(f"{API}/edit-tag", {"i": long_a, "a": READ, "T": token}).content == b"OK"
    again = app.get(f"{API}/stream/items/ids?s={READING}&xt={READ}").json()["itemRefs"]
    assert [r["id"] for r in again] == [str(corpus["b"].pk)]
    read = app.get(f"{API}/stream/items/ids?s={READ}").json()["itemRefs"]
    assert [r["id"] for r in read] == [str(corpus["a"].pk)]
    # 4. and unread again
    app.post(f"{API}/edit-tag", {"i": str(corpus["a"].pk), "r": READ, "T": token})
    assert len(app.get(f"{API}/stream/items/ids?s={READING}&xt={READ}").json()["itemRefs"]) == 2


def test_star_and_unstar_map_to_saved(app, reader, corpus):
    token = action_token(app)
    app.post(f"{API}/edit-tag", {"i": str(corpus["c"].pk), "a": STARRED, "T": token})
    assert list(readers.saved_articles(reader)) == [corpus["c"]]
    starred = app.get(f"{API}/stream/contents/{STARRED}?output=json").json()
    assert [i["title"] for i in starred["items"]] == [corpus["c"].title]
    assert STARRED in starred["items"][0]["categories"]
    app.post(f"{API}/edit-tag", {"i": str(corpus["c"].pk), "r": STARRED, "T": token})
    assert not readers.saved_articles(reader).exists()


def test_edits_without_a_valid_action_token_are_refused(app, reader, corpus):
    response = app.post(f"{API}/edit-tag", {"i": str(corpus["a"].pk), "a": READ, "T": "nope"})
    assert response.status_code == 401 and response["Google-Bad-Token"] == "true"
    assert readers.read_article_ids(reader, [corpus["a"].pk]) == set()


def test_stream_contents_pages_with_continuation_and_oldest_first(app, corpus):
    first = app.get(f"{API}/stream/contents/{READING}?n=1").json()
    assert [i["title"] for i in first["items"]] == [corpus["b"].title]
    second = app.get(f"{API}/stream/contents/{READING}?n=1&c={first['continuation']}").json()
    assert [i["title"] for i in second["items"]] == [
        corpus["a"].title
    ] and "continuation" not in second
    oldest = app.get(f"{API}/stream/contents/{READING}?n=5&r=o").json()
    assert [i["title"] for i in oldest["items"]] == [corpus["a"].title, corpus["b"].title]
    assert app.get(f"{API}/stream/contents/{READING}?c=forged").status_code == 400


def test_feed_streams_by_id_and_by_url(app, corpus):
    andes = Source.objects.get(slug="andes")
    by_id = app.get(f"{API}/stream/contents/feed/{andes.pk}").json()
    by_url = app.get(f"{API}/stream/contents/feed%2Fhttps%3A%2F%2Fandes.example%2Ffeed").json()
    assert (
        [i["title"] for i in by_id["items"]]
        == [i["title"] for i in by_url["items"]]
        == [corpus["a"].title]
    )
    assert app.get(f"{API}/stream/contents/feed/999999").status_code == 404


def test_mark_all_as_read_and_unread_count(app, reader, corpus):
    counts = app.get(f"{API}/unread-count?output=json").json()["unreadcounts"]
    assert {c["id"]: c["count"] for c in counts}[READING] == 2
    andes = Source.objects.get(slug="andes")
    token = action_token(app)
    assert (
        app.post(f"{API}/mark-all-as-read", {"s": f"feed/{andes.pk}", "T": token}).content == b"OK"
    )
    assert readers.read_article_ids(reader, [corpus["a"].pk, corpus["b"].pk]) == {corpus["a"].pk}
    counts = app.get(f"{API}/unread-count?output=json").json()["unreadcounts"]
    assert {c["id"]: c["count"] for c in counts}[READING] == 1


def test_subscribe_and_unsubscribe_follow_existing_sources(app, reader, corpus):
    nordic = Source.objects.get(slug="nordic")
    token = action_token(app)
    app.post(f"{API}/subscription/edit", {"ac": "subscribe", "s": f"feed/{nordic.pk}", "T": token})
    assert readers.is_following(reader, nordic)
    app.post(
        f"{API}/subscription/edit", {"ac": "unsubscribe", "s": f"feed/{nordic.pk}", "T": token}
    )
    assert not readers.is_following(reader, nordic)
    unknown = app.post(
        f"{API}/subscription/edit",
        {"ac": "subscribe", "s": "feed/https://new.example/rss", "T": token},
    )
    assert unknown.status_code == 400


def test_the_root_prefix_serves_the_same_api(app):
    assert app.get("/reader/api/0/user-info").json()["userEmail"] == "ana@example.org"


def test_another_readers_edits_change_nothing_of_the_owner(app, reader, other_reader, corpus):
    readers.mark_read(reader, corpus["a"])
    readers.save_article(reader, corpus["a"])
    other = login(Client(), email="bo@example.org")
    auth = dict(line.split("=", 1) for line in other.content.decode().splitlines())["Auth"]
    bo = Client(headers={"Authorization": f"GoogleLogin auth={auth}"})
    token = bo.get(f"{API}/token").content.decode()
    assert token != action_token(app)
    i = str(corpus["a"].pk)
    bo.post(f"{API}/edit-tag", {"i": i, "r": READ, "T": token})
    bo.post(f"{API}/edit-tag", {"i": i, "r": STARRED, "T": token})
    bo.post(f"{API}/mark-all-as-read", {"s": READING, "T": token})
    bo.post(
        f"{API}/subscription/edit",
        {"ac": "unsubscribe", "s": f"feed/{corpus['a'].source_id}", "T": token},
    )
    # Bo's T does not work with Ana's sign-in either.
    assert app.post(f"{API}/edit-tag", {"i": i, "r": READ, "T": token}).status_code == 401
    assert readers.read_article_ids(reader, [corpus["a"].pk]) == {corpus["a"].pk}
    assert list(readers.saved_articles(reader)) == [corpus["a"]]
    assert readers.is_following(reader, corpus["a"].source)


def test_an_api_token_works_as_the_password(reader):
    from broadsheet.api.tests.conftest import bearer

    token = bearer(reader, name="reeder")["Authorization"].removeprefix("Bearer ")
    response = login(Client(), password=token)
    assert response.status_code == 200 and f"Auth={token}" in response.content.decode()
    assert ApiToken.objects.filter(user=reader).count() == 1
    assert login(Client(), email="bo@example.org", password=token).status_code == 401


def test_subscription_list_query_count_does_not_grow(
    app, reader, corpus, django_assert_max_num_queries
):
    readers.follow(reader, Source.objects.get(slug="nordic"))
    # The token (and its last-use stamp), the follows, the sources, their feeds, the folders.
    with django_assert_max_num_queries(6):
        assert len(app.get(f"{API}/subscription/list").json()["subscriptions"]) == 3


def test_a_followed_topic_keeps_its_label_stream_but_is_not_listed_as_a_folder(app, reader, corpus):
    # Apps (NetNewsWire) make a folder of every listed label: only folders are listed.
    link = corpus["a"].topic_links.select_related("topic").first()
    assert link is not None
    readers.follow(reader, link.topic)
    label = f"user/-/label/{link.topic.name}"
    assert app.get(f"{API}/tag/list").json()["tags"] == [{"id": STARRED}]
    ids = app.get(f"{API}/stream/items/ids", {"s": label, "n": 100}).json()["itemRefs"]
    assert str(corpus["a"].pk) in {r["id"] for r in ids}
    starred_only = app.get(f"{API}/stream/items/ids", {"s": label, "it": STARRED}).json()
    assert starred_only["itemRefs"] == []
    assert app.get(f"{API}/stream/contents/user/-/label/nothing-like-this").status_code == 404
