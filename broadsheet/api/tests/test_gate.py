"""What every request passes: ETags and 304s, JSON errors for 404/405/413, rate limits."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from broadsheet.api.tests.conftest import bearer


@pytest.mark.parametrize(
    "path", ["/api/v1/articles", "/api/v1/stories", "/api/v1/sources", "/api/v1/topics"]
)
def test_every_get_has_an_etag_and_answers_304_when_unchanged(client, corpus, path):
    first = client.get(path)
    tag = first["ETag"]
    assert first.status_code == 200 and tag.startswith('"')
    again = client.get(path, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == tag
    assert client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200


def test_the_etag_changes_when_the_data_does(client, corpus):
    tag = client.get("/api/v1/articles")["ETag"]
    corpus["a"].title = "Aftershock follows Peru earthquake"
    corpus["a"].save()
    response = client.get("/api/v1/articles", headers={"If-None-Match": tag})
    assert response.status_code == 200 and response["ETag"] != tag


def test_reader_specific_responses_vary_on_credentials(as_reader):
    response = as_reader.get("/api/v1/me")
    assert {"Authorization", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}


def test_unknown_paths_and_wrong_methods_get_json_errors(client, db):
    missing = client.get("/api/v1/nothing/here")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    wrong = client.delete("/api/v1/articles")
    assert wrong.status_code == 405 and wrong.json()["error"]["code"] == "method_not_allowed"
    assert "GET" in wrong["Allow"]


@override_settings(API_MAX_BODY_BYTES=2048)
def test_a_body_over_the_limit_is_a_413(client, corpus):
    body = '{"question": "' + "x" * 5000 + '"}'
    response = client.post(
        f"/api/v1/articles/{corpus['a'].public_id}/ask", body, content_type="application/json"
    )
    assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"


def test_a_malformed_json_body_is_a_client_error(as_reader, corpus):
    response = as_reader.post(
        f"/api/v1/articles/{corpus['a'].public_id}/comments",
        "{not json",
        content_type="application/json",
    )
    assert response.status_code in (400, 422) and "error" in response.json()


@override_settings(API_RATE_LIMIT_IP=5)
def test_the_address_limit_answers_429_with_retry_after(client, db):
    statuses = [client.get("/api/v1/sources").status_code for _ in range(7)]
    assert statuses == [200] * 5 + [429] * 2
    limited = client.get("/api/v1/sources")
    assert limited.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(limited["Retry-After"]) <= 60


@override_settings(API_RATE_LIMIT_TOKEN=3, API_RATE_LIMIT_IP=1000)
def test_each_token_has_its_own_limit(reader, other_reader):
    mine, theirs = Client(headers=bearer(reader)), Client(headers=bearer(other_reader))
    assert [mine.get("/api/v1/me").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert theirs.get("/api/v1/me").status_code == 200


def test_openapi_and_docs_are_served_without_a_cdn(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/articles" in schema["paths"]
    docs = client.get("/api/v1/docs").content.decode()
    assert "/api/v1/openapi.json" in docs and "cdn." not in docs


@pytest.mark.parametrize(
    "query", ["since=1275-07-23T11:47:31-21:34", "until=0001-01-01T00:00:00%2B05:00", "q=x%00y"]
)
def test_odd_times_and_nul_bytes_are_client_errors_on_every_database(client, corpus, query):
    for path in ("/api/v1/articles", "/api/v1/stories", "/api/v1/search?q=peru"):
        response = client.get(f"{path}{'&' if '?' in path else '?'}{query}")
        assert response.status_code in (200, 400, 422), (path, response.content)
