"""No interface string on a French or Spanish page is left in English.

Each page is rendered under /en/ and under /fr/ and /es/ from the same rows; what reads the
same in both must be data or a word the catalogue gives as the same in both languages
(broadsheet/lib/testing/page_language.py). This catches what the catalogue check cannot:
text that never went through gettext (a label built in Python, a model's name, an error).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from broadsheet.accounts.models import Profile
from broadsheet.accounts.tests.people import PASSWORD, make_reader
from broadsheet.articles.models import Article
from broadsheet.comments import services as comments
from broadsheet.comments.models import Comment
from broadsheet.lib.testing.page_language import untranslated
from broadsheet.readers import services as readers
from broadsheet.sources.models import Feed, Source
from broadsheet.stories.models import Entity, Story
from broadsheet.web.tests.newsroom import build_newsroom, story_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(db):
    room = build_newsroom()
    reader = make_reader("Ana")
    moderator = make_reader("Mo", moderator=True)
    kept = comments.add_comment(room.quake, author=reader, body="Thoughts on the quake")
    hidden = comments.add_comment(room.quake, author=reader, body="Heated words")
    comments.hide_comment(hidden, moderator=moderator)
    comments.add_comment(room.quake, author=moderator, body="A reply", parent=kept)
    readers.save_article(reader, room.quake)
    readers.follow(reader, story_of(room.quake))
    return room


def data_strings() -> list[str]:
    """Every text the rows hold: what pages show that is not interface."""
    rows: list[str] = []
    for article in Article.objects.all():
        rows += [article.title, article.body, article.summary, article.author]
    rows += [s.name for s in Source.objects.all()]
    rows += [f.url for f in Feed.objects.all()]
    rows += [s.title for s in Story.objects.all()]
    for entity in Entity.objects.all():
        rows += [entity.name, *entity.aliases]
    rows += [c.body for c in Comment.objects.all()]
    rows += [p.display_name for p in Profile.objects.all()]
    rows += [u.email for u in User.objects.all()]
    return rows


def anonymous_pages(room) -> list[str]:
    story = story_of(room.quake)
    entity = Entity.objects.order_by("slug").first()
    return [
        "/", f"/article/{room.quake.public_id}", f"/article/{room.quake.public_id}/ai",
        f"/article/{room.french.public_id}", f"/story/{story.public_id}",
        "/topic/disasters", f"/source/{room.quake.source.slug}", "/stories",
        "/stories?topic=disasters",
        f"/entity/{entity.slug}" if entity else "/", "/search?q=quake", "/search?q=zzqx",
        "/accounts/login", "/accounts/signup", "/accounts/password-reset", "/offline",
    ]  # fmt: skip


def reader_pages(room) -> list[str]:
    return [
        "/", "/for-you", "/saved", "/following", "/accounts/profile", "/accounts/email",
        "/accounts/password", "/accounts/delete", "/accounts/tokens",
        f"/article/{room.quake.public_id}",
    ]  # fmt: skip


def check(client: Client, paths: list[str], *, method: str = "get", data=None) -> list[str]:
    found = []
    rows = data_strings()
    for path in paths:
        english = getattr(client, method)(f"/en{path}", data).content.decode()
        for language in ("fr", "es"):
            other = getattr(client, method)(f"/{language}{path}", data).content.decode()
            found += [
                f"{language}{path}: {s!r}"
                for s in untranslated(english, other, language=language, data=rows)
            ]
    return found


def test_anonymous_pages_speak_the_page_language(client, room):
    assert check(client, anonymous_pages(room)) == []


def test_a_signed_in_readers_pages_speak_the_page_language(client, room):
    client.force_login(User.objects.get(email="ana@example.org"))
    assert check(client, reader_pages(room)) == []


def test_a_moderators_view_speaks_the_page_language(client, room):
    client.force_login(User.objects.get(email="mo@example.org"))
    assert check(client, [f"/article/{room.quake.public_id}"]) == []


def test_form_errors_speak_the_page_language(client, room):
    bad_signup = {"email": "not-an-email", "display_name": " ", "password1": "short",
                  "password2": "other"}  # fmt: skip
    assert check(client, ["/accounts/signup"], method="post", data=bad_signup) == []
    bad_login = {"username": "ana@example.org", "password": "wrong " + PASSWORD}
    assert check(client, ["/accounts/login"], method="post", data=bad_login) == []
    client.force_login(User.objects.get(email="ana@example.org"))
    empty = {"body": "   "}
    assert check(client, [f"/comments/article/{room.quake.public_id}/post"], method="post",
                 data=empty) == []  # fmt: skip


def test_the_check_reports_interface_english_and_spares_data_and_shared_words():
    english = (
        "<body><h1>Harbour Wire</h1><p>Read the whole story</p><a>#Sport</a>"
        "<button aria-label='Close the menu'>x</button><p>3 sources ·</p></body>"
    )
    french = (
        "<body><h1>Harbour Wire</h1><p>Read the whole story</p><a>#Sport</a>"
        "<button aria-label='Close the menu'>x</button><p>3 sources ·</p></body>"
    )
    found = untranslated(english, french, language="fr", data=["News from Harbour Wire"])
    assert found == ["Close the menu", "Read the whole story"]
