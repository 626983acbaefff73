"""Every state-changing route refuses a request without CSRF, and refuses a reader who is not
the owner of what it would change.

The URL resolver is walked, so a route added tomorrow is covered without editing this file:
each one gets POST, PUT, PATCH and DELETE from a signed-in session without a CSRF token and
must refuse (403), not allow the method (405), or not know the session at all (401, the
token-only APIs). A route that accepts a write without CSRF fails here unless it is listed in
NOT_STATE_CHANGING with the reason it changes nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from broadsheet.articles.models import Article
from broadsheet.comments.models import Comment
from broadsheet.comments.services import add_comment
from broadsheet.sources.models import Source

METHODS = ("post", "put", "patch", "delete")
REFUSED = {401, 403, 405}
# POST routes that change no server state, with why; anything else must demand CSRF.
NOT_STATE_CHANGING = {
    r"^/api/v1/(articles|stories)/[^/]+/ask$": "answers a question; stores nothing",
    r"^/(api/greader\.php/)?accounts/ClientLogin$": "exchanges a password for an API token; "
    "no session cookie is read, so there is nothing to forge",
    r"^/(fever/?|api/fever\.php)$": "the Fever API: signed in by the api_key in the request "
    "only; no session cookie is read, so there is nothing to forge",
    r"^/websub/[^/]+$": "WebSub pushes prove themselves by an HMAC signature with the "
    "subscription's secret; no session cookie is read",
}
_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def routes() -> Iterator[str]:
    """Every concrete path the resolver knows outside the admin, with dummy parameters."""

    def walk(patterns: list, prefix: str) -> Iterator[str]:  # type: ignore[type-arg]
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and not route.startswith("admin/"):
                if "(?P<" in route or route.startswith("^"):
                    continue  # catch-all regexes (the API's 404 handler)
                yield "/" + _PARAM.sub(_dummy, route).replace("^", "").replace("$", "")

    return walk(get_resolver().url_patterns, "")


def _dummy(match: re.Match[str]) -> str:
    converter, name = match.groups()
    if converter in ("int",) or name.endswith("_id") or name == "pk":
        return "1"
    return "x1"


@pytest.fixture
def reader(db) -> User:
    user = User.objects.create_user("reader", "reader@example.org", "correct horse battery")
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=30))
    user.refresh_from_db()
    return user


def test_the_walk_finds_the_routes_that_write():
    paths = set(routes())
    assert "/en/comments/1/edit" in paths and "/en/accounts/delete" in paths
    assert "/api/v1/comments/1" in paths


@pytest.mark.django_db
def test_writes_without_a_csrf_token_are_refused_on_every_route(reader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    accepted = []
    for path in sorted(set(routes())):
        if any(re.search(pattern, path) for pattern in NOT_STATE_CHANGING):
            continue
        for method in METHODS:
            response = getattr(client, method)(path, "{}", content_type="application/json")
            if response.status_code not in REFUSED:
                accepted.append(f"{method.upper()} {path} -> {response.status_code}")
    assert accepted == []


@pytest.fixture
def owners_comment(reader) -> Comment:
    source = Source.objects.create(name="S", slug="s", home_url="https://s.example/")
    article = Article.objects.create(
        public_id="abc", source=source, url="https://s.example/a", title="A story"
    )
    return add_comment(article, author=reader, body="The owner's words.")


@pytest.fixture
def stranger(db) -> Client:
    other = User.objects.create_user("stranger", "stranger@example.org", "another long secret")
    User.objects.filter(pk=other.pk).update(date_joined=timezone.now() - timedelta(days=30))
    client = Client()  # CSRF passes: only ownership may stop this reader
    client.force_login(other)
    return client


def _csrf(client: Client) -> dict[str, str]:
    client.get("/en/accounts/profile")
    token = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else ""
    return {"HTTP_X_CSRFTOKEN": token}


@pytest.mark.django_db
def test_another_reader_cannot_change_or_delete_someones_comment(owners_comment, stranger):
    pk = owners_comment.pk
    headers = _csrf(stranger)
    attempts = [
        stranger.post(f"/en/comments/{pk}/edit", {"body": "Hijacked."}),
        stranger.post(f"/en/comments/{pk}/delete"),
        stranger.post(f"/en/comments/{pk}/moderate", {"action": "remove"}),
        stranger.patch(
            f"/api/v1/comments/{pk}", json.dumps({"body": "Hijacked."}),
            content_type="application/json", **headers,
        ),
        stranger.delete(f"/api/v1/comments/{pk}", **headers),
    ]  # fmt: skip
    statuses = [response.status_code for response in attempts]
    assert all(status in (403, 404) for status in statuses), statuses
    owners_comment.refresh_from_db()
    assert owners_comment.body == "The owner's words." and owners_comment.status == "visible"


@pytest.mark.django_db
def test_another_reader_cannot_revoke_someones_api_token(reader, stranger):
    owner = Client()
    owner.force_login(reader)
    created = owner.post("/api/v1/me/tokens", json.dumps({"name": "phone"}),
                         content_type="application/json", **_csrf(owner))  # fmt: skip
    assert created.status_code in (200, 201), created.content
    token_id = created.json()["id"]
    response = stranger.delete(f"/api/v1/me/tokens/{token_id}", **_csrf(stranger))
    assert response.status_code in (403, 404)
    listed = owner.get("/api/v1/me/tokens").json()
    items = listed.get("items", listed) if isinstance(listed, dict) else listed
    assert token_id in [t["id"] for t in items]
