"""NetNewsWire's Google Reader sequence, request by request, against the live server.

The requests are the ones its ReaderAPICaller sends (form bodies built by hand, item ids
as unpadded or 16-digit hex, `ot` = the oldest time wanted, `n=1000`, continuations).
"""

from __future__ import annotations

import pytest

from broadsheet.api.tests.conftest import make_reader
from broadsheet.api.tests.reader_apps import (
    AGES,
    days_ago,
    poll_all_feeds,
    sign_in,
)
from broadsheet.articles.models import Article
from broadsheet.lib.testing.publisher import Page
from broadsheet.readers import folders
from broadsheet.readers import services as readers

API = "/reader/api/0"  # under the base URL the app was given
READING = "user/-/state/com.google/reading-list"
READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def item_ids(app, **params) -> list[str]:
    """retrieveItemIDs: n=1000, output=json, following continuations to the end."""
    query = {"n": "1000", "output": "json", **params}
    found: list[str] = []
    while True:
        answer = app.get(f"{API}/stream/items/ids", params=query)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        found += [ref["id"] for ref in body.get("itemRefs", [])]
        if not body.get("continuation"):
            return found
        query["c"] = body["continuation"]


def post(app, endpoint: str, body: str):
    return app.post(f"{API}/{endpoint}", content=body.encode(), headers=FORM)


@pytest.mark.django_db(transaction=True)
def test_netnewswire_adds_a_feed_syncs_and_manages_folders(live_server, gazette, loopback_fetching):
    ana = make_reader("ana@example.org", "Ana")
    app = sign_in(f"{live_server.url}/api/greader.php", "ana@example.org", "correct horse 9")
    # refreshAccount on a new account: no folders, no subscriptions.
    assert app.get(f"{API}/tag/list", params={"output": "json"}).json()["tags"] == [{"id": STARRED}]
    assert app.get(f"{API}/subscription/list", params={"output": "json"}).json() == {
        "subscriptions": []
    }
    token = app.get(f"{API}/token").text.strip()
    # createSubscription: quickadd with the site's home page; the feed is found from it.
    added = post(app, "subscription/quickadd", f"T={token}&quickadd={gazette.base}/").json()
    assert added["numResults"] == 1 and added["streamId"].startswith("feed/")
    stream = added["streamId"]
    subs = app.get(f"{API}/subscription/list", params={"output": "json"}).json()["subscriptions"]
    assert [s["id"] for s in subs] == [stream] and subs[0]["url"] == f"{gazette.base}/rss.xml"
    # addFeed to a folder, then renameFeed (ac=edit with a= and t=).
    post(app, "subscription/edit", f"T={token}&s={stream}&ac=edit&a=user/-/label/Local%20news")
    post(app, "subscription/edit", f"T={token}&s={stream}&ac=edit&t=Harbour")
    sub = app.get(f"{API}/subscription/list", params={"output": "json"}).json()["subscriptions"][0]
    assert sub["title"] == "Harbour"
    assert sub["categories"] == [{"id": "user/-/label/Local news", "label": "Local news"}]
    assert {"id": "user/-/label/Local news", "type": "folder"} in app.get(
        f"{API}/tag/list", params={"output": "json"}
    ).json()["tags"]

    poll_all_feeds()
    articles = {a.title: a for a in Article.objects.all()}
    assert len(articles) == len(AGES)
    # initialFeedDownload and refreshAll: ot is the OLDEST time wanted (90 days back).
    since = str(int(days_ago(90).timestamp()))
    window = item_ids(app, ot=since, s=stream)
    expected = {str(articles[f"The {name} report"].pk) for name in ("fresh", "recent")}
    assert set(window) == expected
    assert set(item_ids(app, ot=since, s=READING)) == expected
    # nt is the newest: only items up to 5 days ago.
    until = str(int(days_ago(5).timestamp()))
    assert str(articles["The fresh report"].pk) not in item_ids(app, nt=until, s=READING)
    unread = item_ids(app, s=READING, xt=READ)
    assert len(unread) == len(AGES) and item_ids(app, s=STARRED) == []
    # retrieveEntries: unpadded hex long ids, in chunks.
    hex_ids = "&".join(f"i=tag:google.com,2005:reader/item/{int(i):x}" for i in unread)
    entries = post(app, "stream/items/contents", f"T={token}&output=json&{hex_ids}").json()
    assert {e["title"] for e in entries["items"]} == set(articles)
    entry = entries["items"][0]
    assert entry["origin"]["streamId"] == stream
    assert "user/-/label/Local news" in entry["categories"]
    # markArticles: 16-digit hex ids with a=read, a=starred; then unread again.
    fresh = articles["The fresh report"]
    padded = f"i=tag:google.com,2005:reader/item/{fresh.pk:016x}"
    assert post(app, "edit-tag", f"T={token}&{padded}&a={READ}").text == "OK"
    post(app, "edit-tag", f"T={token}&{padded}&a={STARRED}")
    assert str(fresh.pk) not in item_ids(app, s=READING, xt=READ)
    assert item_ids(app, s=STARRED) == [str(fresh.pk)]
    post(app, "edit-tag", f"T={token}&{padded}&r={READ}")
    assert readers.read_article_ids(ana, [fresh.pk]) == set()

    # renameFolder, moveFeed (r= old, a= new), removeFolder.
    renamed = post(
        app, "rename-tag", f"T={token}&s=user/-/label/Local%20news&dest=user/-/label/Harbour"
    )
    assert renamed.text == "OK"
    assert folders.folder_names(ana) == ["Harbour"]
    post(
        app, "subscription/edit",
        f"T={token}&s={stream}&ac=edit&r=user/-/label/Harbour&a=user/-/label/Coast",
    )  # fmt: skip
    assert folders.folders_by_source(ana) == {int(stream[5:]): ["Coast"]}
    assert post(app, "disable-tag", f"T={token}&s=user/-/label/Coast").text == "OK"
    assert folders.folder_names(ana) == ["Harbour"] and folders.folders_by_source(ana) == {}
    # removeFeed
    assert post(app, "subscription/edit", f"T={token}&s={stream}&ac=unsubscribe").text == "OK"
    assert app.get(f"{API}/subscription/list").json()["subscriptions"] == []


@pytest.mark.django_db(transaction=True)
def test_netnewswire_quickadd_of_a_page_without_feeds_answers_no_results(
    live_server, gazette, loopback_fetching
):
    make_reader("ana@example.org", "Ana")
    gazette.pages["/plain"] = Page(b"<html><body>No feeds here.</body></html>")
    app = sign_in(f"{live_server.url}/api/greader.php", "ana@example.org", "correct horse 9")
    token = app.get(f"{API}/token").text
    answer = post(app, "subscription/quickadd", f"T={token}&quickadd={gazette.base}/plain")
    assert answer.status_code == 200
    assert answer.json()["numResults"] == 0 and "no feed found" in answer.json()["error"]
    assert app.get(f"{API}/subscription/list").json()["subscriptions"] == []


@pytest.mark.django_db(transaction=True)
def test_a_huge_n_is_capped_and_paging_still_reaches_every_item(live_server, corpus, reader):
    from broadsheet.sources.models import Source

    for source in Source.objects.all():
        readers.follow(reader, source)
    app = sign_in(f"{live_server.url}/api/greader.php", "ana@example.org", "correct horse 9")
    answer = app.get(f"{API}/stream/items/ids", params={"s": READING, "n": "1000000"})
    assert answer.status_code == 200 and len(answer.json()["itemRefs"]) == 3
    one = app.get(f"{API}/stream/items/ids", params={"s": READING, "n": "1", "r": "o"}).json()
    assert len(one["itemRefs"]) == 1 and one["continuation"]
    assert len(item_ids(app, s=READING, n="1")) == 3
