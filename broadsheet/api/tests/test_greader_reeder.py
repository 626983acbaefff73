"""Reeder's Google Reader sequence against the live server, as FreshRSS documents it for Reeder:
sign-in, subscriptions with folders, unread counts per folder, unread and starred ids,
contents by short ids, a folder stream oldest first with continuations, `T=x` on edits,
and mark-all-as-read of a folder up to a time in microseconds."""

from __future__ import annotations

import pytest

from broadsheet.api.tests.conftest import make_reader
from broadsheet.api.tests.reader_apps import (
    days_ago,
    poll_all_feeds,
    sign_in,
)
from broadsheet.articles.models import Article
from broadsheet.readers import folders
from broadsheet.readers import services as readers
from broadsheet.readers.subscriptions import known_source

API = "/reader/api/0"
READING = "user/-/state/com.google/reading-list"
READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"
NEWS = "user/-/label/News"


@pytest.mark.django_db(transaction=True)
def test_reeder_syncs_a_folder_and_marks_it_read(live_server, gazette, loopback_fetching):
    ana = make_reader("ana@example.org", "Ana")
    app = sign_in(live_server.url, "ana@example.org", "correct horse 9")  # Miniflux-style root
    assert app.get(f"{API}/user-info", params={"output": "json"}).json()["userEmail"] == (
        "ana@example.org"
    )
    # Reeder subscribes by feed URL with a title and a folder in one subscription/edit.
    feed_url = f"{gazette.base}/rss.xml"
    answer = app.post(
        f"{API}/subscription/edit",
        data={"ac": "subscribe", "s": f"feed/{feed_url}", "t": "Harbour", "a": NEWS, "T": "x"},
    )
    assert answer.text == "OK", answer.text
    source = known_source(feed_url)
    assert source is not None and readers.is_following(ana, source)
    assert folders.folders_by_source(ana) == {source.pk: ["News"]}
    poll_all_feeds()
    subs = app.get(f"{API}/subscription/list", params={"output": "json"}).json()["subscriptions"]
    assert subs[0]["title"] == "Harbour" and subs[0]["categories"][0]["id"] == NEWS
    counts = {
        c["id"]: c["count"]
        for c in app.get(f"{API}/unread-count", params={"output": "json"}).json()["unreadcounts"]
    }
    assert counts[NEWS] == counts[READING] == counts[f"feed/{source.pk}"] == 4
    unread = app.get(
        f"{API}/stream/items/ids", params={"s": READING, "xt": READ, "n": "1000"}
    ).json()
    short = [ref["id"] for ref in unread["itemRefs"]]
    assert len(short) == 4
    contents = app.post(f"{API}/stream/items/contents", data={"i": short, "T": "x"}).json()
    assert len(contents["items"]) == 4
    # The folder stream, oldest first, two at a time, items newer than 200 days only.
    page = {"n": "2", "r": "o", "ot": str(int(days_ago(200).timestamp())), "output": "json"}
    first = app.get(f"{API}/stream/contents/{NEWS}", params=page).json()
    titles = [i["title"] for i in first["items"]]
    assert titles == ["The older report", "The recent report"] and first["continuation"]
    rest = app.get(
        f"{API}/stream/contents/{NEWS}", params={**page, "c": first["continuation"]}
    ).json()
    assert [i["title"] for i in rest["items"]] == ["The fresh report"]
    assert "continuation" not in rest
    # Star with Reeder's placeholder token, then mark the folder read up to 5 days ago.
    fresh = Article.objects.get(title="The fresh report")
    app.post(f"{API}/edit-tag", data={"i": str(fresh.pk), "a": STARRED, "T": "x"})
    assert list(readers.saved_articles(ana)) == [fresh]
    usec = str(int(days_ago(5).timestamp() * 1_000_000))
    assert app.post(f"{API}/mark-all-as-read", data={"s": NEWS, "ts": usec, "T": "x"}).text == "OK"
    left = app.get(f"{API}/stream/items/ids", params={"s": NEWS, "xt": READ}).json()["itemRefs"]
    assert [ref["id"] for ref in left] == [str(fresh.pk)]
    # A token that is neither the placeholder nor the real one is still refused.
    refused = app.post(f"{API}/edit-tag", data={"i": str(fresh.pk), "r": STARRED, "T": "stale"})
    assert refused.status_code == 401 and refused.headers["Google-Bad-Token"] == "true"
    assert list(readers.saved_articles(ana)) == [fresh]
