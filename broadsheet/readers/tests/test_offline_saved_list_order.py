"""The offline saved list in real Chromium: whatever order the copies of the list arrive in,
the worker keeps the newest one."""

from __future__ import annotations

import pytest

from broadsheet.readers import services
from broadsheet.readers.tests.offline import (
    CACHED_MAIN_HAS_ALL,
    CACHED_MAIN_TEXT,
    logged_in_context,
    wait_for_js,
    wait_until,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_a_copy_of_the_saved_list_released_late_never_replaces_a_newer_one(
    chromium, live_server, reader, sources, make_story
):
    """A second tab asks for /en/saved; its answer (the list before the save) is held until
    the reader has saved an article in the first tab and the worker kept the newer list."""
    article = make_story("Harbour ferry resumes", sources[:1]).articles.get()
    services.save_article(reader, make_story("Valley bridge reopens", sources[1:2]).articles.get())
    context = logged_in_context(chromium, live_server, reader)
    held = []  # the first answer for the list page after routing starts, fetched now

    def hold_first(route):  # type: ignore[no-untyped-def]
        if held:
            route.continue_()
        else:
            held.append((route, route.fetch()))

    page = context.new_page()
    slow = context.new_page()
    try:
        page.goto(live_server.url + "/en/")
        assert page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        wait_for_js(page, CACHED_MAIN_HAS_ALL, ["/en/saved", ["Valley bridge"]])
        context.route("**/en/saved", hold_first)
        slow.evaluate("(url) => { location.href = url; }", live_server.url + "/en/saved")
        wait_until(page, lambda: bool(held))
        assert article.title not in held[0][1].text()

        page.goto(live_server.url + f"/en/article/{article.public_id}")
        page.click("form.save-form button[type=submit]")
        page.wait_for_url(f"**/en/article/{article.public_id}")
        wait_for_js(page, CACHED_MAIN_HAS_ALL, ["/en/saved", [article.title]])

        held[0][0].fulfill(response=held[0][1])
        slow.wait_for_load_state("load")  # the worker stores a page before answering with it
        assert "Valley bridge" in slow.locator("main").inner_text()
        assert article.title in page.evaluate(CACHED_MAIN_TEXT, "/en/saved")
    finally:
        context.close()
