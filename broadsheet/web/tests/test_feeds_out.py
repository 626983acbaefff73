"""Our RSS, Atom and JSON Feed outputs follow their specifications and never emit markup."""

from __future__ import annotations

import json
from email.utils import parsedate_to_datetime

import pytest
from lxml import etree

from broadsheet.articles.services import upsert_article
from broadsheet.stories.models import ArticleEntity, ArticleTopic, Entity, Story, Topic

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = "<script>alert(1)</script>"


@pytest.fixture
def article(feed, make_draft):
    stored = upsert_article(
        make_draft(summary=f"Ferries {HOSTILE} run again."), source=feed.source, feed=feed
    )
    topic = Topic.objects.create(slug="transport", name="Transport")
    ArticleTopic.objects.create(article=stored, topic=topic, score=1)
    entity = Entity.objects.create(slug="port-authority", kind="organisation", name="Port")
    ArticleEntity.objects.create(article=stored, entity=entity)
    story = Story.objects.create(public_id="st1", title="Ferries")
    stored.story = story
    stored.save()
    return stored


FEEDS = [
    "/feeds/latest",
    "/feeds/source/harbour-wire",
    "/feeds/topic/transport",
    "/feeds/entity/port-authority",
    "/feeds/story/st1",
]


@pytest.mark.parametrize("stem", FEEDS)
def test_rss_has_the_required_channel_and_item_elements_and_rfc822_dates(client, article, stem):
    response = client.get(f"{stem}.rss")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = etree.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for required in ("title", "link", "description"):
        assert channel.findtext(required)
    assert channel.findtext("link").startswith("http://testserver/en/")
    item = channel.find("item")
    assert item.findtext("title") == "Ferry service resumes"
    assert item.findtext("link") == f"http://testserver/en/article/{article.public_id}"
    assert item.findtext("guid") == item.findtext("link")
    assert item.findtext("{http://purl.org/dc/elements/1.1/}source") == article.url
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Ana Ruiz"
    assert parsedate_to_datetime(item.findtext("pubDate")) == article.published_at.replace(
        microsecond=0
    )
    assert [c.text for c in item.findall("category")] == ["Transport"]


@pytest.mark.parametrize("stem", FEEDS)
def test_atom_has_the_required_feed_and_entry_elements(client, article, stem):
    response = client.get(f"{stem}.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = etree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.findtext(f"{ATOM}{required}")
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == f"http://testserver{stem}.atom"
    entry = root.find(f"{ATOM}entry")
    for required in ("id", "title", "updated"):
        assert entry.findtext(f"{ATOM}{required}")
    link = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
    assert link == f"http://testserver/en/article/{article.public_id}"
    assert entry.find(f"{ATOM}link[@rel='via']").get("href") == article.url
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Ana Ruiz"
    assert entry.find(f"{ATOM}category").get("term") == "Transport"


@pytest.mark.parametrize("stem", FEEDS)
def test_json_feed_has_the_version_and_required_fields(client, article, stem):
    response = client.get(f"{stem}.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/feed+json"
    document = json.loads(response.content)
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["title"] and document["feed_url"] == f"http://testserver{stem}.json"
    assert document["home_page_url"].startswith("http://testserver/en/")
    (item,) = document["items"]
    assert item["id"] == item["url"] == f"http://testserver/en/article/{article.public_id}"
    assert item["external_url"] == article.url
    assert item["content_text"] and item["summary"] == item["content_text"]
    assert item["authors"] == [{"name": "Ana Ruiz"}] and item["tags"] == ["Transport"]
    assert item["date_published"] == article.published_at.isoformat()


def test_hostile_summary_is_text_in_every_format_never_markup(client, article):
    rss = etree.fromstring(client.get("/feeds/latest.rss").content)
    description = rss.find("channel/item/description").text
    assert "<script" not in description and "&lt;script&gt;" in description
    atom = etree.fromstring(client.get("/feeds/latest.atom").content)
    summary = atom.find(f"{ATOM}entry/{ATOM}summary")
    assert summary.get("type") == "html" and "<script" not in summary.text
    item = json.loads(client.get("/feeds/latest.json").content)["items"][0]
    assert "content_html" not in item and HOSTILE in item["content_text"]


def test_feeds_of_unknown_things_are_404(client, db):
    for stem in ("/feeds/source/nope", "/feeds/topic/nope", "/feeds/story/nope"):
        for ext in ("rss", "atom", "json"):
            assert client.get(f"{stem}.{ext}").status_code == 404


def test_pages_advertise_their_feeds(client, article):
    pages = {
        "/en/": "/feeds/latest",
        "/en/source/harbour-wire": "/feeds/source/harbour-wire",
        "/en/topic/transport": "/feeds/topic/transport",
        "/en/entity/port-authority": "/feeds/entity/port-authority",
        "/en/story/st1": "/feeds/story/st1",
    }
    for page, stem in pages.items():
        html = client.get(page).content.decode()
        for ext, mime in (("rss", "rss+xml"), ("atom", "atom+xml"), ("json", "feed+json")):
            assert f'<link rel="alternate" type="application/{mime}"' in html
            assert f'href="{stem}.{ext}"' in html
