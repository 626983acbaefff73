"""A newcomer's first ten minutes, in a real browser against `broadsheet run --demo`.

Fresh database, the product started as `make run` starts it (page cache on), then: sign up,
confirm from the place the page names (the server's terminal), comment, an operator made
with `createsuperuser` signs in on the site and hides the comment, and an anonymous reader,
whose copy of the page was cached before, no longer sees it on the next request.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from broadsheet.lib.testing.browser import artifact_path, chromium_path, launched_chromium
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

PASSWORD = "a fresh reader 42"


def wait_for(condition, *, seconds: float, what: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def make_operator(data_dir: Path) -> None:
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{data_dir / 'demo.sqlite3'}",
               BROADSHEET_DATA_DIR=str(data_dir), DJANGO_SUPERUSER_PASSWORD="an operator 42")  # fmt: skip
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run(
        [sys.executable, "-m", "broadsheet.cli", "createsuperuser", "--noinput",
         "--username", "editor", "--email", "editor@example.org"],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )  # fmt: skip


def test_a_newcomer_signs_up_comments_and_a_moderator_takes_it_down(running_demo):
    if chromium_path() is None:
        pytest.skip("Chromium is not installed: browser tests NOT run")
    base, process, log = running_demo
    with launched_chromium() as chromium:
        newcomer = chromium.new_context(viewport={"width": 390, "height": 844})
        page = newcomer.new_page()
        wait_for(lambda: _has_articles(page, base), seconds=90, what="the demo's first articles")
        first_link = page.locator("main a[href*='/en/article/']").first
        article_url = base + first_link.get_attribute("href")

        page.click("text=Sign up")
        page.fill("#id_email", "newcomer@example.org")
        page.fill("#id_display_name", "Newcomer")
        page.fill("#id_password1", PASSWORD)
        page.fill("#id_password2", PASSWORD)
        page.click("main button[type=submit]")
        note = page.locator(".local-mail").inner_text()
        assert "terminal where Broadsheet runs" in note  # the page names where the link is
        link = wait_for(
            lambda: re.search(r"http://\S+/en/accounts/verify/\S+", log.read_text()),
            seconds=10, what="the confirmation link in the server's output",
        ).group(0)  # fmt: skip
        page.goto(link)
        page.goto(base + "/en/accounts/login")
        page.fill("#id_username", "newcomer@example.org")
        page.fill("#id_password", PASSWORD)
        page.click("main button[type=submit]")
        page.goto(article_url)
        page.fill(".comment-form textarea", "First comment from a newcomer")
        page.click(".comment-form button[type=submit]")
        page.wait_for_selector("text=First comment from a newcomer")

        anonymous = chromium.new_context().new_page()
        first = anonymous.goto(article_url)
        assert "First comment from a newcomer" in anonymous.content()
        assert first.headers.get("x-page-cache") in ("miss", "hit")  # kept in the page cache

        make_operator(log.parent)
        moderator = chromium.new_context().new_page()
        moderator.goto(base + "/en/accounts/login")
        moderator.fill("#id_username", "editor")  # the user name createsuperuser asked for
        moderator.fill("#id_password", "an operator 42")
        moderator.click("main button[type=submit]")
        moderator.goto(article_url)
        moderator.locator(".comment-moderation button[value=hide]").first.click()
        moderator.wait_for_selector("text=The comment is hidden.")

        again = anonymous.goto(article_url)
        assert again.headers.get("x-page-cache") == "miss"  # every cached copy was retired
        anonymous.screenshot(path=artifact_path("newcomer-after-moderation.png"))
        assert "First comment from a newcomer" not in anonymous.content()
        page.goto(article_url)
        assert "hidden by a moderator" in page.content()  # the author is told why
    assert process.poll() is None, log.read_text()[-3000:]


def _has_articles(page, base: str) -> bool:  # type: ignore[no-untyped-def]
    from playwright.sync_api import Error

    try:
        page.goto(base + "/en/")
    except Error:  # the server is still starting
        return False
    return page.locator("main a[href*='/en/article/']").count() > 0
