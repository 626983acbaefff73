"""Anonymous readers get cached pages; nothing personal is ever cached or served from it."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

from broadsheet.articles.services import upsert_article


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 30


@pytest.fixture
def article(feed, make_draft):
    return upsert_article(make_draft(), source=feed.source, feed=feed)


def test_second_anonymous_visit_is_served_from_the_cache_without_a_query(
    client: Client, article, django_assert_num_queries
):
    first = client.get(f"/en/article/{article.public_id}")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(f"/en/article/{article.public_id}")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["Content-Type"] == first["Content-Type"]


def test_a_cached_page_is_stale_only_until_it_expires(client: Client, article, feed, make_draft):
    client.get("/en/")
    upsert_article(
        make_draft(url="https://harbour.example/a/2", entry_key="2", title="Bridge reopens"),
        source=feed.source,
        feed=feed,
    )
    assert "Bridge reopens" not in client.get("/en/").content.decode()
    cache.clear()  # what the expiry does after PAGE_CACHE_SECONDS
    assert "Bridge reopens" in client.get("/en/").content.decode()


def test_signed_in_readers_never_get_or_fill_the_cache(client: Client, article, db):
    path = f"/en/article/{article.public_id}"
    client.get(path)  # an anonymous visit fills the cache
    user = get_user_model().objects.create_user("reader", "reader@example.org", "pw-long-enough")
    client.force_login(user)
    response = client.get(path)
    assert "X-Page-Cache" not in response
    assert "Log out" in response.content.decode()
    anonymous = Client().get(path)
    assert anonymous["X-Page-Cache"] == "hit" and "Log out" not in anonymous.content.decode()


def test_pages_with_a_csrf_token_are_never_cached(client: Client, db):
    first = client.get("/en/accounts/login")
    assert first.status_code == 200 and "csrfmiddlewaretoken" in first.content.decode()
    second = Client().get("/en/accounts/login")
    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value


@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_a_browser_with_a_session_or_a_notice_gets_a_fresh_page(client: Client, article, cookie):
    client.get("/en/")
    client.cookies[cookie] = "something"
    assert "X-Page-Cache" not in client.get("/en/")


def test_errors_and_turned_off_cache_are_never_cached(client: Client, article, settings):
    # (The API's anonymous reads have a cache of their own: api/tests/test_api_cache.py.)
    assert "X-Page-Cache" not in client.get("/en/article/nope")
    assert "X-Page-Cache" not in client.get("/en/article/nope")
    settings.PAGE_CACHE_SECONDS = 0
    assert "X-Page-Cache" not in client.get("/en/")


def test_each_query_string_is_its_own_page(client: Client, article):
    assert client.get("/en/search?q=ferry")["X-Page-Cache"] == "miss"
    assert client.get("/en/search?q=bridge")["X-Page-Cache"] == "miss"
    assert client.get("/en/search?q=ferry")["X-Page-Cache"] == "hit"


def test_every_reading_page_is_cacheable_for_anonymous_readers(client: Client, article):
    from broadsheet.stories.placement import place_articles

    place_articles([article.pk])
    article.refresh_from_db()
    pages = ["/en/", f"/en/article/{article.public_id}", "/en/source/harbour-wire",
             "/en/search?q=ferry", f"/en/article/{article.public_id}/ai"]  # fmt: skip
    if article.story_id:
        pages.append(f"/en/story/{article.story.public_id}")
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert response.get("X-Page-Cache") == "miss", page


def test_a_hit_says_how_old_it_is_and_keeps_hsts_on_https(client: Client, article, settings):
    settings.SECURE_HSTS_SECONDS = 3600
    path = f"/en/article/{article.public_id}"
    first = client.get(path, secure=True)
    second = client.get(path, secure=True)
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert second["Strict-Transport-Security"] == first["Strict-Transport-Security"]
    assert second["Age"].isdigit() and int(second["Age"]) < 30
