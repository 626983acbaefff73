"""Fixtures for search tests: articles stored through the owning service, then indexed."""

from __future__ import annotations

import html
import itertools
import re

import pytest

from broadsheet.articles.services import upsert_article
from broadsheet.search import SearchQuery, SearchResults, get_backend
from broadsheet.sources.models import Source


@pytest.fixture
def backend(db):
    return get_backend()


@pytest.fixture
def other_source(db) -> Source:
    return Source.objects.create(name="Valley Post", slug="valley-post")


@pytest.fixture
def publish(source, make_draft, backend):
    """Store an article with upsert_article and index it, as the ingest service does."""
    numbers = itertools.count()

    def publish(title: str, body: str = "", *, source: Source = source, **overrides):
        url = f"https://harbour.example/a/{next(numbers)}"
        draft = make_draft(url, title=title, body=body, **overrides)
        article = upsert_article(draft, source=source, feed=None)
        backend.index_articles([article.pk])
        return article

    return publish


@pytest.fixture
def search(backend):
    """Search with keyword filters; returns the SearchResults."""

    def search(text: str, **filters) -> SearchResults:
        return backend.search(SearchQuery(text, **filters))

    return search


def found_ids(results: SearchResults) -> list[int]:
    return [hit.article_id for hit in results.hits]


_MARK = re.compile(r"</?mark>")


def assert_well_formed(results: SearchResults) -> None:
    """Hits are real, totals add up, and the HTML holds nothing but escaped text and marks."""
    assert 0 <= len(results.hits) <= results.total
    assert len({hit.article_id for hit in results.hits}) == len(results.hits)
    for hit in results.hits:
        for fragment in (hit.title_html, hit.snippet_html):
            tags = _MARK.findall(fragment)
            assert tags == ["<mark>", "</mark>"] * (len(tags) // 2)
            text = _MARK.sub("", fragment)
            assert "<" not in text and ">" not in text
            assert html.escape(html.unescape(text)) == text
