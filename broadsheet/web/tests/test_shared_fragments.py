"""Parts of pages every reader shares come from the cache, keyed by the news version: the
same page as one rendered fresh, new news at once, each reader's own marks their own."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from broadsheet.articles.drafts import ArticleDraft
from broadsheet.articles.models import Article
from broadsheet.articles.services import upsert_article
from broadsheet.readers import mutes
from broadsheet.readers.services import follow, mark_read
from broadsheet.sources.models import Feed, Source
from broadsheet.stories.desk import reset_desk
from broadsheet.stories.placement import place_articles
from broadsheet.stories.tests.test_story_assignment import QUAKE
from broadsheet.web.tests.newsroom import build_newsroom, story_of


@pytest.fixture
def room(db, settings):
    settings.FRAGMENT_CACHE_SECONDS = 60
    reset_desk()
    return build_newsroom(filler=3)


def _store(title: str, body: str, *, slug: str, n: int, fetched_later: bool = False):
    source, _ = Source.objects.get_or_create(
        slug=slug, defaults={"name": slug.replace("-", " ").title()}
    )
    feed, _ = Feed.objects.get_or_create(url=f"https://{slug}.example/feed", source=source)
    now = timezone.now() + (timedelta(seconds=5) if fetched_later else timedelta())
    draft = ArticleDraft(
        url=f"https://{slug}.example/{n}", entry_key=str(n), title=title, author="",
        summary="", body=body, status="ok", language="en", image_url="",
        word_count=len(body.split()), published_at=now - timedelta(minutes=30),
        updated_at=None, fetched_at=now, entry_updated_at=None,
    )  # fmt: skip
    article = upsert_article(draft, source=source, feed=feed)
    place_articles([article.pk])
    return article


def _page(client, path: str) -> str:
    html = client.get(path).content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_pages_from_shared_fragments_are_the_pages_rendered_fresh(client, room, settings):
    story = story_of(room.quake)
    paths = ["/en/", f"/en/article/{room.quake.public_id}", f"/en/story/{story.public_id}"]
    for path in paths:
        _page(client, path)  # fills the fragments
        from_cache = _page(client, path)
        settings.FRAGMENT_CACHE_SECONDS = 0
        fresh = _page(client, path)
        settings.FRAGMENT_CACHE_SECONDS = 60
        assert from_cache == fresh, path
        assert "Earthquake kills four in southern Peru" in fresh


def test_a_second_article_page_skips_the_shared_queries(client, room):
    path = f"/en/article/{room.quake.public_id}"
    with CaptureQueriesContext(connection) as first:
        client.get(path)
    with CaptureQueriesContext(connection) as second:
        client.get(path)
    shared = [q["sql"] for q in second.captured_queries if "stories_articleentity" in q["sql"]]
    assert any("stories_articleentity" in q["sql"] for q in first.captured_queries)
    assert shared == [] and len(second) < len(first)


def test_a_new_article_is_on_the_next_home_page(client, room):
    assert "Ferry service resumes" not in _page(client, "/en/")
    _store("Ferry service resumes", "The ferry runs again after the storm. " * 8, slug="isle", n=1)
    assert "Ferry service resumes" in _page(client, "/en/")


def test_a_refetched_article_shows_its_new_text(client, room):
    path = f"/en/article/{room.quake.public_id}"
    assert "rebuilt the bridge" not in _page(client, path)
    source = room.quake.source
    room.quake.refresh_from_db()
    draft = ArticleDraft(
        url=room.quake.url, entry_key="1", title=room.quake.title, author="", summary="",
        body=QUAKE + "\n\nEngineers rebuilt the bridge by nightfall.", status="ok",
        language="en", image_url="", word_count=80, published_at=room.quake.published_at,
        updated_at=None, fetched_at=timezone.now() + timedelta(seconds=5), entry_updated_at=None,
    )  # fmt: skip
    upsert_article(draft, source=source, feed=None)
    assert "rebuilt the bridge" in _page(client, path)


def test_a_story_page_shows_coverage_the_desk_adds(client, room):
    story = story_of(room.quake)
    path = f"/en/story/{story.public_id}"
    assert "Coast Courier" not in _page(client, path)
    added = _store(
        "Quake in southern Peru",
        QUAKE.replace("officials said", "police said"),
        slug="coast-courier",
        n=7,
    )
    added.refresh_from_db()
    assert added.story_id == story.pk
    assert "Coast Courier" in _page(client, path)


def test_read_marks_are_each_readers_own(client, room, django_user_model):
    readers = [
        django_user_model.objects.create_user(username=name, password="a-long-passphrase-1")
        for name in ("ana", "ben")
    ]
    mark_read(readers[0], room.election)
    client.force_login(readers[0])
    assert "is-read" in _page(client, "/en/")
    client.force_login(readers[1])
    assert "is-read" not in _page(client, "/en/")


def test_a_signed_in_home_page_is_ranked_from_the_shared_pool(
    client, room, django_user_model, settings
):
    reader = django_user_model.objects.create_user(username="cy", password="a-long-passphrase-1")
    follow(reader, room.election.source)
    mutes.mute_source(reader, Source.objects.get(slug="harbour-0"))
    mutes.mute_word(reader, "arequipa")
    client.force_login(reader)
    _page(client, "/en/")  # fills the pool every reader's front page is ranked from
    with CaptureQueriesContext(connection) as queries:
        from_cache = _page(client, "/en/")
    story_reads = [
        q["sql"] for q in queries if re.search(r'"stories_(story|articletopic)"', q["sql"])
    ]
    assert story_reads == []  # only the reader's own follows and mutes were read
    settings.FRAGMENT_CACHE_SECONDS = 0
    fresh = _page(client, "/en/")
    assert from_cache == fresh
    assert "Social Democrats win Finnish election" in fresh
    assert "Harbour report number 0" not in fresh and "search homes near Arequipa" not in fresh


def test_a_readers_new_mute_and_follow_show_on_their_next_home_page(
    client, room, django_user_model
):
    reader = django_user_model.objects.create_user(username="di", password="a-long-passphrase-1")
    client.force_login(reader)
    assert "Social Democrats win Finnish election" in _page(client, "/en/")  # kept for them
    mutes.mute_word(reader, "finnish")
    assert "Social Democrats win Finnish election" not in _page(client, "/en/")
    mutes.unmute_word(reader, "finnish")
    assert "Social Democrats win Finnish election" in _page(client, "/en/")


def test_one_readers_front_page_is_not_anothers(client, room, django_user_model):
    readers = [
        django_user_model.objects.create_user(username=name, password="a-long-passphrase-1")
        for name in ("ed", "flo")
    ]
    mutes.mute_word(readers[0], "finnish")
    client.force_login(readers[0])
    assert "Social Democrats win Finnish election" not in _page(client, "/en/")
    client.force_login(readers[1])
    assert "Social Democrats win Finnish election" in _page(client, "/en/")
    client.logout()
    assert "Social Democrats win Finnish election" in _page(client, "/en/")


def test_an_article_moved_to_another_story_shows_its_new_story(client, room):
    path = f"/en/article/{room.quake.public_id}"
    old = story_of(room.quake)
    assert f"/en/story/{old.public_id}" in _page(client, path)
    other = story_of(room.french)
    Article.objects.filter(pk=room.quake.pk).update(story=other)  # no version part moves
    assert f"/en/story/{other.public_id}" in _page(client, path)


def test_an_unknown_article_or_story_is_not_found_twice(client, room):
    for path in ("/en/article/nosuchthing", "/en/story/nosuchthing"):
        assert client.get(path).status_code == 404
        assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    ("page", "anonymous", "signed_in"),
    # anonymous: the row stamp with the news version (one query), "any comment?"; signed in
    # adds the session and user rows (one query, web/sessions.py), and their read marks
    # (home), or whether they follow the story; their saved-and-read flags are columns of
    # the article's stamp read.
    [("home", 1, 3), ("article", 2, 3), ("story", 2, 3)],
)
def test_a_page_seen_before_asks_only_its_stamps_and_the_reader(
    client, room, django_user_model, django_assert_max_num_queries, page, anonymous, signed_in
):
    paths = {
        "home": "/en/",
        "article": f"/en/article/{room.quake.public_id}",
        "story": f"/en/story/{story_of(room.quake).public_id}",
    }
    for budget in (anonymous, signed_in):
        if budget == signed_in:
            reader = django_user_model.objects.create_user(
                username="hal", password="a-long-passphrase-1"
            )
            mutes.mute_word(reader, "zeppelin")
            follow(reader, room.election.source)
            client.force_login(reader)
        client.get(paths[page])
        client.get(paths[page])  # the shared values, fragments and this reader's are kept
        with django_assert_max_num_queries(budget):
            assert client.get(paths[page]).status_code == 200


def _writes(captured: CaptureQueriesContext) -> list[str]:
    verbs = ("INSERT", "UPDATE", "DELETE", "REPLACE")
    return [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().startswith(verbs)]


def test_a_signed_in_readers_pages_write_nothing_but_the_first_read_mark(
    client, room, django_user_model
):
    # A write on a GET queues on SQLite's one writer: a page seen again writes nothing (no
    # session save, no last-seen stamp, no second read mark).
    from broadsheet.readers.models import ReadState

    reader = django_user_model.objects.create_user(username="ivy", password="a-long-passphrase-1")
    client.force_login(reader)
    paths = [
        "/en/",
        f"/en/article/{room.quake.public_id}",
        f"/en/story/{story_of(room.quake).public_id}",
    ]
    with CaptureQueriesContext(connection) as first:
        for path in paths:
            assert client.get(path).status_code == 200
    written = [
        sql for sql in _writes(first) if "readers_" in sql or "session" in sql or "auth_" in sql
    ]
    # The read mark, and in its transaction the reader's new reads version (readers/versions).
    assert len(written) == 2 and "readers_readstate" in written[0]
    assert written[1].startswith('UPDATE "readers_readerversion" SET "reads"')
    read_at = ReadState.objects.get(user=reader).read_at
    with CaptureQueriesContext(connection) as again:
        for path in paths * 2:
            assert client.get(path).status_code == 200
    assert _writes(again) == []
    assert ReadState.objects.get(user=reader).read_at == read_at
