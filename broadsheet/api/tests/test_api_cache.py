"""Anonymous API reads come from a short-lived cache; credentials, limits and ETags still hold."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from broadsheet.api.tests.conftest import bearer


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 30


def _retitle(article, title: str) -> None:
    article.title = title
    article.save(update_fields=["title"])


def test_a_repeated_anonymous_read_is_served_without_a_query(
    client, corpus, django_assert_num_queries
):
    first = client.get("/api/v1/articles")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/api/v1/articles")
    assert second["X-Page-Cache"] == "hit" and second.json() == first.json()
    assert second["Content-Type"] == first["Content-Type"] == "application/json; charset=utf-8"
    # The ETag is the body's, so a client holding it still gets its 304 from the cache.
    assert second["ETag"] == first["ETag"]
    again = client.get("/api/v1/articles", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304


def test_a_cached_read_is_stale_only_until_it_expires(client, corpus):
    path = f"/api/v1/articles/{corpus['a'].public_id}"
    client.get(path)
    _retitle(corpus["a"], "Aftershock follows Peru earthquake")
    assert client.get(path).json()["title"] != "Aftershock follows Peru earthquake"
    cache.clear()  # what the expiry does after PAGE_CACHE_SECONDS
    assert client.get(path).json()["title"] == "Aftershock follows Peru earthquake"


def test_a_request_with_a_credential_never_gets_or_fills_the_cache(client, corpus, reader):
    path = f"/api/v1/articles/{corpus['a'].public_id}"
    signed_in = Client(headers=bearer(reader))
    assert "X-Page-Cache" not in signed_in.get(path)  # not stored for anyone
    client.get(path)  # an anonymous read fills it
    _retitle(corpus["a"], "Aftershock follows Peru earthquake")
    fresh = signed_in.get(path)
    assert (
        "X-Page-Cache" not in fresh
        and fresh.json()["title"] == "Aftershock follows Peru earthquake"
    )
    me = signed_in.get("/api/v1/me")
    assert me.status_code == 200 and "X-Page-Cache" not in me
    assert client.get("/api/v1/me").status_code == 401  # the reader's own answer was not kept


def test_errors_and_the_html_docs_are_never_cached(client, corpus):
    assert client.get("/api/v1/articles/nothing-here").status_code == 404
    assert "X-Page-Cache" not in client.get("/api/v1/articles/nothing-here")
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200 and "X-Page-Cache" not in docs


def test_cache_hits_still_count_against_the_rate_limit(client, corpus, settings):
    settings.API_RATE_LIMIT_IP = 3
    statuses = [client.get("/api/v1/sources").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


def test_no_cache_when_page_caching_is_off(client, corpus, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/api/v1/articles")
    assert "X-Page-Cache" not in client.get("/api/v1/articles")
