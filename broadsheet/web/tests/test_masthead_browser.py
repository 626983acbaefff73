"""The masthead on a phone: one line of sections under the brand, signed in or not."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from broadsheet.accounts.tests.people import make_reader
from broadsheet.lib.testing.browser import artifact_path

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
NAV_LINES = """() => {
  const nav = document.querySelector('.masthead nav');
  const tops = new Set([...nav.children].filter(e => !e.hidden).map(e => Math.round(e.getBoundingClientRect().top)));
  return {lines: tops.size, pageOverflow: document.documentElement.scrollWidth - innerWidth};
}"""


def _signed_in_page(chromium, live_server):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(make_reader("Ana"))
    context = chromium.new_context(viewport=PHONE)
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies["sessionid"].value,
          "url": live_server.url}]
    )  # fmt: skip
    return context, context.new_page()


def test_a_signed_in_readers_sections_stay_on_one_line_on_a_phone(chromium, live_server):
    context, page = _signed_in_page(chromium, live_server)
    try:
        page.goto(live_server.url + "/fr/")  # the longest labels of the three languages
        page.screenshot(path=artifact_path("masthead-signed-in-phone.png"))
        layout = page.evaluate(NAV_LINES)
        assert layout == {"lines": 1, "pageOverflow": 0}
        page.locator(".masthead nav button", has_text="Se déconnecter").scroll_into_view_if_needed()
        assert page.locator(".masthead nav button", has_text="Se déconnecter").is_visible()
    finally:
        context.close()


def test_a_newcomer_sees_sign_up_beside_log_in(page, live_server):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/en/")
    assert page.evaluate(NAV_LINES)["lines"] == 1
    page.locator(".masthead nav a", has_text="Sign up").click()
    page.wait_for_url("**/en/accounts/signup")
    assert page.locator("h1").inner_text() == "Sign up"
