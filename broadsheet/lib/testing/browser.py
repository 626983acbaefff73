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
        try:
            yield browser
        finally:
            browser.close()


def artifact_path(name: str) -> Path:
    """Where a test writes a screenshot or trace it wants kept (var/test-artifacts/)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name
