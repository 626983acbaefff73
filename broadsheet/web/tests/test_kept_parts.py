"""Parts of the page a process renders once per key (`{% kept %}`: the masthead, the footer,
the log-in links) and the article and story pages' shared heads: every page is the page
rendered fresh, for each path, language and reader."""

from __future__ import annotations

import re

import pytest

from broadsheet.stories.desk import reset_desk
from broadsheet.web.tests.newsroom import build_newsroom, story_of


@pytest.fixture
def room(db, settings):
    settings.FRAGMENT_CACHE_SECONDS = 60
    reset_desk()
    return build_newsroom(filler=3)


def _page(client, path: str) -> str:
    html = client.get(path).content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def _paths(room) -> list[str]:
    return [
        "/en/",
        f"/en/article/{room.quake.public_id}",
        f"/fr/article/{room.election.public_id}",
        f"/en/story/{story_of(room.quake).public_id}",
        f"/fr/story/{story_of(room.french).public_id}",
    ]


def _kept_and_fresh(client, path: str, settings) -> tuple[str, str]:
    _page(client, path)  # fills the kept parts and fragments
    kept = _page(client, path)
    settings.FRAGMENT_CACHE_SECONDS = 0
    fresh = _page(client, path)
    settings.FRAGMENT_CACHE_SECONDS = 60
    return kept, fresh


def test_kept_parts_are_the_parts_rendered_fresh_for_every_reader(
    client, room, settings, django_user_model
):
    reader = django_user_model.objects.create_user(username="kim", password="a-long-passphrase-1")
    for signed_in in (False, True, False):
        if signed_in:
            client.force_login(reader)
        else:
            client.logout()
        for path in _paths(room):
            kept, fresh = _kept_and_fresh(client, path, settings)
            assert kept == fresh, (path, signed_in)
            assert ("data-saved-urls" in kept) is signed_in  # the reader's masthead


def test_kept_parts_name_the_page_they_are_on(client, room):
    first, second = room.quake.public_id, room.election.public_id
    _page(client, f"/en/article/{first}")
    page = _page(client, f"/en/article/{second}")
    assert f"next=/en/article/{second}" in page and f"next=/en/article/{first}" not in page
    assert f'hreflang="fr" href="http://testserver/fr/article/{second}"' in page
    assert f'<a href="/fr/article/{second}" hreflang="fr"' in page  # the footer's switcher
    french = _page(client, f"/fr/article/{second}")
    assert '<html lang="fr">' in french and "Log in to save" not in french
    assert 'aria-current="true">Français' in french


def test_an_article_header_follows_its_row(client, room):
    path = f"/en/article/{room.quake.public_id}"
    assert "Earthquake kills four in southern Peru" in _page(client, path)
    type(room.quake).objects.filter(pk=room.quake.pk).update(title="Quake toll rises to five")
    page = _page(client, path)  # no version part moves; the row's stamp does
    assert "<h1" in page and "Quake toll rises to five</h1>" in page
    assert '<meta property="og:title" content="Quake toll rises to five">' in page


def test_a_new_comment_shows_in_the_kept_heading_for_every_reader(
    client, room, settings, django_user_model
):
    from broadsheet.comments.services import add_comment

    path = f"/en/story/{story_of(room.quake).public_id}"
    writer = django_user_model.objects.create_user(username="lu", password="a-long-passphrase-1")
    assert "No comments yet." in _page(client, path)
    add_comment(room.quake.story, author=writer, body="Stay safe, Arequipa.")
    for signed_in in (False, True):
        if signed_in:
            client.force_login(writer)
        kept, fresh = _kept_and_fresh(client, path, settings)
        assert kept == fresh and "Comments (1)" in kept and "Stay safe, Arequipa." in kept
        assert "No comments yet." not in kept


@pytest.mark.parametrize(
    "inside", ["{% block a %}{% endblock %}", "{% if x %}{% csrf_token %}{% endif %}"]
)
def test_a_kept_part_cannot_hold_a_block_or_a_csrf_token(inside):
    from django.template import Template, TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError):
        Template('{% load fragments %}{% kept "x" %}' + inside + "{% endkept %}")
