"""A kept related list is read only while it is what counting would give: the writes that
change one (a sharing article stored or placed, a merge, a desk write while counting, the
definition) make the next view count again, and a page never waits to keep one."""

from __future__ import annotations

import sqlite3
import time

import pytest
from django.db import connection

from broadsheet.articles.models import Article
from broadsheet.articles.services import upsert_article
from broadsheet.stories import queries, related_store
from broadsheet.stories.desk import Placement, StoryDesk, reset_desk
from broadsheet.stories.merge_split import merge_labels, move_split
from broadsheet.stories.models import ArticleEntity, ArticleTopic, Entity, RelatedList, Story, Topic
from broadsheet.stories.placement import place_articles


@pytest.fixture
def newsroom(feed, make_draft):
    """Articles in stories of their own, linked to entities and topics on request."""
    made = {"n": 0}

    def article(entities: dict[Entity, int], topics: tuple[Topic, ...] = ()) -> Article:
        made["n"] += 1
        draft = make_draft(url=f"https://harbour.example/k/{made['n']}", title=f"R{made['n']}")
        stored = upsert_article(draft, source=feed.source, feed=feed)
        stored.story = Story.objects.create(public_id=f"s{made['n']}", title=stored.title)
        stored.save(update_fields=["story"])
        for entity, mentions in entities.items():
            ArticleEntity.objects.create(article=stored, entity=entity, mentions=mentions)
        for topic in topics:
            ArticleTopic.objects.create(article=stored, topic=topic)
        return stored

    return article


@pytest.fixture
def counted(monkeypatch):
    """How many times related_articles counted links (rather than read a kept list)."""
    calls = []
    monkeypatch.setattr(
        queries, "_related_ids", lambda *args: calls.append(args[0].pk) or _count(*args)
    )
    return calls


_count = queries._related_ids  # the counting itself, as `counted` finds it


def _live(article: Article) -> list[int]:
    entity_ids = list(article.entity_links.values_list("entity_id", flat=True))
    topic_ids = list(article.topic_links.values_list("topic_id", flat=True))
    return _count(article, entity_ids, topic_ids, 6)


def _related(article: Article) -> list[int]:
    return [a.pk for a in queries.related_articles(article)]


@pytest.fixture
def places(db):
    return {
        slug: Entity.objects.create(slug=slug, kind="place", name=slug.title())
        for slug in ("peru", "lima", "chile")
    }


def test_a_kept_list_is_read_until_an_article_sharing_a_link_is_stored(newsroom, places, counted):
    quake = newsroom({places["peru"]: 3, places["lima"]: 2})
    older = [newsroom({places["peru"]: 2}) for _ in range(3)]
    first = _related(quake)
    assert first == _live(quake) and set(first) == {a.pk for a in older}
    assert _related(quake) == first and counted == [quake.pk]  # the second view read it
    newsroom({places["chile"]: 4})  # shares nothing: the list stays
    assert _related(quake) == first and counted == [quake.pk]
    later = newsroom({places["lima"]: 3})
    assert _related(quake) == _live(quake) == [later.pk, *first]
    assert counted == [quake.pk, quake.pk]


def test_placing_an_article_stored_before_the_list_was_made_forgets_it(newsroom, places, counted):
    quake = newsroom({places["peru"]: 3})
    report = newsroom({places["peru"]: 2})
    pending = newsroom({})  # stored, not yet tagged when the list is made
    assert _related(quake) == [report.pk]
    ArticleEntity.objects.create(article=pending, entity=places["peru"], mentions=2)
    assert _related(quake) == [report.pk]  # its links came in below `upto`: unseen ...
    related_store.forget_around(pending.pk, window=queries.RELATED_WINDOW)  # ... as placing does
    assert _related(quake) == _live(quake) == [pending.pk, report.pk]
    assert counted == [quake.pk, quake.pk]


def test_a_merge_forgets_the_lists_that_could_name_two_articles_of_one_story(
    newsroom, places, counted
):
    quake = newsroom({places["peru"]: 3})
    reports = [newsroom({places["peru"]: 2}) for _ in range(2)]
    assert set(_related(quake)) == {a.pk for a in reports}
    desk = StoryDesk()
    desk.bind(1, reports[0].story_id)
    desk.bind(2, reports[1].story_id)
    merge_labels(desk, absorbed=2, surviving=1)
    assert not RelatedList.objects.filter(article_id=quake.pk).exists()
    assert _related(quake) == _live(quake) == [reports[1].pk]
    assert counted == [quake.pk, quake.pk]


def test_a_kept_list_whose_articles_changed_story_by_hand_is_counted_again(
    newsroom, places, counted
):
    quake = newsroom({places["peru"]: 3})
    report = newsroom({places["peru"]: 2})
    assert _related(quake) == [report.pk]
    Article.objects.filter(pk=report.pk).update(story_id=quake.story_id)  # no desk, no forget
    assert _related(quake) == _live(quake) == []
    assert counted == [quake.pk, quake.pk]


def test_a_list_counted_while_the_desk_wrote_is_not_kept(newsroom, places):
    quake = newsroom({places["peru"]: 3})
    newsroom({places["peru"]: 2})
    ids = ([e.pk for e in places.values() if e.slug == "peru"], [])
    made_with = related_store.definition_digest("test")
    kept = related_store.read_kept(quake.pk, *ids, window=100, made_with=made_with)
    related_store.forget_between(1, 2, window=0)  # a merge far away commits meanwhile
    related_store.keep(quake.pk, [1], kept, made_with=made_with)
    assert not RelatedList.objects.filter(article_id=quake.pk).exists()
    kept = related_store.read_kept(quake.pk, *ids, window=100, made_with=made_with)
    related_store.keep(quake.pk, [1], kept, made_with=made_with)
    assert related_store.read_kept(quake.pk, *ids, window=100, made_with=made_with).ids == [1]
    other = related_store.definition_digest("another")
    assert related_store.read_kept(quake.pk, *ids, window=100, made_with=other).ids is None


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's one write lock")
@pytest.mark.django_db(transaction=True)
def test_keeping_a_list_never_waits_for_another_writer(newsroom, places, counted):
    quake = newsroom({places["peru"]: 3})
    report = newsroom({places["peru"]: 2})
    writer = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        started = time.perf_counter()
        assert _related(quake) == [report.pk]
        assert time.perf_counter() - started < 5  # the busy timeout is 30 s
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert not RelatedList.objects.filter(article_id=quake.pk).exists()
    assert _related(quake) == [report.pk] and counted == [quake.pk, quake.pk]
    assert _related(quake) == [report.pk] and counted == [quake.pk, quake.pk]
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] > 0  # given back


def test_a_split_forgets_the_lists_around_the_articles_it_moves(newsroom, places, counted):
    quake = newsroom({places["peru"]: 3})
    reports = [newsroom({places["peru"]: 2}) for _ in range(2)]
    Article.objects.filter(pk=reports[1].pk).update(story_id=reports[0].story_id)
    assert _related(quake) == [reports[1].pk]  # one per story
    new = Story.objects.create(public_id="split", title="Split")
    move_split(Placement(label=1, copy_of=None, moved={str(reports[0].pk): 0}), new)
    assert _related(quake) == _live(quake) == [reports[1].pk, reports[0].pk]
    assert counted == [quake.pk, quake.pk]


def test_placing_an_article_forgets_the_lists_made_after_it_was_stored(db):
    """Through the desk: a list made while an article waited to be placed is deleted when it
    is; one made before it was stored is left (its links come in above `upto`)."""
    from broadsheet.stories.tests.test_story_assignment import ELECTION, QUAKE, store

    reset_desk()
    first = store("Social Democrats win Finnish election", ELECTION, source="nordic", n=1)
    waiting = store("Earthquake kills four in southern Peru", QUAKE, source="andes", n=2)
    for pk, upto in ((first.pk, first.pk), (waiting.pk, waiting.pk)):
        RelatedList.objects.create(article_id=pk, related="", upto=upto, made_with=0)
    place_articles([waiting.pk])
    reset_desk()
    assert list(RelatedList.objects.values_list("article_id", flat=True)) == [first.pk]
