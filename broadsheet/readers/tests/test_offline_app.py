"""The installable app in real Chromium: pages the reader opened and saved open offline."""

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


def test_home_opened_and_saved_articles_open_offline(
    chromium, live_server, reader, sources, make_story
):
    opened = make_story("Harbour ferry resumes", sources[:1]).articles.get()
    saved_elsewhere = make_story("Valley bridge reopens", sources[1:2]).articles.get()
    services.save_article(reader, saved_elsewhere)  # saved from another device, never opened here
    context = logged_in_context(chromium, live_server, reader)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/en/")
        assert page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        page.reload()  # now under the worker's control
        page.click(f"a[href='/en/article/{opened.public_id}']")
        page.click("form.save-form button[type=submit]")
        page.wait_for_url(f"**/en/article/{opened.public_id}")
        assert page.locator("form.save-form button").inner_text() == "Saved"
        wait_for_js(page, IS_CACHED, f"/en/article/{saved_elsewhere.public_id}")
        # The worker refetches the saved list once it sees the list changed: wait for that.
        wait_for_js(page, CACHED_MAIN_HAS_ALL, ["/en/saved", [opened.title]])

        context.set_offline(True)
        page.goto(live_server.url + "/en/")
        assert opened.title in page.locator("main").inner_text()
        page.goto(live_server.url + f"/en/article/{opened.public_id}")
        assert page.locator("h1").inner_text() == opened.title
        assert "One." in page.locator(".body").inner_text()
        page.goto(live_server.url + f"/en/article/{saved_elsewhere.public_id}")
        assert page.locator("h1").inner_text() == saved_elsewhere.title
        page.goto(live_server.url + "/en/saved")
        saved_list = page.locator("main").inner_text()
        assert opened.title in saved_list and saved_elsewhere.title in saved_list
        # A page never opened gets the offline page: proof the network really is gone.
        page.goto(live_server.url + f"/en/source/{sources[2].slug}")
        assert page.locator("h1").inner_text() == "You are offline"

        # Logging out forgets the reader's pages, so the next person on this device can't.
        context.set_offline(False)
        page.goto(live_server.url + "/en/")
        page.click("form[action$='/accounts/logout'] button")
        wait_for_js(
            page,
            f"async (path) => !(await ({IS_CACHED})(path))",
            f"/en/article/{saved_elsewhere.public_id}",
        )
    finally:
        context.close()


def test_article_page_reads_and_saves_with_javascript_disabled(
    chromium, live_server, reader, sources, make_story
):
    article = make_story("Harbour ferry resumes", sources[:1]).articles.get()
    context = logged_in_context(chromium, live_server, reader, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + f"/en/article/{article.public_id}")
        assert page.locator("h1").inner_text() == article.title
        assert "Two." in page.locator(".body").inner_text()
        assert page.locator("[data-install-app]").is_hidden()
        page.click("form.save-form button[type=submit]")
        assert page.locator("form.save-form button").inner_text() == "Saved"
        assert services.is_saved(reader, article)
    finally:
        context.close()


def test_install_button_stays_hidden_without_an_install_offer(page, live_server, db):
    page.goto(live_server.url + "/en/")
    assert page.locator("[data-install-app]").is_hidden()
    page.evaluate(
        "() => { const e = new Event('beforeinstallprompt'); e.prompt = () => {};"
        " e.userChoice = Promise.resolve({outcome: 'dismissed'}); window.dispatchEvent(e); }"
    )
    button = page.locator("[data-install-app]")
    assert button.is_visible() and button.inner_text() == "Install the app"
    button.click()
    page.wait_for_function("document.querySelector('[data-install-app]').hidden")


def test_reader_pages_have_no_serious_accessibility_violations(
    chromium, live_server, reader, sources, topic, make_story
):
    from axe_playwright_python.sync_playwright import Axe

    story = make_story("Harbour ferry resumes", sources)
    article = story.articles.order_by("pk").first()
    services.follow(reader, sources[0])
    services.follow(reader, topic)
    services.save_article(reader, article)
    services.mark_read(reader, article)
    context = logged_in_context(chromium, live_server, reader, bypass_csp=True)
    page = context.new_page()
    found = []
    try:
        for path in (
            "/en/for-you", "/en/saved", "/en/following", "/en/offline", "/en/",
            f"/en/article/{article.public_id}", f"/en/source/{sources[0].slug}",
        ):  # fmt: skip
            page.goto(live_server.url + path)
            for scheme in ("light", "dark"):
                page.emulate_media(color_scheme=scheme)
                violations = Axe().run(page).response["violations"]
                found += [
                    f"{path} [{scheme}] {v['id']}: {[n['target'] for n in v['nodes'][:3]]}"
                    for v in violations
                    if v["impact"] in {"serious", "critical"}
                ]
    finally:
        context.close()
    assert found == []


def test_chromium_finds_the_site_installable(page, live_server, db):
    page.goto(live_server.url + "/en/")
    assert page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    session = page.context.new_cdp_session(page)
    manifest = session.send("Page.getAppManifest")
    assert manifest["url"].endswith("/manifest.webmanifest") and not manifest["errors"]
    errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # Playwright's contexts are incognito, where Chromium never installs; anything else counts.
    assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == []


def test_an_older_sync_landing_late_does_not_undo_a_newer_save(
    chromium, live_server, reader, sources, make_story
):
    """The first copy of /en/saved is held back until the article has been saved and the
    newer sync has had its chance: the kept list must still be the newer one."""
    article = make_story("Harbour ferry resumes", sources[:1]).articles.get()
    services.save_article(reader, make_story("Valley bridge reopens", sources[1:2]).articles.get())
    context = logged_in_context(chromium, live_server, reader)
    held = []  # the first response for the list page, fetched now and delivered later

    def hold_first(route):  # type: ignore[no-untyped-def]
        if held:
            route.continue_()
        else:
            held.append((route, route.fetch()))

    context.route("**/en/saved", hold_first)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/en/")
        wait_until(page, lambda: bool(held))  # the first sync's fetch of the list page
        page.goto(live_server.url + f"/en/article/{article.public_id}")
        page.click("form.save-form button[type=submit]")
        page.wait_for_url(f"**/en/article/{article.public_id}")
        held[0][0].fulfill(response=held[0][1])
        wait_for_js(page, CACHED_MAIN_HAS_ALL, ["/en/saved", [article.title]])
        wait_for_worker(page)  # and every sync started, the held one's included, is done
        assert article.title in page.evaluate(CACHED_MAIN_TEXT, "/en/saved")
    finally:
        context.close()
