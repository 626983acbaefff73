"""axe-core finds no serious or critical problem on the main pages, light and dark, in English
and French; keyboard users can skip to the content and see where focus is."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from broadsheet.stories.models import Topic
from broadsheet.web.tests.newsroom import build_newsroom, image_server, story_of

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

SERIOUS = {"serious", "critical"}


def _problems(page: Any) -> list[str]:
    """axe's serious and critical violations on the current page, one line each."""
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_main_pages_have_no_serious_accessibility_violations(live_server, chromium, language):
    with image_server() as images:
        room = build_newsroom(image_base=images)
        story = story_of(room.quake)
        pages = {
            "home": "/",
            "article": f"/article/{room.quake.public_id}",
            "arabic article": f"/article/{room.arabic.public_id}",
            "story": f"/story/{story.public_id}",
            "search": "/search?q=earthquake",
            "topic": f"/topic/{Topic.objects.order_by('pk').values_list('slug', flat=True)[0]}",
            "source": f"/source/{room.quake.source.slug}",
        }
        context = chromium.new_context(bypass_csp=True)
        page = context.new_page()
        found = []
        try:
            for name, path in pages.items():
                page.goto(f"{live_server.url}/{language}{path}")
                if name.endswith("article"):
                    page.wait_for_selector(".ai-inner")  # the panel loaded by JS
                for scheme in ("light", "dark"):
                    page.emulate_media(color_scheme=scheme)
                    found += [f"{name} [{scheme}] {p}" for p in _problems(page)]
        finally:
            context.close()
    assert found == []


def test_keyboard_user_can_skip_to_the_content_and_sees_focus(live_server, page):
    room = build_newsroom()
    page.goto(f"{live_server.url}/en/article/{room.quake.public_id}")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    assert skip.evaluate("el => el === document.activeElement")
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0 and box["x"] >= 0  # on screen once focused
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline not in ("", "none")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('main') !== null")
    assert focused, "the next Tab after skipping lands inside the main content"


def test_every_image_has_alt_text_and_the_landmarks_are_there(live_server, page):
    with image_server() as images:
        room = build_newsroom(image_base=images)
        for path in ("/en/", f"/en/article/{room.quake.public_id}"):
            page.goto(live_server.url + path)
            assert page.locator("img").count() >= 1
            assert page.locator("img:not([alt])").count() == 0, path
            for landmark in ("header", "nav", "main", "footer"):
                assert page.locator(landmark).count() >= 1, (path, landmark)
        lead = page.locator("figure.lead img")
        assert lead.get_attribute("alt") == room.quake.title


def test_headings_start_at_one_h1_and_never_skip_a_level(live_server, page):
    room = build_newsroom()
    story = story_of(room.quake)
    for path in (
        "/fr/",
        f"/fr/article/{room.quake.public_id}",
        f"/fr/story/{story.public_id}",
        "/fr/search?q=earthquake",
        f"/fr/source/{room.quake.source.slug}",
    ):
        page.goto(live_server.url + path)
        if "/article/" in path:
            page.wait_for_selector(".ai-inner")
        levels = page.eval_on_selector_all(
            "h1, h2, h3, h4, h5, h6", "els => els.map(e => Number(e.tagName[1]))"
        )
        assert levels[0] == 1 and levels.count(1) == 1, (path, levels)
        steps = zip(levels, levels[1:], strict=False)
        assert all(after - before <= 1 for before, after in steps), (path, levels)
