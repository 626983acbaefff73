"""A reader's OPML: imported into follows, folders and titles, exported back the same way.

fixtures/feedly_style.opml was written for these tests in the shape a Feedly export has:
nine folders, two unrelated feeds both titled "Blog", one feed in two folders, a bookmark.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from lxml import etree

from broadsheet.readers import folders, services
from broadsheet.readers.models import Follow
from broadsheet.readers.subscriptions import export_subscriptions, import_subscriptions
from broadsheet.sources.models import Feed, Source
from broadsheet.sources.opml import OpmlError, parse_opml, render_opml

FEEDLY = (Path(__file__).parent / "fixtures" / "feedly_style.opml").read_bytes()
FOLDERS = ["Business", "Comics", "Culture", "Local", "Podcasts", "Science", "Sport", "Tech",
           "World"]  # fmt: skip


def test_importing_keeps_every_folder_and_tells_same_titled_feeds_apart(reader):
    report = import_subscriptions(reader, FEEDLY)
    assert (report.added, report.followed) == (20, 20)
    assert report.errors == ("line 46: outline 'A bookmark' has no xmlUrl, skipped",)
    assert folders.folder_names(reader) == FOLDERS
    blogs = Source.objects.filter(name="Blog").prefetch_related("feeds")
    assert sorted(s.home_url for s in blogs) == ["https://alice.example/", "https://bob.example/"]
    tech0 = Feed.objects.get(url="https://tech0.example/feed.xml").source
    assert folders.folders_by_source(reader)[tech0.pk] == ["Comics", "Tech"]


def test_an_export_gives_back_the_folders_titles_and_site_urls(reader, sources):
    import_subscriptions(reader, FEEDLY)
    folders.set_subscription_title(reader, sources[0], title="My harbour")
    Feed.objects.create(source=sources[0], url="https://harbour.example/rss")
    exported = parse_opml(render_opml(export_subscriptions(reader), title="Mine"))
    by_url = {(o.feed_url, o.category): o for o in exported.outlines}
    assert {o.category for o in exported.outlines} == {*FOLDERS, None}
    assert by_url[("https://alice.example/blog/rss", "Tech")].home_url == "https://alice.example/"
    assert by_url[("https://bob.example/feed", "Comics")].home_url == "https://bob.example/"
    assert by_url[("https://harbour.example/rss", None)].title == "My harbour"
    # Importing the export into another account gives the same folders.
    from django.contrib.auth.models import User

    bo = User.objects.create_user("bo2@example.org", "bo2@example.org", "pass phrase 77")
    again = import_subscriptions(bo, render_opml(export_subscriptions(reader), title="Mine"))
    assert again.added == 0 and again.errors == ()
    assert folders.folder_names(bo) == FOLDERS
    assert folders.folders_by_source(bo) == folders.folders_by_source(reader)


def test_an_import_fetches_nothing_and_leaves_feeds_due_for_their_first_poll(reader):
    import_subscriptions(reader, FEEDLY)
    assert not Feed.objects.filter(last_fetched_at__isnull=False).exists()
    assert Feed.objects.count() == 20


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("".join(f'<outline text="F{i}" xmlUrl="https://s{i}.example/f"/>' for i in range(100_000)),
         "too many outlines"),
        ('<outline text="f">' * 1000 + '<outline xmlUrl="https://a.example/f"/>'
         + "</outline>" * 1000, "nested deeper"),
    ],
)  # fmt: skip
def test_a_refused_file_stores_nothing(reader, body, reason):
    data = f'<?xml version="1.0"?><opml version="2.0"><body>{body}</body></opml>'.encode()
    with pytest.raises(OpmlError, match=reason):
        import_subscriptions(reader, data)
    assert not Source.objects.exists() and not Follow.objects.exists()


def test_billion_laughs_is_refused_and_stores_nothing(reader):
    lol = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 9))
    data = (
        f'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY l0 "ha">{lol}]><opml><body>'
        '<outline text="&l8;" xmlUrl="https://a.example/f"/></body></opml>'
    ).encode()
    with pytest.raises(OpmlError, match="entities"):
        import_subscriptions(reader, data)
    assert not Source.objects.exists()


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_following_page_imports_and_exports_opml(reader):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = signed_in(reader)
    upload = SimpleUploadedFile("subs.opml", FEEDLY, content_type="text/x-opml")
    response = client.post("/en/following/opml/import", {"opml": upload}, follow=True)
    html = response.content.decode()
    assert "20 feeds followed (20 new to this site)." in html
    assert "Skipped: line 46: outline" in html and "A bookmark" in html
    for name in FOLDERS:
        assert f"<h3>{name}</h3>" in html
    download = client.get("/en/following/opml")
    assert download["Content-Type"].startswith("text/x-opml")
    assert "attachment" in download["Content-Disposition"]
    root = etree.fromstring(download.content)
    assert sorted(o.get("text") for o in root.find("body") if o.get("xmlUrl") is None) == FOLDERS


def test_the_following_page_refuses_a_bad_file_with_its_reason(reader):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = signed_in(reader)
    upload = SimpleUploadedFile("x.opml", b'<rss version="2.0"><channel/></rss>')
    html = client.post("/en/following/opml/import", {"opml": upload}, follow=True).content
    assert "Nothing was imported: not an OPML file: the root element is &lt;rss&gt;" in (
        html.decode()
    )
    assert not Follow.objects.exists()


def test_the_following_page_moves_renames_and_deletes_folders(reader, sources):
    services.follow(reader, sources[0])
    client = signed_in(reader)
    client.post(f"/en/following/file/{sources[0].slug}", {"new_folder": "Coast"})
    assert folders.folders_by_source(reader) == {sources[0].pk: ["Coast"]}
    client.post("/en/following/folders/rename", {"old": "Coast", "new": "Sea"})
    assert folders.folder_names(reader) == ["Sea"]
    client.post(f"/en/following/file/{sources[0].slug}", {"folder": ""})
    assert folders.folders_by_source(reader) == {}
    client.post("/en/following/folders/delete", {"name": "Sea"})
    assert folders.folder_names(reader) == [] and services.is_following(reader, sources[0])
    bad = client.post(f"/en/following/file/{sources[0].slug}", {"new_folder": "x" * 300},
                      follow=True)  # fmt: skip
    assert "longer than 100 characters" in bad.content.decode()
