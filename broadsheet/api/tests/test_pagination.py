"""Cursor pages: stable while rows arrive, opaque, and a tampered cursor is a 400."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from broadsheet.articles.models import Article
from broadsheet.sources.models import Source


@pytest.fixture
def many(db) -> list[Article]:
    source = Source.objects.create(name="Wire", slug="wire")
    now = timezone.now()
    # Five share one published time: the id breaks the tie, so no row is lost or repeated.
    times = [now - timedelta(minutes=i // 5) for i in range(12)]
    return [
        Article.objects.create(
            public_id=f"ART{i:09d}",
            source=source,
            url=f"https://wire.example/{i}",
            title=f"Item {i}",
            published_at=at,
        )  # fmt: skip
        for i, at in enumerate(times)
    ]


def pages(client, url: str) -> list[list[str]]:
    seen, cursor = [], None
    while True:
        query = f"&cursor={cursor}" if cursor else ""
        data = client.get(f"{url}{query}").json()
        seen.append([i["id"] for i in data["items"]])
        cursor = data["next_cursor"]
        if not cursor:
            return seen


def test_cursor_pages_visit_every_article_once_in_order(client, many):
    got = pages(client, "/api/v1/articles?limit=5")
    flat = [i for page in got for i in page]
    expected = list(
        Article.objects.order_by("-published_at", "-pk").values_list("public_id", flat=True)
    )
    assert flat == expected and [len(p) for p in got] == [5, 5, 2]


def test_new_articles_do_not_shift_later_pages(client, many):
    first = client.get("/api/v1/articles?limit=5").json()
    Article.objects.create(
        public_id="NEWEST000001", source=many[0].source, url="https://wire.example/new",
        title="Breaking", published_at=timezone.now(),
    )  # fmt: skip
    second = client.get(f"/api/v1/articles?limit=5&cursor={first['next_cursor']}").json()
    expected = list(
        Article.objects.exclude(public_id="NEWEST000001").order_by("-published_at", "-pk")
    )
    assert [i["id"] for i in second["items"]] == [a.public_id for a in expected[5:10]]


@pytest.mark.parametrize(
    "mangle", [lambda c: c[:-2] + "xx", lambda c: "x" + c, lambda c: "garbage", lambda c: c[:10]]
)
def test_a_tampered_cursor_is_a_400_in_the_error_format(client, many, mangle):
    cursor = client.get("/api/v1/articles?limit=5").json()["next_cursor"]
    response = client.get(f"/api/v1/articles?limit=5&cursor={mangle(cursor)}")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_cursor"


def test_a_cursor_of_another_list_is_refused(client, many):
    cursor = client.get("/api/v1/articles?limit=5").json()["next_cursor"]
    response = client.get(f"/api/v1/sources?cursor={cursor}")
    assert response.status_code == 400 and response.json()["error"]["code"] == "bad_cursor"


@pytest.mark.parametrize("limit", ["0", "101", "-1", "many"])
def test_page_size_is_bounded(client, many, limit):
    response = client.get(f"/api/v1/articles?limit={limit}")
    assert response.status_code == 422
    assert "limit" in response.json()["error"]["fields"]
