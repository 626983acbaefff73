"""The article page in real Chromium: readable without JavaScript, right to left for Arabic,
switchable between interface languages in place, and laid out without overflow on a phone
(screenshots kept in var/test-artifacts/ for a human to look at)."""

from __future__ import annotations

import pytest

from broadsheet.lib.testing.browser import artifact_path
from broadsheet.web.tests.newsroom import ARABIC_TITLE, build_newsroom, image_server

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

SIZES = {"phone": (390, 844), "desktop": (1366, 900)}


def test_article_shows_headline_and_body_without_javascript(live_server, chromium):
    room = build_newsroom()
    context = chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/en/article/{room.quake.public_id}")
        assert page.locator("h1").inner_text() == room.quake.title
        body = page.locator(".article .body")
        assert body.is_visible()
        assert "magnitude 6.4 earthquake struck the coast" in body.inner_text()
        assert page.locator("noscript a", has_text="Show the AI summary").count() == 1
    finally:
        context.close()


def test_arabic_article_is_right_to_left_inside_an_english_page(live_server, page):
    room = build_newsroom()
    page.goto(f"{live_server.url}/en/article/{room.arabic.public_id}")
    assert page.locator("html").get_attribute("lang") == "en"
    title = page.locator("h1")
    assert title.inner_text() == ARABIC_TITLE
    assert title.get_attribute("lang") == "ar" and title.get_attribute("dir") == "rtl"
    body = page.locator(".article .body")
    assert body.get_attribute("lang") == "ar"
    assert body.evaluate("el => getComputedStyle(el).direction") == "rtl"
    # The interface around it stays left to right.
    meta = page.locator(".article header .meta")
    assert meta.evaluate("el => getComputedStyle(el).direction") == "ltr"


def test_footer_language_switcher_keeps_the_page(live_server, page):
    room = build_newsroom()
    page.goto(f"{live_server.url}/en/article/{room.quake.public_id}")
    assert page.locator(".languages [aria-current]").inner_text() == "English"
    page.locator(".languages a", has_text="Français").click()
    page.wait_for_url(f"**/fr/article/{room.quake.public_id}")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("a.skip").inner_text() == "Aller au contenu"
    assert page.locator("h1").inner_text() == room.quake.title  # the headline is the publisher's
    page.goto(f"{live_server.url}/fr/search?q=earthquake&lang=en")
    page.locator(".languages a", has_text="Español").click()
    page.wait_for_url("**/es/search?q=earthquake&lang=en")
    assert page.locator("h1").inner_text() == "Buscar"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_article_page_fits_phone_and_desktop_and_is_screenshotted(live_server, chromium, scheme):
    with image_server() as images:
        room = build_newsroom(image_base=images)
        for size, (width, height) in SIZES.items():
            context = chromium.new_context(
                viewport={"width": width, "height": height}, color_scheme=scheme
            )
            try:
                page = context.new_page()
                for name, article in (("article", room.quake), ("article-ar", room.arabic)):
                    page.goto(f"{live_server.url}/en/article/{article.public_id}")
                    page.wait_for_selector(".ai-inner")
                    page.wait_for_function("document.querySelector('figure.lead img').complete")
                    page.screenshot(
                        path=str(artifact_path(f"{name}-{size}-{scheme}.png")), full_page=True
                    )
                    overflow = page.evaluate(
                        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                    )
                    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {size}"
                    measure = page.evaluate(_CHARS_PER_LINE)
                    assert measure <= 80, f"{name} lines hold ~{measure} characters at {size}"
                    if size == "desktop":
                        assert measure >= 55, f"{name} lines hold only ~{measure} characters"
            finally:
                context.close()
    assert artifact_path(f"article-phone-{scheme}.png").stat().st_size > 10_000


# Width of the article body divided by the average width of a character of its own text.
_CHARS_PER_LINE = r"""() => {
  const body = document.querySelector('.article .body');
  const probe = document.createElement('span');
  probe.textContent = body.textContent.replace(/\s+/g, ' ').trim();
  probe.style.whiteSpace = 'nowrap';
  body.appendChild(probe);
  const perChar = probe.getBoundingClientRect().width / probe.textContent.length;
  probe.remove();
  return Math.round(body.getBoundingClientRect().width / perChar);
}"""
