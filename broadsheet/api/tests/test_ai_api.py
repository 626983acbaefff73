"""The AI endpoints of /api/v1: shapes, citations, not-found and validation errors."""

from __future__ import annotations

import json

from broadsheet.articles.models import Article
from broadsheet.stories.placement import place_articles
from broadsheet.stories.tests.test_story_assignment import QUAKE, QUAKE_2, store


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_article_summary_cites_article_sentences(client, db):
    article = store("Earthquake kills four in southern Peru", QUAKE, source="andes", n=1)
    data = client.get(f"/api/v1/articles/{article.public_id}/summary").json()
    assert data["method"] == "offline-extractive"
    assert 1 <= len(data["sentences"]) <= 5
    for sentence in data["sentences"]:
        assert sentence["citations"] and all(c["text"] in QUAKE for c in sentence["citations"])


def test_article_ask_finds_an_answer_or_says_not_found(client, db):
    article = store("Earthquake kills four in southern Peru", QUAKE, source="andes", n=1)
    found = post(
        client, f"/api/v1/articles/{article.public_id}/ask", {"question": "Who is the president?"}
    ).json()
    assert found["found"] and "Vizcarra" in found["answer"] and found["citations"]
    assert "Vizcarra" in found["short"] and found["short"] in found["answer"]
    missing = post(
        client,
        f"/api/v1/articles/{article.public_id}/ask",
        {"question": "What did the football team score?"},
    ).json()
    assert missing == {
        "found": False, "answer": None, "short": None, "citations": [], "method": missing["method"]
    }  # fmt: skip


def test_story_summary_citations_name_their_article(client, db):
    a = store("Earthquake kills four in southern Peru", QUAKE, source="andes", n=1, hours_ago=5)
    b = store("Peru quake: rescuers search homes near Arequipa", QUAKE_2, source="pacific", n=2)
    place_articles([a.pk, b.pk])
    story = Article.objects.get(pk=a.pk).story
    data = client.get(f"/api/v1/stories/{story.public_id}/summary").json()
    articles = {c["article"] for s in data["sentences"] for c in s["citations"]}
    assert articles and articles <= {a.public_id, b.public_id}
    labels = {c["article"]: c["label"] for s in data["sentences"] for c in s["citations"]}
    assert set(labels.values()) <= {a.source.name, b.source.name}
    answer = post(
        client, f"/api/v1/stories/{story.public_id}/ask", {"question": "How many people died?"}
    ).json()
    assert answer["found"] and answer["citations"][0]["article"] in {a.public_id, b.public_id}


def test_unknown_ids_and_bad_questions_get_the_error_format(client, db):
    response = client.get("/api/v1/articles/nope/summary")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    article = store("Earthquake kills four in southern Peru", QUAKE, source="andes", n=1)
    response = post(client, f"/api/v1/articles/{article.public_id}/ask", {"question": ""})
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid"
    response = post(client, f"/api/v1/articles/{article.public_id}/ask", {"nothing": 1})
    assert response.status_code == 422 and "question" in json.dumps(
        response.json()["error"]["fields"]
    )


def test_openapi_document_is_served(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/articles/{public_id}/summary" in paths


def test_long_marked_up_or_foreign_questions_get_a_4xx_or_a_refusal(client, db):
    article = store("Earthquake kills four in southern Peru", QUAKE, source="andes", n=1)
    url = f"/api/v1/articles/{article.public_id}/ask"
    assert post(client, url, {"question": "x" * 10_000}).status_code == 422
    for question in ("<script>alert(1)</script>" * 10, "¿Cuántas personas murieron?", "   "):
        response = post(client, url, {"question": question})
        assert response.status_code in (200, 422), response.status_code
        if response.status_code == 200:
            assert response.json()["found"] is False
