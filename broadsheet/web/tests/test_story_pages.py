"""Story, topic and entity pages; the article page's story, related and tags; query budgets."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from broadsheet.articles.models import Article
from broadsheet.stories.desk import reset_desk
from broadsheet.stories.models import Entity, Story, Topic
from broadsheet.stories.placement import place_articles
from broadsheet.stories.tests.test_story_assignment import ELECTION, QUAKE, QUAKE_2, store


@pytest.fixture
def newsroom(db):
    reset_desk()
    a = store("Earthquake kills four in southern Peru", QUAKE, source="andes", n=1, hours_ago=5)
    b = store("Peru quake: rescuers search homes near Arequipa", QUAKE_2, source="pacific", n=2)
    c = store("Social Democrats win Finnish election", ELECTION, source="nordic", n=3)
    d = store(
        "Peru earthquake damage",
        QUAKE.replace("officials said", "the agency said"),
        source="reprint",
        n=4,
    )
    place_articles([a.pk, b.pk, c.pk, d.pk])
    yield {"quake": a, "follow": b, "election": c, "copy": d}
    reset_desk()


def test_story_page_shows_timeline_and_coverage_by_source_with_copies_folded(client, newsroom):
    newsroom["quake"].refresh_from_db()
    story = Story.objects.get(pk=newsroom["quake"].story_id)
    html = client.get(f"/en/story/{story.public_id}").content.decode()
    assert "Timeline" in html and "Coverage by source" in html
    assert "Andes" in html and "Pacific" in html
    assert "also published by" in html and "Reprint" in html


def test_home_shows_top_story_with_its_source_count(client, newsroom):
    html = client.get("/en/").content.decode()
    assert "Top stories" in html and "3 sources" in html  # two reports and a reprint


def test_home_lists_a_copy_only_once(client, newsroom):
    html = client.get("/en/").content.decode()
    latest = html.split("Latest news", 1)[1]
    assert "Peru earthquake damage" not in latest


def test_article_page_links_its_story_and_the_copies(client, newsroom):
    newsroom["quake"].refresh_from_db()
    html = client.get(f"/en/article/{newsroom['quake'].public_id}").content.decode()
    assert "3 sources cover this" in html
    assert "Also published by" in html


def test_topic_and_entity_pages_list_stories(client, newsroom):
    topic = Topic.objects.first()
    assert client.get(f"/en/topic/{topic.slug}").status_code == 200
    peru = Entity.objects.get(name="Peru")
    html = client.get(f"/en/entity/{peru.slug}").content.decode()
    assert "Peru" in html and "southern Peru" in html or "Arequipa" in html


def test_related_never_shows_the_same_story_or_a_copy(client, newsroom):
    from broadsheet.stories.queries import related_articles

    newsroom["election"].refresh_from_db()
    for article in (newsroom["quake"], newsroom["election"]):
        article.refresh_from_db()
        related = related_articles(article)
        assert all(r.story_id != article.story_id for r in related)
        assert all(r.copy_of_id is None for r in related)
        assert len({r.story_id for r in related}) == len(related)


def test_related_comes_only_from_articles_stored_around_this_one(feed, make_draft, monkeypatch):
    from broadsheet.articles.services import upsert_article
    from broadsheet.stories import queries
    from broadsheet.stories.models import ArticleEntity

    peru = Entity.objects.create(slug="peru", kind="place", name="Peru")
    stored = []
    for n in range(4):
        draft = make_draft(url=f"https://harbour.example/p/{n}", title=f"Peru report {n}")
        stored.append(upsert_article(draft, source=feed.source, feed=feed))
        ArticleEntity.objects.create(article=stored[-1], entity=peru, mentions=3)
    first, *others = stored
    assert {a.pk for a in queries.related_articles(first)} == {a.pk for a in others}
    monkeypatch.setattr(queries, "RELATED_WINDOW", others[1].pk - first.pk)
    assert {a.pk for a in queries.related_articles(first)} == {others[0].pk, others[1].pk}


def test_an_entity_named_in_passing_or_broad_needs_a_shared_topic_to_relate(feed, make_draft):
    """A hotel fire in Delhi relates to another disaster in India and to a report about Delhi,
    not to car-maker loans that name Delhi once, nor to reports that only share India, which
    most articles around it mention."""
    from broadsheet.articles.services import upsert_article
    from broadsheet.stories import queries
    from broadsheet.stories.models import ArticleEntity, ArticleTopic

    india = Entity.objects.create(slug="india", kind="place", name="India")
    delhi = Entity.objects.create(slug="delhi", kind="place", name="Delhi")
    disasters = Topic.objects.create(slug="disasters", name="Disasters")

    def article(n: int, entities: dict[Entity, int], topics: tuple[Topic, ...] = ()) -> Article:
        draft = make_draft(url=f"https://harbour.example/in/{n}", title=f"India report {n}")
        stored = upsert_article(draft, source=feed.source, feed=feed)
        for entity, mentions in entities.items():
            ArticleEntity.objects.create(article=stored, entity=entity, mentions=mentions)
        for topic in topics:
            ArticleTopic.objects.create(article=stored, topic=topic)
        return stored

    fire = article(0, {india: 2, delhi: 4}, (disasters,))
    loans = article(1, {delhi: 1})
    cyclone = article(2, {india: 3}, (disasters,))
    delhi_report = article(3, {delhi: 2})
    mentions = [article(4 + n, {india: 3}) for n in range(4)]  # India: 5 of 7 candidates
    related = {a.pk for a in queries.related_articles(fire)}
    assert related == {cyclone.pk, delhi_report.pk}
    assert loans.pk not in related and not related & {m.pk for m in mentions}


@pytest.mark.parametrize("page", ["home", "article", "story", "topic", "source"])
def test_pages_stay_within_a_dozen_queries(client, newsroom, page):
    newsroom["quake"].refresh_from_db()
    urls = {
        "home": "/en/",
        "article": f"/en/article/{newsroom['quake'].public_id}",
        "story": f"/en/story/{Story.objects.get(pk=newsroom['quake'].story_id).public_id}",
        "topic": f"/en/topic/{Topic.objects.first().slug}",
        "source": "/en/source/andes",
    }
    with CaptureQueriesContext(connection) as queries:
        assert client.get(urls[page]).status_code == 200
    assert len(queries) <= 12, [q["sql"][:120] for q in queries]


def test_where_sources_differ_is_marked_as_the_coverage_language_on_a_french_page(db):
    reset_desk()
    four = QUAKE.replace("at least four people", "four people")
    a = store("Earthquake kills four in southern Peru", four, source="andes", n=1, hours_ago=5)
    b = store(
        "Peru quake: rescuers search homes near Arequipa",
        QUAKE_2.replace("at least four people", "seven people"),
        source="pacific",
        n=2,
    )
    place_articles([a.pk, b.pk])
    a.refresh_from_db()
    story = Story.objects.get(pk=a.story_id)
    from django.test import Client

    html = Client().get(f"/fr/story/{story.public_id}").content.decode()
    assert "Là où les sources divergent" in html
    differ = html.split('class="disagreements"', 1)[1].split(">", 1)[0]
    assert 'lang="en"' in differ  # the counts and their words are quoted from English articles
    reset_desk()
