"""/en/search: highlighted results grouped by story, filters, and queries that cannot break it."""

from __future__ import annotations

import pytest

from broadsheet.lib.testing.safety import executable_parts
from broadsheet.search import get_backend
from broadsheet.stories.placement import place_articles
from broadsheet.stories.tests.test_story_assignment import ELECTION, QUAKE, QUAKE_2, store


@pytest.fixture
def indexed(db):
    a = store("Earthquake kills four in southern Peru", QUAKE, source="andes", n=1, hours_ago=5)
    b = store("Peru quake: rescuers search homes near Arequipa", QUAKE_2, source="pacific", n=2)
    c = store("Social Democrats win Finnish election", ELECTION, source="nordic", n=3)
    place_articles([a.pk, b.pk, c.pk])
    get_backend().index_articles([a.pk, b.pk, c.pk])
    return a, b, c


def test_search_highlights_matches_and_groups_a_story_once(client, indexed):
    html = client.get("/en/search", {"q": "earthquake Peru"}).content.decode()
    assert "<mark>" in html
    assert html.count('class="card"') == 1  # both Peru articles are one story
    assert "Finnish" not in html


def test_search_filters_by_source(client, indexed):
    html = client.get("/en/search", {"q": "Peru", "source": "pacific"}).content.decode()
    assert "Arequipa" in html and "southern Peru</a>" not in html.replace("<mark>", "").replace(
        "</mark>", ""
    )


@pytest.mark.parametrize(
    "q",
    [
        '"unbalanced',
        "AND OR NOT NEAR(",
        "*",
        "-",
        "x" * 10_000,
        "\x00",
        "'; drop table articles_article; --",
        "<script>alert(1)</script>",
        "since:2020 ^title:(a)",
    ],
)
def test_no_query_breaks_search(client, indexed, q):
    response = client.get("/en/search", {"q": q, "since": "not-a-date", "page": "x"})
    assert response.status_code == 200
    assert executable_parts(response.content.decode()) == []
