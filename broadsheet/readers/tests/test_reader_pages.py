"""The reader's pages and buttons over HTTP: follow, save, read marks, For you, Following."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client

from broadsheet.lib.testing.safety import executable_parts
from broadsheet.readers import services
from broadsheet.readers.models import Follow, SavedArticle
from broadsheet.stories.models import ArticleTopic

READER_PAGES = ["/en/for-you", "/en/saved", "/en/following", "/en/saved.json"]


def _csrf_client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def _form_fields(html: str, action: str) -> dict[str, str]:
    """The hidden fields of the form posting to ``action``, as a browser would send them."""
    form = re.search(rf'<form[^>]*action="{re.escape(action)}"[^>]*>(.*?)</form>', html, re.S)
    assert form, f"no form posting to {action}"
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(1)))


@pytest.mark.parametrize("url", READER_PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login?next=")


def test_anonymous_follow_post_is_sent_to_log_in_and_changes_nothing(client, sources):
    response = client.post(f"/en/follow/source/{sources[0].slug}", {"action": "follow"})
    assert response.status_code == 302 and "/accounts/login" in response["Location"]
    assert Follow.objects.count() == 0


def test_anonymous_pages_offer_a_log_in_link_instead_of_buttons(client, sources):
    html = client.get(f"/en/source/{sources[0].slug}").content.decode()
    assert "Log in to follow" in html and 'action="/en/follow/' not in html


@pytest.mark.parametrize("kind", ["source", "topic", "entity", "story"])
def test_follow_and_unfollow_buttons_work_without_javascript(
    reader, sources, topic, entity, make_story, kind
):
    target = {"source": sources[0], "topic": topic, "entity": entity}.get(kind) or make_story(
        "Ferry resumes", sources[:2]
    )
    key = getattr(target, "public_id", None) or target.slug
    page = f"/en/{kind}/{key}"
    action = f"/en/follow/{kind}/{key}"
    client = _csrf_client(reader)
    html = client.get(page).content.decode()
    fields = _form_fields(html, action)
    assert fields["action"] == "follow" and fields["next"] == page
    response = client.post(action, fields)
    assert response.status_code == 302 and response["Location"] == page
    assert services.is_following(reader, target)
    html = client.get(page).content.decode()
    assert ">Following</button>" in html
    client.post(action, _form_fields(html, action))
    assert not services.is_following(reader, target)


def test_follow_without_the_csrf_token_is_refused(reader, sources):
    client = _csrf_client(reader)
    response = client.post(f"/en/follow/source/{sources[0].slug}", {"action": "follow"})
    assert response.status_code == 403
    assert Follow.objects.count() == 0


def test_follow_of_an_unknown_kind_or_target_is_a_404(reader, sources):
    client = Client()
    client.force_login(reader)
    assert client.post("/en/follow/article/x", {"action": "follow"}).status_code == 404
    assert client.post("/en/follow/source/nope", {"action": "follow"}).status_code == 404


def test_actions_never_redirect_off_site(reader, sources):
    client = Client()
    client.force_login(reader)
    response = client.post(
        f"/en/follow/source/{sources[0].slug}",
        {"action": "follow", "next": "https://evil.example/phish"},
    )
    assert response["Location"] == f"/en/source/{sources[0].slug}"


def test_a_get_on_an_action_url_returns_to_the_page_without_acting(reader, sources, make_story):
    client = Client()
    client.force_login(reader)
    article = make_story("Ferry", sources[:1]).articles.get()
    response = client.get(f"/en/saved/{article.public_id}")
    assert response["Location"] == f"/en/article/{article.public_id}"
    assert SavedArticle.objects.count() == 0


def test_save_and_unsave_from_the_article_page(reader, sources, make_story):
    article = make_story("Ferry resumes", sources[:1]).articles.get()
    page, action = f"/en/article/{article.public_id}", f"/en/saved/{article.public_id}"
    client = _csrf_client(reader)
    client.post(action, _form_fields(client.get(page).content.decode(), action))
    saved_page = client.get("/en/saved").content.decode()
    assert article.title in saved_page
    html = client.get(page).content.decode()
    assert ">Saved</button>" in html
    client.post(action, _form_fields(html, action))
    assert article.title not in client.get("/en/saved").content.decode()


def test_opening_an_article_marks_it_read_and_lists_dim_it(reader, sources, make_story):
    first, second = make_story("Ferry resumes", sources[:2]).articles.order_by("pk")
    client = Client()
    client.force_login(reader)
    client.get(f"/en/article/{first.public_id}")
    assert services.read_article_ids(reader, [first.pk, second.pk]) == {first.pk}
    html = client.get("/en/").content.decode()
    cards = re.findall(r'<li class="card( is-read)?">.*?href="/en/article/(\w+)"', html, re.S)
    assert (" is-read", first.public_id) in cards and ("", second.public_id) in cards


def test_opening_an_article_again_writes_nothing_and_keeps_the_first_read(
    reader, sources, make_story
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from broadsheet.readers.models import ReadState

    article = make_story("Ferry resumes", sources[:1]).articles.get()
    client = Client()
    client.force_login(reader)
    with CaptureQueriesContext(connection) as first:
        client.get(f"/en/article/{article.public_id}")
    read_at = ReadState.objects.get(user=reader, article=article).read_at
    with CaptureQueriesContext(connection) as again:
        client.get(f"/en/article/{article.public_id}")
    writes = [q["sql"] for q in again if q["sql"].lstrip().upper().startswith("INSERT")]
    assert any("readers_readstate" in q["sql"] for q in first if "INSERT" in q["sql"].upper())
    assert writes == [] and len(again) < len(first)
    assert ReadState.objects.get(user=reader, article=article).read_at == read_at


def test_mark_as_unread_on_the_article_page_undims_it_and_goes_home(reader, sources, make_story):
    article = make_story("Ferry resumes", sources[:1]).articles.get()
    client = _csrf_client(reader)
    page = f"/en/article/{article.public_id}"
    html = client.get(page).content.decode()
    action = f"/en/read/{article.public_id}"
    assert services.read_article_ids(reader, [article.pk]) == {article.pk}
    response = client.post(action, _form_fields(html, action))
    assert response.status_code == 302 and response["Location"] == "/en/"
    assert services.read_article_ids(reader, [article.pk]) == set()
    assert "is-read" not in client.get("/en/").content.decode()
    assert Client().post(action).status_code == 302  # anonymous: sent to log in
    assert services.read_article_ids(reader, [article.pk]) == set()


def test_anonymous_reading_marks_nothing(client, reader, sources, make_story):
    article = make_story("Ferry resumes", sources[:1]).articles.get()
    assert client.get(f"/en/article/{article.public_id}").status_code == 200
    assert "is-read" not in client.get("/en/").content.decode()


def test_article_page_stays_within_a_dozen_queries_for_a_reader(
    reader, sources, topic, make_story, django_assert_max_num_queries
):
    story = make_story("Ferry resumes", sources)
    article = story.articles.order_by("pk").first()
    ArticleTopic.objects.create(article=article, topic=topic)
    client = Client()
    client.force_login(reader)
    # The first view also counts related articles and writes their kept list (14 here, as
    # measured), and writes the read mark with the reader's new reads version in one
    # transaction (three more in the test's: savepoint, update, release); every later view
    # reads the kept list (10: session, user, article, flags, topics, entities, related,
    # comments). On PostgreSQL the write is in a savepoint inside the test's transaction:
    # two more.
    first = 17 + (2 if connection.vendor == "postgresql" else 0)
    for budget in (first, 10):
        with django_assert_max_num_queries(budget):
            response = client.get(f"/en/article/{article.public_id}")
        assert response.status_code == 200


def test_for_you_shows_followed_stories_only(reader, sources, make_story):
    followed = make_story("Harbour ferry resumes", sources[:1])
    make_story("Valley festival opens", sources[1:2])
    services.follow(reader, sources[0])
    client = Client()
    client.force_login(reader)
    html = client.get("/en/for-you").content.decode()
    assert followed.title in html and "Valley festival opens" not in html


def test_for_you_explains_itself_when_following_nothing(reader, db):
    client = Client()
    client.force_login(reader)
    assert "You do not follow anything yet" in client.get("/en/for-you").content.decode()


def test_following_page_lists_follows_by_kind_and_unfollows(
    reader, sources, topic, entity, make_story
):
    story = make_story("Ferry resumes", sources[:1])
    for target in (sources[1], topic, entity, story):
        services.follow(reader, target)
    client = _csrf_client(reader)
    html = client.get("/en/following").content.decode()
    for name in (sources[1].name, "#Transport", entity.name, story.title):
        assert name in html
    action = f"/en/follow/topic/{topic.slug}"
    response = client.post(action, _form_fields(html, action))
    assert response["Location"] == "/en/following"
    assert not services.is_following(reader, topic)


def test_saved_urls_list_the_saved_article_pages_for_offline_use(reader, sources, make_story):
    article = make_story("Ferry resumes", sources[:1]).articles.get()
    services.save_article(reader, article)
    client = Client()
    client.force_login(reader)
    response = client.get("/en/saved.json")
    data = response.json()
    assert data["urls"] == ["/en/saved", f"/en/article/{article.public_id}"]
    assert "no-cache" in response["Cache-Control"]
    assert str(data["version"]) == response["X-Saved-List-Version"]


def test_a_copy_of_the_saved_list_read_later_has_a_higher_version(reader):
    """The worker keeps the copy with the highest version: it must be the one read last."""
    client = Client()
    client.force_login(reader)
    first = client.get("/en/saved")
    listed = client.get("/en/saved.json")
    last = client.get("/en/saved")
    versions = [int(r["X-Saved-List-Version"]) for r in (first, listed, last)]
    assert versions == sorted(versions) and versions[0] < versions[2]


def test_hostile_names_are_escaped_on_the_reader_pages(reader, sources, topic, make_story):
    payload = '<script>alert(1)</script><img src=x onerror=alert(2)>"><svg onload=alert(3)>'
    sources[0].name = payload
    sources[0].save()
    topic.name = payload
    topic.save()
    story = make_story(payload, sources[:1])
    for target in (sources[0], topic, story):
        services.follow(reader, target)
    services.save_article(reader, story.articles.get())
    client = Client()
    client.force_login(reader)
    for url in ("/en/for-you", "/en/saved", "/en/following", f"/en/story/{story.public_id}"):
        html = client.get(url).content.decode()
        assert executable_parts(html) == [], url


@pytest.mark.parametrize("url", ["/en/for-you", "/en/saved", "/en/following", "/en/"])
def test_reader_list_pages_query_count_does_not_grow_with_the_list(
    reader, sources, topic, entity, make_story, django_assert_max_num_queries, url
):
    for n in range(12):
        story = make_story(f"Story {n}", sources[: 1 + n % 3], hours=n)
        services.save_article(reader, story.articles.first())
        services.follow(reader, story)
    for target in (*sources, topic, entity):
        services.follow(reader, target)
    client = Client()
    client.force_login(reader)
    # Fragments off (as in tests): the home page reads the pool of top stories itself (a few
    # columns to rank, the chosen ones, their articles' sources, leads and topics), then the
    # reader's follows: 13. With fragments on the pool is shared (test_shared_fragments).
    with django_assert_max_num_queries(13):
        response = client.get(url)
    assert response.status_code == 200


def test_story_lists_dim_stories_whose_lead_article_was_read(reader, sources, topic, make_story):
    read_story = make_story("Ferry resumes", sources[:1], hours=2)
    unread_story = make_story("Bridge reopens", sources[1:2])
    for story in (read_story, unread_story):
        ArticleTopic.objects.create(article=story.articles.get(), topic=topic)
    services.mark_read(reader, read_story.articles.get())
    client = Client()
    client.force_login(reader)
    html = client.get(f"/en/topic/{topic.slug}").content.decode()
    cards = re.findall(r'<li class="card( is-read)?">.*?href="/en/story/(\w+)"', html, re.S)
    assert cards == [("", unread_story.public_id), (" is-read", read_story.public_id)]


def test_the_saved_flag_read_with_the_article_stamp_is_each_readers_own(
    reader, other_reader, sources, make_story, settings
):
    settings.FRAGMENT_CACHE_SECONDS = 30  # shared parts on: the flags must stay out of them
    article = make_story("Ferry resumes", sources[:1]).articles.get()
    page = f"/en/article/{article.public_id}"
    services.save_article(reader, article)
    saver, other = Client(), Client()
    saver.force_login(reader)
    other.force_login(other_reader)
    for _ in range(2):  # the second time from the shared parts the first one stored
        assert ">Saved</button>" in saver.get(page).content.decode()
        assert ">Saved</button>" not in other.get(page).content.decode()
        assert ">Saved</button>" not in Client().get(page).content.decode()
    services.unsave_article(reader, article)
    assert ">Saved</button>" not in saver.get(page).content.decode()
    assert services.read_article_ids(other_reader, [article.pk]) == {article.pk}
