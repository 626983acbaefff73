"""The OpenAPI document tells the truth: what the API refuses is in it, and every write
takes the token alone (no CSRF), whatever characters its path holds."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from broadsheet.api.v1 import api
from broadsheet.readers import mutes

DOC = "/api/v1/openapi.json"


def schema() -> dict:
    return api.get_openapi_schema()


def test_a_muted_word_with_a_slash_is_removed_with_the_token_alone(as_reader, reader):
    added = as_reader.post(
        "/api/v1/me/mutes/words", json.dumps({"word": "a/b"}), content_type="application/json"
    )
    assert added.status_code == 200 and added.json()["words"] == ["a/b"]
    removed = as_reader.delete("/api/v1/me/mutes/words/a%2Fb")
    assert removed.status_code == 204
    assert mutes.muted_for(reader).words == ()


def test_an_unknown_api_path_answers_json_404_not_a_csrf_page(reader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)("/api/v1/me/nothing/here")
        assert response.status_code == 404, method
        assert response["Content-Type"].startswith("application/json")


def test_every_write_route_takes_the_token_without_csrf(as_reader, corpus):
    """No write answers Django's HTML CSRF page when called with a token (any status is fine:
    the route may refuse the dummy input, but as the API, in JSON)."""
    for path, operations in schema()["paths"].items():
        url = path.replace("{", "").replace("}", "").replace("path:", "")
        for method in operations:
            if method == "get":
                continue
            response = getattr(as_reader, method)(url, "{}", content_type="application/json")
            if response.content:  # a 204 has no body to judge
                assert response["Content-Type"].startswith("application/json"), (method, url)
            assert b"CSRF" not in response.content, (method, url)


@pytest.mark.parametrize("value", ["0.5", "1700000000", "-1", "1e9"])
def test_a_number_is_not_a_date_and_time(as_reader, corpus, value):
    response = as_reader.get("/api/v1/articles", {"until": value})
    assert response.status_code == 422 and "until" in response.json()["error"]["fields"]
    assert as_reader.get("/api/v1/stories", {"since": value}).status_code == 422


def test_an_iso_date_and_time_is_still_a_moment(as_reader, corpus):
    assert as_reader.get("/api/v1/articles", {"until": "2030-01-01T00:00:00Z"}).status_code == 200


def test_the_schema_states_the_refusals():
    doc = schema()
    params = {p["name"]: p["schema"] for p in doc["paths"]["/api/v1/articles"]["get"]["parameters"]}
    cursor = params["cursor"]["anyOf"][0]
    assert cursor["pattern"] == "^[A-Za-z0-9_.:-]*$" and "bad_cursor" in cursor["description"]
    source = params["source"]["anyOf"][0]
    assert source["pattern"] == "^[^\\u0000]*$"
    word = doc["components"]["schemas"]["MuteWordIn"]
    assert word["additionalProperties"] is False
    assert word["properties"]["word"]["minLength"] == mutes.WORD_MIN
    assert word["properties"]["word"]["maxLength"] == mutes.WORD_MAX
    assert "\\u0000" in word["properties"]["word"]["pattern"]


def test_unknown_body_fields_are_refused_as_the_schema_says(as_reader):
    response = as_reader.post(
        "/api/v1/me/mutes/words", json.dumps({"word": "ferry", "colour": "red"}),
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 422 and "payload.colour" in response.json()["error"]["fields"]


def test_the_served_document_is_the_same(as_reader):
    assert Client().get(DOC).json()["paths"].keys() == schema()["paths"].keys()


def test_a_path_with_a_newline_gets_the_apis_json_404(as_reader):
    response = as_reader.delete("/api/v1/me/mutes/words/a%0Ab")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
