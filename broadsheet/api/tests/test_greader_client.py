"""libgreader, a Python Google Reader client from the package index, drives our server."""

from __future__ import annotations

import pytest

from broadsheet.readers import services as readers
from broadsheet.sources.models import Source

libgreader = pytest.importorskip("libgreader")
GOOGLE_API = "https://www.google.com/reader/api"


@pytest.fixture
def pointed_at(live_server, monkeypatch):
    """libgreader with its Google URLs pointed at the live server (it has no base-URL option)."""
    from libgreader.auth import ClientAuthMethod
    from libgreader.url import ReaderUrl

    base = f"{live_server.url}/api/greader.php"
    for name, value in list(vars(ReaderUrl).items()):
        if isinstance(value, str) and value.startswith(GOOGLE_API):
            monkeypatch.setattr(ReaderUrl, name, value.replace(GOOGLE_API, f"{base}/reader/api"))
    monkeypatch.setattr(ClientAuthMethod, "CLIENT_URL", f"{base}/accounts/ClientLogin")
    return base


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_libgreader_signs_in_lists_reads_and_marks_items(pointed_at, reader, corpus):
    from libgreader import ClientAuthMethod, GoogleReader

    readers.follow(reader, Source.objects.get(slug="andes"))
    readers.follow(reader, Source.objects.get(slug="pacific"))
    client = GoogleReader(ClientAuthMethod("ana@example.org", "correct horse 9"))
    assert client.getUserInfo()["userEmail"] == "ana@example.org"
    assert client.buildSubscriptionList()
    feeds = {feed.title: feed for feed in client.getSubscriptionList()}
    assert set(feeds) == {"Andes", "Pacific"} and feeds["Andes"].unread == 1
    andes = feeds["Andes"]
    andes.loadItems()
    assert [item.title for item in andes.getItems()] == [corpus["a"].title]
    item = andes.getItems()[0]
    assert item.url == corpus["a"].url and not item.isRead()
    assert item.markRead() and item.star()
    assert readers.read_article_ids(reader, [corpus["a"].pk]) == {corpus["a"].pk}
    assert list(readers.saved_articles(reader)) == [corpus["a"]]
    assert item.unStar() and not readers.saved_articles(reader).exists()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_libgreader_reads_folders_and_the_ot_nt_window(pointed_at, reader, corpus):
    from datetime import timedelta

    from django.utils import timezone
    from libgreader import ClientAuthMethod, GoogleReader

    from broadsheet.readers import folders

    folders.file_source(reader, Source.objects.get(slug="andes"), folder="South America")
    folders.file_source(reader, Source.objects.get(slug="pacific"), folder="South America")
    client = GoogleReader(ClientAuthMethod("ana@example.org", "correct horse 9"))
    assert client.buildSubscriptionList()
    [category] = client.getCategories()
    assert category.label == "South America" and len(category.getFeeds()) == 2
    assert category.unread == 2
    # since is `ot`: the oldest time wanted. Both articles are hours old.
    category.loadItems(since=int((timezone.now() - timedelta(days=90)).timestamp()))
    assert {item.title for item in category.getItems()} == {corpus["a"].title, corpus["b"].title}
    # until is `nt`: nothing is older than ten days.
    category.loadItems(until=int((timezone.now() - timedelta(days=10)).timestamp()))
    assert category.getItems() == []
    andes = next(f for f in client.getSubscriptionList() if f.title == "Andes")
    assert client.markFeedAsRead(andes)
    assert readers.read_article_ids(reader, [corpus["a"].pk, corpus["b"].pk]) == {corpus["a"].pk}
