"""Interface language from the URL prefix, a switcher that keeps the page, and article text
marked with its own language and direction."""

from __future__ import annotations

import pytest

from broadsheet.lib.languages import clean_language_tag, text_direction
from broadsheet.web.tests.newsroom import ARABIC_TITLE, build_newsroom


@pytest.mark.parametrize(
    ("raw", "tag"),
    [("en", "en"), ("pt_br", "pt-BR"), ("AR", "ar"), (" fr-CA ", "fr-CA"), ("zh-hant", "zh-hant"),
     ("English", ""), ("x", ""), ("", ""), (None, ""), ('en" onload="x', "")],
)  # fmt: skip
def test_language_tags_are_cleaned_or_dropped(raw, tag):
    assert clean_language_tag(raw) == tag


@pytest.mark.parametrize(
    ("tag", "direction"),
    [("ar", "rtl"), ("he", "rtl"), ("fa-IR", "rtl"), ("ur", "rtl"), ("en", "ltr"), ("", "ltr")],
)
def test_text_direction_follows_the_script(tag, direction):
    assert text_direction(tag) == direction


@pytest.fixture
def room(db):
    return build_newsroom()


@pytest.mark.parametrize(
    ("prefix", "skip", "latest"),
    [("en", "Skip to content", "Latest news"), ("fr", "Aller au contenu", "Dernières nouvelles"),
     ("es", "Saltar al contenido", "Últimas noticias")],
)  # fmt: skip
def test_url_prefix_selects_the_interface_language(client, room, prefix, skip, latest):
    html = client.get(f"/{prefix}/").content.decode()
    assert f'<html lang="{prefix}">' in html
    assert skip in html and latest in html


def test_switcher_links_to_the_same_page_in_each_language(client, room):
    path = f"/article/{room.quake.public_id}"
    html = client.get(f"/fr{path}").content.decode()
    for code in ("en", "fr", "es"):
        assert f'href="/{code}{path}" hreflang="{code}"' in html
    assert 'lang="fr" aria-current="true">Français</a>' in html


def test_switcher_keeps_the_query_string(client, room):
    html = client.get("/en/search", {"q": "Peru quake", "lang": "en"}).content.decode()
    assert 'href="/es/search?q=Peru+quake&amp;lang=en"' in html


def test_arabic_article_text_is_marked_right_to_left_inside_a_french_page(client, room):
    html = client.get(f"/fr/article/{room.arabic.public_id}").content.decode()
    assert '<html lang="fr">' in html
    assert f'<h1 lang="ar" dir="rtl">{ARABIC_TITLE}</h1>' in html
    assert '<div class="body" lang="ar" dir="rtl">' in html
    assert '<figure class="lead"' not in html or 'class="lead" lang="ar"' in html


def test_a_french_article_in_an_english_page_is_marked_french(client, room):
    html = client.get(f"/en/article/{room.french.public_id}").content.decode()
    assert '<div class="body" lang="fr" dir="ltr">' in html
    home = client.get("/en/").content.decode()
    assert 'lang="fr" dir="ltr">Les sociaux-démocrates remportent' in home


def test_translated_interface_keeps_plurals_and_placeholders(client, room):
    html = client.get(f"/es/article/{room.quake.public_id}").content.decode()
    assert "Leer el original en Andes Daily" in html
    assert "3 fuentes cubren esta noticia" in html


def test_story_page_names_its_languages_in_the_reader_language(client, room):
    from broadsheet.web.tests.newsroom import story_of

    story = story_of(room.quake)
    story.languages = "ar,en,xx-nonsense"
    story.save(update_fields=["languages"])
    html = client.get(f"/fr/story/{story.public_id}").content.decode()
    assert "Arabe, Anglais, xx-nonsense" in html  # Django's own names of languages


def test_article_page_names_the_article_language(client, room):
    html = client.get(f"/es/article/{room.arabic.public_id}").content.decode()
    assert '<span class="language">Árabe</span>' in html


@pytest.mark.parametrize(
    ("accept", "home"),
    [("", "/en/"), ("fr-CA,fr;q=0.9,en;q=0.5", "/fr/"), ("es", "/es/"), ("de", "/en/")],
)
def test_root_sends_the_reader_to_their_browser_language(client, db, accept, home):
    response = client.get("/", headers={"accept-language": accept} if accept else {})
    assert response.status_code == 302 and response["Location"] == home
    assert "Accept-Language" in response["Vary"]


def test_each_page_declares_its_translations_for_search_engines(client, room):
    html = client.get(f"/en/article/{room.quake.public_id}").content.decode()
    for code in ("en", "fr", "es"):
        url = f"http://testserver/{code}/article/{room.quake.public_id}"
        assert f'<link rel="alternate" hreflang="{code}" href="{url}">' in html


def test_missing_page_is_a_translated_404_in_the_site_layout(client, db):
    response = client.get("/fr/article/nope")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="fr">' in html and "Page introuvable" in html
    assert 'href="/es/article/nope"' in html  # the switcher still works


def test_switcher_never_links_off_site(client, db):
    html = client.get("/", PATH_INFO="//evil.example/en/").content.decode()
    assert "404" in html or "Page not found" in html
    assert "evil.example" not in html.split('class="languages"', 1)[1]
