"""Real Chromium for tests: Debian's chromium package driven by Playwright.

Use the ``chromium`` (session) and ``page`` fixtures from broadsheet/conftest.py together
with pytest-django's ``live_server``. Without Chromium the tests are skipped with a
reason that says so (``make test`` installs it where it can).

Wait on conditions, never on time (``page.wait_for_timeout``): a loaded machine makes any
delay too short. Beware that ``page.wait_for_function`` does not await a promise, so an
async check (the service worker's cache, IndexedDB) is truthy at once and never waits:
poll ``page.evaluate`` instead (broadsheet/readers/tests/offline.py: ``wait_for_js``,
and ``wait_for_worker`` for the service worker's own work).
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[3] / "var" / "test-artifacts"
# Every wait of a test's page ends at this bound (Playwright's own default is 30 s). A
# condition wait costs its bound only when it fails, and at a load average of 40 on two cores
# Swagger UI alone took longer than 30 s to draw the API docs (stress run 2, 2026-12-07).
WAIT_MS = 120_000


def chromium_path() -> str | None:
    """The Chromium binary, or None when this machine has none."""
    if os.path.exists(CHROMIUM):
        return CHROMIUM
    return shutil.which("chromium")


# Playwright's sync API runs one event loop per thread and refuses to start a second one
# inside it, so nested users (a session-wide browser and a test launching its own) share
# the driver that is already running on this thread (another thread starts its own).
_local = threading.local()


@contextmanager
def _playwright() -> Iterator[Any]:
    running = getattr(_local, "playwright", None)
    if running is not None:
        yield running
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        _local.playwright = playwright
        try:
            yield playwright
        finally:
            _local.playwright = None


@contextmanager
def launched_chromium() -> Iterator[Any]:
    """A headless Chromium for the duration of the block (nested blocks are fine)."""
    path = chromium_path()
    if path is None:
        raise RuntimeError("Chromium is not installed (apt-get install chromium)")
    with _playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=LAUNCH_ARGS)
        _wait_widely(browser)
        try:
            yield browser
        finally:
            browser.close()


def _wait_widely(browser: Any) -> None:
    """Give every context this browser opens (and so every page) the WAIT_MS bound."""
    open_context = browser.new_context

    def new_context(**options: Any) -> Any:
        context = open_context(**options)
        context.set_default_timeout(WAIT_MS)
        context.set_default_navigation_timeout(WAIT_MS)
        return context

    def new_page(**options: Any) -> Any:
        page = new_context(**options).new_page()
        page.on("close", lambda _page: page.context.close())  # the page owns its context
        return page

    browser.new_context = new_context
    browser.new_page = new_page


def artifact_path(name: str) -> Path:
    """Where a test writes a screenshot or trace it wants kept (var/test-artifacts/)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name
