"""The CSRF token of a page (web/csrf.py): masked afresh on every page, checked on every POST
as Django checks it, the cookie set only when the browser has none."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, _unmask_cipher_token
from django.test import Client

from broadsheet.web.csrf import masked, random_chars


@pytest.fixture
def reader(django_user_model):
    return django_user_model.objects.create_user(username="gil", password="a-long-passphrase-1")


@pytest.fixture
def browser(reader) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    return client


def _token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def test_a_signed_in_page_seen_again_sets_no_cookie(browser):
    first = browser.get("/en/")
    assert "csrftoken" in first.cookies  # the browser had none: set
    secret = first.cookies["csrftoken"].value
    again = browser.get("/en/")
    assert again.status_code == 200 and "csrftoken" not in again.cookies
    assert "Cookie" in again["Vary"]  # the page shows this browser's token
    assert _unmask_cipher_token(_token(again.content.decode())) == secret


def test_every_page_masks_the_token_afresh(browser):
    browser.get("/en/")
    tokens = {_token(browser.get("/en/").content.decode()) for _ in range(5)}
    assert len(tokens) == 5
    assert len({_unmask_cipher_token(token) for token in tokens}) == 1


def test_a_post_needs_the_pages_token(browser):
    token = _token(browser.get("/en/").content.decode())
    assert browser.post("/en/accounts/logout").status_code == 403
    forged = masked(random_chars(32))  # well formed, another secret
    refused = browser.post("/en/accounts/logout", {"csrfmiddlewaretoken": forged})
    assert refused.status_code == 403
    assert "Log out" in browser.get("/en/").content.decode()
    logged_out = browser.post("/en/accounts/logout", {"csrfmiddlewaretoken": token})
    assert logged_out.status_code == 302
    assert "Log out" not in browser.get("/en/").content.decode()


def test_an_anonymous_form_with_the_browsers_cookie_is_never_cached(db, settings):
    settings.PAGE_CACHE_SECONDS = 30
    browser = Client()
    browser.get("/en/accounts/login")  # sets the cookie
    pages = [browser.get("/en/accounts/login") for _ in range(2)]
    for page in pages:
        assert "csrftoken" not in page.cookies and "X-Page-Cache" not in page
        assert "Cookie" in page["Vary"]
    assert _token(pages[0].content.decode()) != _token(pages[1].content.decode())


def test_a_mask_is_uniform_over_the_allowed_characters():
    drawn = Counter("".join(random_chars(32) for _ in range(2000)))
    assert set(drawn) == set(CSRF_ALLOWED_CHARS)
    expected = 2000 * 32 / len(CSRF_ALLOWED_CHARS)  # ~1,032 each
    assert all(0.8 * expected < count < 1.2 * expected for count in drawn.values())
    secret = random_chars(32)
    token = masked(secret)
    assert len(token) == 64 and set(token) <= set(CSRF_ALLOWED_CHARS)
    assert _unmask_cipher_token(token) == secret


def test_a_page_without_a_form_makes_no_token(db, settings):
    from django.template import engines

    settings.PAGE_CACHE_SECONDS = 0
    page = Client().get("/en/")  # anonymous: no form on the home page
    assert "csrftoken" not in page.cookies and "csrfmiddlewaretoken" not in page.content.decode()
    request = page.wsgi_request
    template = engines["django"].from_string("{% csrf_token %}|{% csrf_token %}")
    twice = template.render({}, request).split("|")
    assert twice[0] == twice[1] and _token(twice[0])  # one token per page, made when shown
