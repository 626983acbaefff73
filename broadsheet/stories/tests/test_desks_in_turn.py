"""Scaled out, desks that take turns place the articles as one desk would, in the same order.

Two desks (two worker processes) place the first 80 demo articles in batches, in turns
decided by a seeded coin, catching up on each other's placements under the shared lock.
Their stories must be those `cluster_articles` finds in one pass over the same order. The
demo's reports span months, so older articles leave a desk's three-day window while their
enrichment is still recent enough for a catch-up to list them again: a desk that replayed
them a second time brought them back as new stories and split later events (the failure of
tests/test_celery_workers_end_to_end.py under load, when the workers took more turns).
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
from django.utils import timezone

from broadsheet.articles.drafts import ArticleDraft
from broadsheet.articles.models import Article
from broadsheet.articles.services import upsert_article
from broadsheet.clustering import ClusterConfig, StoryClusterer, cluster_articles
from broadsheet.demo.catalog import build_catalog, load_corpus
from broadsheet.sources.models import Feed, Source
from broadsheet.stories import placement
from broadsheet.stories.desk import StoryDesk, set_shared_lock
from broadsheet.stories.desk_loading import catch_up, doc_for
from broadsheet.stories.placement import place_articles

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared() -> Iterator[None]:
    """Desks catch up before placing, as under the workers' shared lock (held by the test)."""
    set_shared_lock(contextlib.nullcontext)
    yield
    set_shared_lock(None)


def store(title: str, body: str, *, slug: str, key: str, published) -> Article:  # type: ignore[no-untyped-def]
    source, _ = Source.objects.get_or_create(slug=slug, defaults={"name": slug})
    feed, _ = Feed.objects.get_or_create(
        url=f"https://{slug}.example/f", defaults={"source": source}
    )
    draft = ArticleDraft(
        url=f"https://{slug}.example/{key}", entry_key=key, title=title, author="", summary="",
        body=body, status="ok", language="en", image_url="", word_count=len(body.split()),
        published_at=published, updated_at=None, fetched_at=timezone.now(), entry_updated_at=None,
    )  # fmt: skip
    return upsert_article(draft, source=source, feed=feed)


def store_demo(n: int) -> list[int]:
    ids = []
    for a in build_catalog(load_corpus())[:n]:
        body = "\n\n".join(a.paragraphs)
        article = store(a.title, body, slug=a.publisher, key=a.guid, published=a.original_published)
        ids.append(article.pk)
    return ids


def differences() -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """Events split over stories, and stories joining events, against one in-process pass."""
    rows = list(Article.objects.select_related("source").order_by("enriched_at", "pk"))
    labels = cluster_articles([doc_for(row) for row in rows])
    by_label: dict[int, set[int]] = {}
    by_story: dict[int, set[int]] = {}
    for label, row in zip(labels, rows, strict=True):
        assert row.story_id is not None
        by_label.setdefault(label, set()).add(row.story_id)
        by_story.setdefault(row.story_id, set()).add(label)
    split = {label: found for label, found in by_label.items() if len(found) > 1}
    joined = {story: found for story, found in by_story.items() if len(found) > 1}
    return split, joined


# Seeds 3, 7 and 9 split an event on the desks before they remembered evicted articles.
@pytest.mark.parametrize("seed", [3, 7, 9, 0])
def test_two_desks_taking_turns_make_the_stories_of_one(seed, shared, monkeypatch):
    ids = store_demo(80)
    turns = random.Random(seed)
    desks = [StoryDesk(), StoryDesk()]
    current = {"desk": desks[0]}
    monkeypatch.setattr(placement, "get_desk", lambda: current["desk"])
    start = 0
    while start < len(ids):
        size = turns.randint(1, 6)
        current["desk"] = desks[turns.randint(0, 1)]
        place_articles(ids[start : start + size])
        start += size
    assert differences() == ({}, {})


def test_an_article_that_left_the_window_is_not_replayed_by_a_catch_up(shared, monkeypatch):
    old_day = timezone.now() - timedelta(days=10)
    old = store("Harbour ferry resumes service", "The ferry sails again.", slug="a", key="1",
                published=old_day)  # fmt: skip
    new = store("Valley bridge reopens to traffic", "Cars cross the bridge.", slug="b", key="2",
                published=timezone.now())  # fmt: skip
    desk = StoryDesk()
    # Articles leave by time alone here (not kept as one of the newest arrivals).
    desk.clusterer = StoryClusterer(replace(ClusterConfig(), min_docs=0))
    monkeypatch.setattr(placement, "get_desk", lambda: desk)
    place_articles([old.pk])
    place_articles([new.pk])  # four days past the window: the old one leaves it
    assert desk.clusterer.live_articles == 1
    catch_up(desk)  # both were enriched within the catch-up's reach
    assert desk.clusterer.live_articles == 1
    assert desk.knows(str(old.pk))
