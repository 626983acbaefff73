"""Saving and unsaving offline in real Chromium: queued by the worker, sent in order when back."""

from __future__ import annotations

import pytest

from broadsheet.readers import services
from broadsheet.readers.tests.offline import (
    CACHED_MAIN_HAS_ALL,
    CACHED_MAIN_TEXT,
    IS_CACHED,
    logged_in_context,
    wait_for_js,
    wait_for_worker,
    wait_until,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def _saved_titles(reader) -> list[str]:  # type: ignore[no-untyped-def]
    return list(services.saved_articles(reader).values_list("title", flat=True))


def test_saves_and_unsaves_made_offline_reach_the_account_in_order(
    chromium, live_server, reader, sources, make_story
):
    first = make_story("Harbour ferry resumes", sources[:1]).articles.get()
    second = make_story("Summit road closes", sources[2:3]).articles.get()
    kept = make_story("Valley bridge reopens", sources[1:2]).articles.get()
    services.save_article(reader, kept)
    context = logged_in_context(chromium, live_server, reader)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/en/")
        assert page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        page.reload()  # now under the worker's control
        for article in (first, second, kept):  # opened online: kept for offline reading
            page.goto(live_server.url + f"/en/article/{article.public_id}")
            wait_for_js(page, IS_CACHED, f"/en/article/{article.public_id}")
        wait_for_worker(page)

        context.set_offline(True)
        for article in (kept, first, second):  # unsave one, then save two
            page.goto(live_server.url + f"/en/article/{article.public_id}")
            page.click("form.save-form button[type=submit]")
            page.wait_for_url(f"**/en/article/{article.public_id}")
            assert page.locator("h1").inner_text() == article.title  # its kept copy
        assert _saved_titles(reader) == [kept.title]  # nothing reached the server offline

        context.set_offline(False)  # the page hears "online" and the worker replays
        wait_until(page, lambda: _saved_titles(reader) == [second.title, first.title])
        # ... and then reads the list back: the offline copy has both new saves.
        wait_for_js(page, CACHED_MAIN_HAS_ALL, ["/en/saved", [second.title, first.title]])
        assert kept.title not in page.evaluate(CACHED_MAIN_TEXT, "/en/saved")
    finally:
        context.close()


def test_a_save_sent_online_goes_after_the_ones_queued_offline(
    chromium, live_server, reader, sources, make_story
):
    """Offline the reader saves two articles; back online, before anything replays the
    outbox, they press "Save" again on the second one's kept page. The queued saves go
    first, so the newest save is still the second article."""
    first = make_story("Harbour ferry resumes", sources[:1]).articles.get()
    second = make_story("Summit road closes", sources[2:3]).articles.get()
    context = logged_in_context(chromium, live_server, reader)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/en/")
        assert page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        page.reload()
        for article in (first, second):
            page.goto(live_server.url + f"/en/article/{article.public_id}")
            wait_for_js(page, IS_CACHED, f"/en/article/{article.public_id}")
        wait_for_worker(page)
        context.set_offline(True)
        for article in (first, second):
            page.goto(live_server.url + f"/en/article/{article.public_id}")
            page.click("form.save-form button[type=submit]")
            page.wait_for_url(f"**/en/article/{article.public_id}")
        # This page does not hear "online" (its handler would replay the outbox first).
        page.evaluate(
            "window.addEventListener('online', (e) => e.stopImmediatePropagation(), true)"
        )
        context.set_offline(False)
        assert _saved_titles(reader) == []
        page.click("form.save-form button[type=submit]")  # the kept copy still says "Save"
        page.wait_for_url(f"**/en/article/{second.public_id}")
        assert _saved_titles(reader) == [second.title, first.title]
    finally:
        context.close()
