"""The reader-state services: follows, saved articles, read marks, For you."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection

from broadsheet.articles.models import Article
from broadsheet.readers import services
from broadsheet.readers.models import Follow, ReadState, SavedArticle
from broadsheet.stories.models import ArticleEntity, ArticleTopic, Story


def test_following_twice_keeps_one_row_and_unfollowing_twice_is_harmless(reader, sources):
    services.follow(reader, sources[0])
    services.follow(reader, sources[0])
    assert Follow.objects.filter(user=reader).count() == 1
    assert services.is_following(reader, sources[0])
    services.unfollow(reader, sources[0])
    services.unfollow(reader, sources[0])
    assert not services.is_following(reader, sources[0])


def test_follows_lists_every_kind_newest_first_and_only_for_its_reader(
    reader, other_reader, sources, topic, entity, make_story
):
    story = make_story("Ferry resumes", sources[:1])
    for target in (sources[1], topic, entity, story):
        services.follow(reader, target)
    services.follow(other_reader, sources[2])
    assert services.follows(reader) == [
        ("story", story), ("entity", entity), ("topic", topic), ("source", sources[1]),
    ]  # fmt: skip
    assert services.follows(other_reader) == [("source", sources[2])]


def test_follows_skips_targets_deleted_since(reader, topic):
    services.follow(reader, topic)
    topic.delete()
    assert services.follows(reader) == []


def test_a_source_and_a_story_with_the_same_id_are_distinct_follows(reader, sources, make_story):
    story = make_story("Ferry resumes", sources[:1])
    Follow.objects.create(user=reader, kind="source", target_id=story.pk)
    assert not services.is_following(reader, story)
    services.follow(reader, story)
    assert Follow.objects.filter(user=reader, target_id=story.pk).count() == 2


def test_anonymous_visitors_cannot_write_and_read_as_empty(sources, make_story):
    anonymous = AnonymousUser()
    article = make_story("Ferry resumes", sources[:1]).articles.get()
    with pytest.raises(PermissionDenied):
        services.follow(anonymous, sources[0])
    with pytest.raises(PermissionDenied):
        services.save_article(anonymous, article)
    with pytest.raises(PermissionDenied):
        services.mark_read(anonymous, article)
    assert not services.is_following(anonymous, sources[0])
    assert services.follows(anonymous) == []
    assert list(services.saved_articles(anonymous)) == []
    assert services.read_article_ids(anonymous, [article.pk]) == set()
    assert services.for_you_stories(anonymous) == []


def test_following_something_else_is_a_type_error(reader, sources, make_story):
    article = make_story("Ferry resumes", sources[:1]).articles.get()
    with pytest.raises(TypeError):
        services.follow(reader, article)  # type: ignore[arg-type]


def test_saved_articles_come_newest_saved_first_and_saving_twice_keeps_one(
    reader, other_reader, sources, make_story
):
    first, second = make_story("Ferry resumes", sources[:2]).articles.order_by("pk")
    services.save_article(reader, second)
    services.save_article(reader, first)
    services.save_article(reader, second)
    assert SavedArticle.objects.filter(user=reader).count() == 2
    assert list(services.saved_articles(reader)) == [first, second]
    assert list(services.saved_articles(other_reader)) == []
    assert services.is_saved(reader, first) and not services.is_saved(other_reader, first)
    services.unsave_article(reader, first)
    services.unsave_article(reader, first)
    assert list(services.saved_articles(reader)) == [second]


def test_read_marks_are_per_reader_and_idempotent(reader, other_reader, sources, make_story):
    first, second = make_story("Ferry resumes", sources[:2]).articles.order_by("pk")
    services.mark_read(reader, first)
    read_at = ReadState.objects.get(user=reader).read_at
    services.mark_read(reader, first)
    assert ReadState.objects.get(user=reader).read_at == read_at
    ids = [first.pk, second.pk]
    assert services.read_article_ids(reader, ids) == {first.pk}
    assert services.read_article_ids(other_reader, ids) == set()
    services.mark_unread(reader, first)
    services.mark_unread(reader, first)
    assert services.read_article_ids(reader, ids) == set()


def test_marking_many_read_keeps_earlier_read_times(reader, sources, make_story):
    articles = list(make_story("Ferry resumes", sources).articles.order_by("pk"))
    services.mark_read(reader, articles[0])
    first_read = ReadState.objects.get(article=articles[0]).read_at
    services.mark_many_read(reader, (a.pk for a in articles))
    services.mark_many_read(reader, [a.pk for a in articles])
    assert services.read_article_ids(reader, [a.pk for a in articles]) == {a.pk for a in articles}
    assert ReadState.objects.get(article=articles[0]).read_at == first_read


def test_for_you_holds_stories_of_followed_sources_topics_entities_and_stories(
    reader, sources, topic, entity, make_story
):
    harbour, valley, summit = sources
    by_source = make_story("Harbour story", [harbour])
    by_topic = make_story("Topic story", [valley])
    by_entity = make_story("Entity story", [summit], hours=5)
    followed = make_story("Followed story", [summit], hours=9)
    unrelated = make_story("Unrelated story", [valley, summit])
    ArticleTopic.objects.create(article=by_topic.articles.get(), topic=topic)
    ArticleEntity.objects.create(article=by_entity.articles.get(), entity=entity)
    for target in (harbour, topic, entity, followed):
        services.follow(reader, target)
    stories = services.for_you_stories(reader)
    assert set(stories) == {by_source, by_topic, by_entity, followed}
    assert unrelated not in stories
    assert services.for_you_stories(reader, limit=2) == stories[:2]


def test_for_you_ranks_broad_recent_coverage_first(reader, sources, make_story):
    narrow = make_story("One source", sources[:1], hours=1)
    broad = make_story("Three sources", sources, hours=1)
    old = make_story("Old", sources[:1], hours=30)
    services.follow(reader, sources[0])
    assert services.for_you_stories(reader) == [broad, narrow, old]


def test_a_followed_story_merged_away_brings_its_survivor(reader, sources, make_story):
    survivor = make_story("Survivor", sources[1:2])
    absorbed = make_story("Absorbed", sources[:1])
    services.follow(reader, absorbed)
    Story.objects.filter(pk=absorbed.pk).update(merged_into=survivor)
    assert services.for_you_stories(reader) == [survivor]


def test_for_you_is_empty_when_following_nothing(reader, sources, make_story):
    make_story("Ferry resumes", sources)
    assert services.for_you_stories(reader) == []


@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_follows_and_reads_leave_one_row_each(reader, sources, make_story):
    article = Article.objects.get(pk=make_story("Ferry", sources[:1]).articles.get().pk)
    errors: list[Exception] = []
    barrier = threading.Barrier(4)

    def write() -> None:
        try:
            barrier.wait()
            services.save_article(reader, article)
            services.follow(reader, sources[0])
            services.mark_read(reader, article)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert SavedArticle.objects.count() == 1
    assert Follow.objects.count() == 1
    assert ReadState.objects.count() == 1


def test_find_target_names_each_kind_by_its_key_and_refuses_the_rest(sources, topic, make_story):
    from django.http import Http404

    story = make_story("Ferry resumes", sources[:1])
    assert services.find_target("source", sources[0].slug) == sources[0]
    assert services.find_target("topic", topic.slug) == topic
    assert services.find_target("story", story.public_id) == story
    for kind, key in (("story", sources[0].slug), ("article", story.public_id), ("topic", "x")):
        with pytest.raises(Http404):
            services.find_target(kind, key)
