"""In Chromium, on a phone: Top stories made of multi-source stories, in order, linked to their
story pages, and the stories index paged and filtered by topic."""

from __future__ import annotations

import pytest

from broadsheet.lib.testing.browser import artifact_path
from broadsheet.stories.models import Topic
from broadsheet.stories.tests.stories_made import make_sources, make_story

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def test_top_stories_are_ordered_linked_and_the_index_pages_and_filters(page, live_server):
    sources = make_sources(5)
    sport = Topic.objects.create(slug="sport", name="Sport")
    make_story("Ferry strike spreads to three ports", sources[:4], hours=3, span_hours=20)
    make_story("Storm closes the coast road", sources, hours=2, span_hours=5)
    make_story("Council backs new tram line", sources[:2], hours=1)
    for n in range(22):
        make_story(f"Local match report {n}", sources[n % 5 : n % 5 + 1], hours=30 + n,
                   topics=(sport,))  # fmt: skip
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/en/")
    cards = page.locator(".top-stories .story-card")
    titles = cards.locator(".card-title").all_inner_texts()
    assert titles[:3] == [
        "Storm closes the coast road",
        "Ferry strike spreads to three ports",
        "Council backs new tram line",
    ]
    assert "5 sources" in cards.nth(0).locator(".source-count").inner_text()
    assert cards.nth(1).locator("time.first-seen").count() == 1
    assert cards.nth(1).locator("time.last-seen").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth - innerWidth") == 0
    page.screenshot(path=artifact_path("front-page-top-stories-phone.png"))
    cards.nth(0).locator(".card-title a").click()
    page.wait_for_url("**/en/story/*")
    assert "Storm closes the coast road" in page.locator("h1").inner_text()

    page.goto(live_server.url + "/en/")
    page.locator(".top-stories a", has_text="All stories").click()
    page.wait_for_url("**/en/stories")
    first_page = page.locator(".stories-index .card-title").all_inner_texts()
    assert len(first_page) == 20 and first_page[0] == "Council backs new tram line"
    page.locator(".pager a[rel=next]").click()
    page.wait_for_url("**/en/stories?page=2")
    assert len(page.locator(".stories-index .card-title").all_inner_texts()) == 5

    page.select_option("select[name=topic]", "sport")
    page.locator(".story-filters button").click()
    page.wait_for_url("**/en/stories?topic=sport*")
    filtered = page.locator(".stories-index .card-title").all_inner_texts()
    assert filtered[0] == "Local match report 0" and len(filtered) == 20
    page.locator(".pager a[rel=next]").click()
    page.wait_for_url("**/en/stories?topic=sport&page=2")
    assert page.locator(".stories-index .card-title").all_inner_texts() == [
        "Local match report 20",
        "Local match report 21",
    ]
