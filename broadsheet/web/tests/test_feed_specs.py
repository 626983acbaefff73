"""Every feed we publish, including saved-search feeds, passes its specification's rules."""

from __future__ import annotations

import json

import pytest

from broadsheet.articles.services import upsert_article
from broadsheet.search import get_backend
from broadsheet.stories.models import ArticleEntity, ArticleTopic, Entity, Story, Topic
from broadsheet.web.tests.feed_specs import ATOM, check_atom, check_json_feed, check_rss

STEMS = [
    "/feeds/latest",
    "/feeds/source/harbour-wire",
    "/feeds/topic/transport",
    "/feeds/entity/port-authority",
    "/feeds/story/st1",
]
SEARCH = "/feeds/search"


@pytest.fixture
def articles(feed, make_draft):
    ferry = upsert_article(make_draft(), source=feed.source, feed=feed)
    strike = upsert_article(
        make_draft("https://harbour.example/a/2", title="Dock strike ends <b>today</b>",
                   summary="Crews return.", body="Ferry crews return to work.", author=""),
        source=feed.source, feed=feed,
    )  # fmt: skip
    topic = Topic.objects.create(slug="transport", name="Transport")
    entity = Entity.objects.create(slug="port-authority", kind="organisation", name="Port")
    story = Story.objects.create(public_id="st1", title="Ferries")
    for article in (ferry, strike):
        ArticleTopic.objects.create(article=article, topic=topic, score=1)
        ArticleEntity.objects.create(article=article, entity=entity)
        article.story = story
        article.save()
    get_backend().index_articles([ferry.pk, strike.pk])
    return ferry, strike


@pytest.mark.parametrize("stem", [*STEMS, f"{SEARCH}?q=ferry"])
def test_every_feed_follows_rss_atom_and_json_feed(client, articles, stem):
    base, _, query = stem.partition("?")
    suffix = f"?{query}" if query else ""
    check_rss(client.get(f"{base}.rss{suffix}").content)
    check_atom(client.get(f"{base}.atom{suffix}").content)
    check_json_feed(json.loads(client.get(f"{base}.json{suffix}").content))


def test_a_search_feed_holds_the_matches_and_links_back_to_its_query(client, articles):
    ferry, strike = articles
    atom = check_atom(client.get(f"{SEARCH}.atom?q=strike&lang=en").content)
    titles = [e.findtext(f"{ATOM}title") for e in atom.findall(f"{ATOM}entry")]
    assert titles == [strike.title]
    self_link = atom.find(f"{ATOM}link[@rel='self']").get("href")
    assert self_link == "http://testserver/feeds/search.atom?q=strike&lang=en"
    document = json.loads(client.get(f"{SEARCH}.json?q=ferry").content)
    assert {i["title"] for i in document["items"]} == {ferry.title, strike.title}
    assert document["feed_url"] == "http://testserver/feeds/search.json?q=ferry"
    assert document["home_page_url"] == "http://testserver/en/search?q=ferry"
    rss = check_rss(client.get(f"{SEARCH}.rss?q=%22dock+strike%22").content)
    assert [i.findtext("title") for i in rss.iter("item")] == [strike.title]


def test_a_search_feed_without_a_query_is_404(client, db):
    for ext in ("rss", "atom", "json"):
        assert client.get(f"{SEARCH}.{ext}").status_code == 404
        assert client.get(f"{SEARCH}.{ext}?q=+").status_code == 404


def test_markup_in_titles_stays_text_in_search_feeds(client, articles):
    item = json.loads(client.get(f"{SEARCH}.json?q=strike").content)["items"][0]
    assert item["title"] == "Dock strike ends <b>today</b>" and "content_html" not in item
    rss = check_rss(client.get(f"{SEARCH}.rss?q=strike").content)
    assert rss.find("channel/item/title").text == "Dock strike ends <b>today</b>"
