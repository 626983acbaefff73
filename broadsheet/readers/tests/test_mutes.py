"""Mutes: a reader hides publishers and headline words from their front page and For you."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from broadsheet.readers import mutes, services
from broadsheet.readers.models import Mute
from broadsheet.readers.tests.test_reader_pages import _csrf_client, _form_fields


@pytest.fixture
def signed_in(reader) -> Client:
    client = Client()
    client.force_login(reader)
    return client


def _main(client: Client, path: str) -> str:
    html = client.get(path).content.decode()
    return html[html.index("<main") :]


def test_a_muted_source_leaves_the_front_page_for_that_reader_only(
    signed_in, client, reader, sources, make_story
):
    make_story("Harbour ferry resumes", sources[:1])
    make_story("Valley bridge reopens", sources[1:2])
    mutes.mute_source(reader, sources[0])
    mine = _main(signed_in, "/en/")
    assert "Harbour ferry resumes" not in mine and "Valley bridge reopens" in mine
    assert "Harbour ferry resumes" in _main(client, "/en/")  # anonymous: everything
    # The source's own page still lists it, and offers to unmute.
    page = signed_in.get(f"/en/source/{sources[0].slug}").content.decode()
    assert "Harbour ferry resumes" in page and ">Muted</button>" in page


def test_a_muted_word_hides_headlines_and_top_stories_that_name_it(
    signed_in, reader, sources, make_story
):
    make_story("Storm closes the harbour", sources[:2])  # a top story (two sources)
    make_story("Party wins the vote", sources[2:])
    make_story("Art fair opens", sources[2:])
    mutes.mute_word(reader, "  STORM ")
    mutes.mute_word(reader, "art")
    page = _main(signed_in, "/en/")
    assert "Storm closes" not in page and "Art fair" not in page
    assert "Party wins the vote" in page  # "art" is a word, not any part of one


def _top_stories(client: Client) -> str:
    html = _main(client, "/en/")
    return html[html.index('class="top-stories"') : html.index('id="latest-heading"')]


def test_a_muted_sources_own_stories_leave_the_top_and_others_fill_it(
    signed_in, reader, sources, make_story
):
    from broadsheet.stories.front import TOP_LIMIT

    for n in range(TOP_LIMIT):  # newer than the rest: the whole top, unmuted
        make_story(f"Harbour notice {n}", sources[:1], hours=1)
    make_story("Valley bridge reopens", sources[1:2], hours=5)
    make_story("Storm closes the harbour", [sources[0], sources[2]], hours=6)
    assert "Valley bridge reopens" not in _top_stories(signed_in)
    mutes.mute_source(reader, sources[0])
    top = _top_stories(signed_in)
    assert "Harbour notice" not in top
    # Ranked after the mute, so the top is filled again; a story others cover stays.
    assert "Valley bridge reopens" in top and "Storm closes the harbour" in top


def test_hide_muted_stories_drops_only_stories_of_muted_sources_alone(reader, sources, make_story):
    alone = make_story("Harbour ferry resumes", sources[:1])
    shared = make_story("Storm closes the harbour", sources[:2])
    other = make_story("Valley bridge reopens", sources[1:2])
    mutes.mute_source(reader, sources[0])
    kept = mutes.hide_muted_stories([alone, shared, other], mutes.muted_for(reader))
    assert kept == [shared, other]
    assert mutes.hide_muted_stories([alone], mutes.Muted()) == [alone]


def test_hide_muted_stories_takes_the_sources_it_is_given_without_a_query(
    reader, sources, make_story, django_assert_num_queries
):
    alone = make_story("Harbour ferry resumes", sources[:1])
    other = make_story("Valley bridge reopens", sources[1:2])
    unknown = make_story("Harbour tide tables", sources[:1])
    mutes.mute_source(reader, sources[0])
    muted = mutes.muted_for(reader)
    pairs = [(alone.pk, sources[0].pk), (other.pk, sources[1].pk)]
    with django_assert_num_queries(0):
        assert mutes.hide_muted_stories([alone, other], muted, sources=pairs) == [other]
    with django_assert_num_queries(1):  # a story the pairs leave out is asked about
        assert mutes.hide_muted_stories([unknown, other], muted, sources=pairs) == [other]


def test_for_you_and_the_api_leave_out_a_muted_sources_own_stories(
    signed_in, reader, sources, make_story
):
    services.follow(reader, sources[0])
    services.follow(reader, sources[1])
    make_story("Harbour ferry resumes", sources[:1])
    make_story("Valley bridge reopens", sources[1:2])
    mutes.mute_source(reader, sources[0])
    page = _main(signed_in, "/en/for-you")
    assert "Valley bridge reopens" in page and "Harbour ferry resumes" not in page
    titles = [s["title"] for s in signed_in.get("/api/v1/me/for-you").json()]
    assert titles == ["Valley bridge reopens"]


def test_for_you_leaves_out_stories_named_by_a_muted_word(signed_in, reader, sources, make_story):
    services.follow(reader, sources[0])
    make_story("Storm closes the harbour", sources[:1])
    make_story("Harbour ferry resumes", sources[:1])
    mutes.mute_word(reader, "storm")
    page = _main(signed_in, "/en/for-you")
    assert "Harbour ferry resumes" in page and "Storm closes" not in page


def test_words_are_kept_folded_once_and_bad_ones_are_refused(reader):
    assert mutes.mute_word(reader, "  Élection   Results ") == "élection results"
    mutes.mute_word(reader, "ÉLECTION results")
    assert list(Mute.objects.values_list("value", flat=True)) == ["élection results"]
    with pytest.raises(mutes.MuteError):
        mutes.mute_word(reader, " a ")
    with pytest.raises(mutes.MuteError):
        mutes.mute_word(reader, "x" * (mutes.WORD_MAX + 1))


def test_a_reader_has_at_most_the_limit_of_mutes(reader, monkeypatch):
    monkeypatch.setattr(mutes, "MAX_MUTES", 3)
    for word in ("one", "two", "three"):
        mutes.mute_word(reader, word)
    mutes.mute_word(reader, "two")  # already there: no error
    with pytest.raises(mutes.MuteError):
        mutes.mute_word(reader, "four")


def test_words_with_regex_characters_match_literally(signed_in, reader, sources, make_story):
    make_story("C++ turns 40", sources[:1])
    make_story("C turns 50", sources[1:2])
    mutes.mute_word(reader, "c++")
    page = _main(signed_in, "/en/")
    assert "C++ turns 40" not in page and "C turns 50" in page


def test_following_page_mutes_and_unmutes_with_its_forms(reader, sources, make_story):
    client = _csrf_client(reader)
    html = client.get("/en/following").content.decode()
    fields = _form_fields(html, "/en/mute/word")
    fields["word"] = "storm"
    assert client.post("/en/mute/word", fields).status_code == 302
    assert mutes.muted_for(reader).words == ("storm",)
    html = client.get("/en/following").content.decode()
    assert "“storm”" in html
    unmute = re.search(
        r'<form[^>]*action="/en/mute/word"[^>]*>((?:(?!</form>).)*name="action" value="unmute".*?)</form>',
        html,
        re.S,
    )
    assert unmute, "no unmute form for the word"
    fields = dict(
        re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', unmute.group(1))
    )
    client.post("/en/mute/word", fields)
    assert mutes.muted_for(reader).words == ()


def test_the_source_page_button_mutes_and_unmutes(reader, sources):
    client = _csrf_client(reader)
    path = f"/en/source/{sources[1].slug}"
    action = f"/en/mute/source/{sources[1].slug}"
    fields = _form_fields(client.get(path).content.decode(), action)
    assert fields["action"] == "mute"
    assert client.post(action, fields)["Location"] == path
    assert mutes.is_muted(reader, sources[1])
    fields = _form_fields(client.get(path).content.decode(), action)
    client.post(action, fields)
    assert not mutes.is_muted(reader, sources[1])


def test_a_refused_word_is_explained_on_the_following_page(signed_in, reader):
    response = signed_in.post("/en/mute/word", {"word": "x"}, follow=True)
    assert "at least 2 characters" in response.content.decode()
    assert Mute.objects.count() == 0


def test_anonymous_visitors_cannot_mute(client, sources):
    response = client.post(f"/en/mute/source/{sources[0].slug}", {"action": "mute"})
    assert response.status_code == 302 and "/accounts/login" in response["Location"]
    assert client.post("/en/mute/word", {"word": "storm"}).status_code == 302
    assert Mute.objects.count() == 0


def test_a_muting_readers_latest_list_is_the_databases_filtered_list(
    signed_in, reader, sources, make_story, settings
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from broadsheet.articles.models import Article

    settings.FRAGMENT_CACHE_SECONDS = 60  # the newest rows are shared, then left out in Python
    for n in range(80):
        make_story(
            f"Storm warning {n}" if n % 3 == 0 else f"Ferry notice {n}",
            [sources[n % 4 % 3]],
            hours=n,
        )
    mutes.mute_source(reader, sources[1])
    mutes.mute_word(reader, "storm")
    wanted = mutes.hide_muted_articles(
        Article.objects.originals().published(), mutes.muted_for(reader)
    )
    expected = list(wanted.values_list("public_id", flat=True)[:40])

    def latest(path: str) -> list[str]:
        html = _main(signed_in, path)
        return re.findall(r'href="/en/article/(\w+)"', html[html.index('id="latest-heading"') :])

    with CaptureQueriesContext(connection) as queries:
        first = latest("/en/")
    assert first == expected[:20]
    assert not any("storm" in q["sql"].lower() for q in queries)  # not asked of the database
    assert latest("/en/?page=2") == expected[20:40]
