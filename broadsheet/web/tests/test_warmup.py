"""A web process renders its main pages before it serves: every one answers, and a failing
page never stops the server from starting."""

from __future__ import annotations

import gc

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from broadsheet.stories.desk import reset_desk
from broadsheet.web.tests.newsroom import build_newsroom
from broadsheet.web.warmup import freeze_heap, warm_paths, warm_up
from broadsheet.wsgi import application


@pytest.fixture(autouse=True)
def connection_kept():
    # As Django's test client does: the test's transaction outlives each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def room(db):
    reset_desk()
    return build_newsroom()


def test_warm_up_renders_the_home_article_story_and_search_pages(room, settings):
    paths = warm_paths()
    assert [f"/{code}/" for code, _ in settings.LANGUAGES] == paths[: len(settings.LANGUAGES)]
    assert any(p.startswith("/en/article/") for p in paths)
    assert sum(p.startswith("/en/story/") for p in paths) == 1
    assert paths[-1] == "/en/search"
    assert warm_up(application) == len(paths)


def test_warm_up_on_an_empty_site_still_renders_the_pages(db, settings):
    assert warm_up(application) == len(settings.LANGUAGES) + 1  # home pages and search


def test_a_failing_page_does_not_stop_the_warm_up(db):
    def broken(environ, start_response):  # type: ignore[no-untyped-def]
        raise RuntimeError("template missing")

    assert warm_up(broken) == 0


def test_after_the_warm_up_a_full_collection_walks_only_what_came_since(room):
    warm_up(application)
    try:
        frozen = freeze_heap()
        assert frozen > 10_000 and gc.get_freeze_count() == frozen
        assert len(gc.get_objects()) < frozen / 10  # what a full collection still walks
    finally:
        gc.unfreeze()
