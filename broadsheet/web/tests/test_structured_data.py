"""Article and story pages carry NewsArticle JSON-LD, Open Graph and a canonical link,
and no headline can break out of the JSON-LD script."""

from __future__ import annotations

import json

import pytest
from lxml import html as lxml_html

from broadsheet.articles.services import upsert_article
from broadsheet.lib.testing.safety import executable_parts
from broadsheet.stories.models import ArticleTopic, Story, Topic

BREAKOUT = "</script><script>alert(1)</script>"


def _json_ld(page: str) -> list[dict]:
    root = lxml_html.document_fromstring(page)
    return [json.loads(s.text) for s in root.xpath('//script[@type="application/ld+json"]')]


def _meta(page: str) -> dict[str, str]:
    root = lxml_html.document_fromstring(page)
    return {m.get("property"): m.get("content") for m in root.xpath("//meta[@property]")}


@pytest.fixture
def article(feed, make_draft):
    stored = upsert_article(
        make_draft(title=f"Ferry {BREAKOUT} resumes", image_url="https://harbour.example/i.jpg"),
        source=feed.source,
        feed=feed,
    )
    topic = Topic.objects.create(slug="transport", name="Transport")
    ArticleTopic.objects.create(article=stored, topic=topic, score=1)
    return stored


def test_article_page_has_news_article_json_ld_og_tags_and_publisher_canonical(client, article):
    page = client.get(f"/en/article/{article.public_id}").content.decode()
    (data,) = _json_ld(page)
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert data["url"] == "https://harbour.example/a/1"
    assert data["datePublished"] == article.published_at.isoformat()
    assert data["author"] == [{"@type": "Person", "name": "Ana Ruiz"}]
    assert data["publisher"]["name"] == "Harbour Wire"
    assert data["image"] == ["https://harbour.example/i.jpg"]
    assert '<link rel="canonical" href="https://harbour.example/a/1">' in page
    meta = _meta(page)
    assert meta["og:type"] == "article" and meta["og:title"] == article.title
    assert meta["og:url"] == "https://harbour.example/a/1"
    assert meta["og:image"] == "https://harbour.example/i.jpg"
    assert meta["article:tag"] == "Transport"


def test_story_page_has_news_article_json_ld_citing_its_coverage(client, article):
    story = Story.objects.create(public_id="st1", title=f"Ferries {BREAKOUT}")
    article.story = story
    article.save()
    page = client.get("/en/story/st1").content.decode()
    (data,) = _json_ld(page)
    assert data["@type"] == "NewsArticle" and data["headline"] == story.title
    assert data["url"] == "http://testserver/en/story/st1"
    assert [c["url"] for c in data["citation"]] == ["https://harbour.example/a/1"]
    meta = _meta(page)
    assert meta["og:title"] == story.title and meta["og:url"] == "http://testserver/en/story/st1"


def test_a_script_closing_headline_cannot_break_out_of_json_ld(client, article):
    story = Story.objects.create(public_id="st1", title=f"Ferries {BREAKOUT}")
    article.story = story
    article.save()
    for url in (f"/en/article/{article.public_id}", "/en/story/st1"):
        page = client.get(url).content.decode()
        assert BREAKOUT not in page
        assert "\\u003C/script\\u003E" in page
        assert executable_parts(page) == []


def test_safety_check_accepts_only_plain_json_ld_scripts():
    def page(script: str) -> str:
        return f"<html><head>{script}</head><body></body></html>"

    assert executable_parts(page('<script type="application/ld+json">{"a": 1}</script>')) == []
    assert executable_parts(page('<script type="application/ld+json" src="/x.js"></script>'))
    assert executable_parts(page('<script type="text/javascript">alert(1)</script>'))
    assert executable_parts(page("<script>alert(1)</script>"))
