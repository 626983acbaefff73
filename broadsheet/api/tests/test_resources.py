"""Articles, stories, sources, topics, entities and search as JSON, with their filters."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from broadsheet.articles.models import Article
from broadsheet.search import get_backend
from broadsheet.stories.models import Story


def test_article_list_is_newest_first_with_source_and_story(client, corpus):
    data = client.get("/api/v1/articles").json()
    ids = [item["id"] for item in data["items"]]
    assert ids == [corpus["b"].public_id, corpus["a"].public_id, corpus["c"].public_id]
    first = data["items"][0]
    assert first["source"] == {"slug": "pacific", "name": "Pacific"}
    assert first["story"] == Article.objects.get(pk=corpus["b"].pk).story.public_id
    assert "body" not in first and data["next_cursor"] is None


def test_article_list_filters_by_source_language_and_time(client, corpus):
    def ids(query: str) -> list[str]:
        return [i["id"] for i in client.get(f"/api/v1/articles?{query}").json()["items"]]

    assert ids("source=andes") == [corpus["a"].public_id]
    assert ids("source=nowhere") == []
    assert ids("language=fr") == []
    assert len(ids("language=en")) == 3
    cut = (timezone.now() - timedelta(hours=7)).isoformat().replace("+00:00", "Z")
    assert corpus["c"].public_id not in ids(f"since={cut}")
    assert ids(f"until={cut}") == [corpus["c"].public_id]


def test_article_list_filters_by_topic_and_entity(client, corpus):
    article = corpus["a"]
    topic = article.topic_links.select_related("topic").first()
    entity = article.entity_links.select_related("entity").first()
    assert topic is not None and entity is not None, "the corpus should be tagged"
    by_topic = client.get(f"/api/v1/articles?topic={topic.topic.slug}").json()["items"]
    by_entity = client.get(f"/api/v1/articles?entity={entity.entity.slug}").json()["items"]
    assert article.public_id in {i["id"] for i in by_topic}
    assert article.public_id in {i["id"] for i in by_entity}


def test_article_detail_has_body_paragraphs_topics_and_entities(client, corpus):
    article = corpus["a"]
    data = client.get(f"/api/v1/articles/{article.public_id}").json()
    assert data["body"] == article.body and data["paragraphs"] == article.paragraphs
    assert data["topics"] and data["entities"]
    assert {"slug", "name", "kind", "country", "aliases"} <= set(data["entities"][0])


def test_article_list_query_count_does_not_grow_with_rows(
    client, corpus, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        assert len(client.get("/api/v1/articles").json()["items"]) == 3


def test_story_detail_has_coverage_and_timeline(client, corpus, django_assert_max_num_queries):
    story = Article.objects.get(pk=corpus["a"].pk).story
    with django_assert_max_num_queries(4):
        data = client.get(f"/api/v1/stories/{story.public_id}").json()
    assert data["source_count"] == 2 and data["article_count"] == 2
    covered = {c["article"]["id"] for c in data["coverage"]}
    assert covered == {corpus["a"].public_id, corpus["b"].public_id}
    assert [t["article"] for t in data["timeline"]] == [
        corpus["a"].public_id,
        corpus["b"].public_id,
    ]


def test_merged_story_answers_with_the_survivor(client, corpus):
    survivor = Article.objects.get(pk=corpus["a"].pk).story
    absorbed = Story.objects.create(public_id="ABSORBED0001", title="x", merged_into=survivor)
    data = client.get(f"/api/v1/stories/{absorbed.public_id}").json()
    assert data["id"] == survivor.public_id


def test_story_list_filters_by_source(client, corpus):
    data = client.get("/api/v1/stories?source=nordic").json()
    assert [s["id"] for s in data["items"]] == [
        Article.objects.get(pk=corpus["c"].pk).story.public_id
    ]


def test_sources_topics_and_entities_list_and_detail(client, corpus):
    sources = client.get("/api/v1/sources").json()["items"]
    assert [s["slug"] for s in sources] == ["andes", "nordic", "pacific"]
    detail = client.get("/api/v1/sources/andes").json()
    assert detail["feeds"][0]["url"] == "https://andes.example/feed"
    assert detail["feeds"][0]["health"] == "new"
    assert detail["feeds"][0]["failed_entries"] == 0
    topics = client.get("/api/v1/topics").json()["items"]
    assert topics and client.get(f"/api/v1/topics/{topics[0]['slug']}").json()["stories"]
    entities = client.get("/api/v1/entities?limit=100").json()["items"]
    assert entities
    one = client.get(f"/api/v1/entities/{entities[0]['slug']}").json()
    assert one["name"] == entities[0]["name"] and one["stories"]
    assert client.get("/api/v1/sources/nope").status_code == 404


def test_search_finds_highlighted_articles_and_pages_with_a_cursor(client, corpus):
    get_backend().index_articles([a.pk for a in corpus.values()])
    data = client.get("/api/v1/search?q=earthquake").json()
    assert corpus["a"].public_id in {h["article"]["id"] for h in data["items"]}
    assert "<mark>" in "".join(h["title_html"] + h["snippet_html"] for h in data["items"])
    both = client.get("/api/v1/search?q=peru&limit=1").json()
    assert both["total"] == 2 and both["next_cursor"]
    second = client.get(f"/api/v1/search?q=peru&limit=1&cursor={both['next_cursor']}").json()
    assert second["items"][0]["article"]["id"] != both["items"][0]["article"]["id"]
    assert second["next_cursor"] is None
    assert client.get("/api/v1/search?q=").status_code == 422


def test_search_html_fields_never_carry_publisher_markup(client, corpus):
    article = corpus["c"]
    Article.objects.filter(pk=article.pk).update(title="<script>alert(1)</script> election")
    get_backend().index_articles([article.pk])
    data = client.get("/api/v1/search?q=election").json()
    html = "".join(h["title_html"] + h["snippet_html"] for h in data["items"])
    assert "<script" not in html and "&lt;script&gt;" in html


def test_only_http_urls_reach_apps(client, corpus):
    Article.objects.filter(pk=corpus["a"].pk).update(image_url="javascript:alert(1)")
    data = client.get(f"/api/v1/articles/{corpus['a'].public_id}").json()
    assert data["image_url"] == "" and data["url"].startswith("https://")
