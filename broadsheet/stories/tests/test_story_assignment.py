"""Articles are placed in stories on arrival; copies fold; merges keep one story."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from broadsheet.articles.models import Article
from broadsheet.articles.services import upsert_article
from broadsheet.sources.models import Feed, Source
from broadsheet.stories.desk import reset_desk
from broadsheet.stories.models import Story
from broadsheet.stories.placement import place_articles, place_pending

QUAKE = (
    "A magnitude 6.4 earthquake struck the coast of southern Peru near Arequipa on Monday, "
    "damaging hundreds of homes and killing at least four people, officials said. The quake "
    "was felt in the capital Lima, and the national emergency agency sent rescue teams to "
    "the province of Caraveli where roads were blocked by landslides. President Martin "
    "Vizcarra said the government would send tents, water and medicine to the region."
)
QUAKE_2 = (
    "Rescue teams in southern Peru searched collapsed homes near Arequipa on Tuesday after "
    "Monday's magnitude 6.4 earthquake, which killed at least four people. President Martin "
    "Vizcarra visited Caraveli, where landslides blocked roads, and promised tents, water "
    "and medicine for families whose houses were damaged by the quake."
)
ELECTION = (
    "Voters in Finland chose a new parliament on Sunday, and the Social Democratic Party won "
    "the most seats for the first time in two decades, narrowly ahead of the nationalist Finns "
    "Party. Antti Rinne, the Social Democrat leader, said he would start coalition talks with "
    "all parties this week, promising to raise pensions and invest in public services."
)


@pytest.fixture(autouse=True)
def fresh_desk():
    reset_desk()
    yield
    reset_desk()


def store(title: str, body: str, *, source: str, n: int, hours_ago: float = 1) -> Article:
    src, _ = Source.objects.get_or_create(slug=source, defaults={"name": source.title()})
    feed, _ = Feed.objects.get_or_create(
        url=f"https://{source}.example/feed", defaults={"source": src}
    )
    from broadsheet.articles.drafts import ArticleDraft

    now = timezone.now()
    draft = ArticleDraft(
        url=f"https://{source}.example/{n}", entry_key=str(n), title=title, author="", summary="",
        body=body, status="ok", language="en", image_url="", word_count=len(body.split()),
        published_at=now - timedelta(hours=hours_ago), updated_at=None, fetched_at=now,
        entry_updated_at=None,
    )  # fmt: skip
    return upsert_article(draft, source=src, feed=feed)


def test_two_reports_of_one_event_share_a_story_and_another_event_does_not(db):
    a = store("Earthquake kills four in southern Peru", QUAKE, source="andes", n=1, hours_ago=5)
    b = store("Peru quake: rescuers search homes near Arequipa", QUAKE_2, source="pacific", n=2)
    c = store("Social Democrats win Finnish election", ELECTION, source="nordic", n=3)
    place_articles([a.pk, b.pk, c.pk])
    a, b, c = (Article.objects.get(pk=x.pk) for x in (a, b, c))
    assert a.story_id == b.story_id != c.story_id
    story = Story.objects.get(pk=a.story_id)
    assert story.source_count == 2 and story.article_count == 2
    assert story.title in {a.title, b.title}


def test_a_near_copy_is_linked_to_its_original_and_joins_its_story(db):
    original = store(
        "Earthquake kills four in southern Peru", QUAKE, source="wire", n=1, hours_ago=3
    )
    copy = store(
        "Deadly quake hits Peru",
        QUAKE.replace("officials said", "authorities said"),
        source="reprint",
        n=2,
    )
    place_articles([original.pk])
    place_articles([copy.pk])
    copy.refresh_from_db()
    assert copy.copy_of_id == original.pk
    assert copy.story_id == Article.objects.get(pk=original.pk).story_id


def test_enriching_twice_changes_nothing(db):
    a = store("Earthquake kills four in southern Peru", QUAKE, source="andes", n=1)
    place_articles([a.pk])
    story_id = Article.objects.get(pk=a.pk).story_id
    assert place_articles([a.pk]) == 0
    assert Article.objects.get(pk=a.pk).story_id == story_id and Story.objects.count() == 1


def test_pending_articles_are_enriched_after_a_restart(db):
    a = store("Earthquake kills four in southern Peru", QUAKE, source="andes", n=1, hours_ago=5)
    place_articles([a.pk])
    reset_desk()  # a new process: the in-memory indexes are rebuilt from the database
    b = store("Peru quake: rescuers search homes near Arequipa", QUAKE_2, source="pacific", n=2)
    assert place_pending() == 1
    assert Article.objects.get(pk=b.pk).story_id == Article.objects.get(pk=a.pk).story_id


def test_articles_get_entities_and_topics(db):
    a = store("Earthquake kills four in southern Peru", QUAKE, source="andes", n=1)
    place_articles([a.pk])
    names = set(a.entity_links.values_list("entity__name", flat=True))
    assert "Peru" in names
    assert a.topic_links.exists()
