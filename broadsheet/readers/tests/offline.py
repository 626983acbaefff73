"""Helpers for the offline-app browser tests: a signed-in context and checks on the worker's cache."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.test import Client

IS_CACHED = (
    "async (path) => !!(await (await caches.open('broadsheet-pages'))"
    ".match(new URL(path, location.origin).href))"
)

CACHED_PAGE_HAS = (
    "async ([path, text]) => { const r = await (await caches.open('broadsheet-pages'))"
    ".match(new URL(path, location.origin).href); return !!r && (await r.text()).includes(text); }"
)

# The text of <main> in the worker's copy of a page ("" when it has none): what the reader
# would see offline, without the rest of the page (which lists other stories too).
CACHED_MAIN_TEXT = (
    "async (path) => { const r = await (await caches.open('broadsheet-pages'))"
    ".match(new URL(path, location.origin).href); if (!r) return '';"
    " const doc = new DOMParser().parseFromString(await r.text(), 'text/html');"
    " return doc.querySelector('main').textContent; }"
)
CACHED_MAIN_HAS_ALL = (
    f"async ([path, texts]) => {{ const text = await ({CACHED_MAIN_TEXT})(path);"
    " return texts.every((t) => text.includes(t)); }"
)


def logged_in_context(chromium, live_server, user, **options):  # type: ignore[no-untyped-def]
    """A browser context carrying the reader's session cookie."""
    client = Client()
    client.force_login(user)
    context = chromium.new_context(**options)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    return context


def wait_until(page, condition: Callable[[], bool], *, timeout: float = 15.0) -> None:  # type: ignore[no-untyped-def]
    """Wait for a condition on the test's side (a route handler ran, a row was written).

    Playwright runs route handlers only while the test waits inside one of its calls, so the
    poll lets the browser's events through between checks; it ends as soon as the condition
    holds, and fails (never passes) when the time runs out.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        page.wait_for_timeout(25)


WORKER_SETTLED = """(ms) => new Promise((resolve) => {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => resolve(true);
  setTimeout(() => resolve(false), ms);
  navigator.serviceWorker.controller.postMessage({ type: "settled" }, [channel.port2]);
})"""


def wait_for_worker(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until the service worker has finished every sync, write and replay it started."""
    assert page.evaluate(WORKER_SETTLED, 15_000), "the worker did not settle within 15 s"


def wait_for_js(page, script: str, arg: object = None, *, timeout: float = 15.0) -> None:  # type: ignore[no-untyped-def]
    """Wait until an (async) script returns a truthy value.

    Not page.wait_for_function: it does not await a promise, so an async check (every check
    on the worker's cache) counts as true at once and the wait never waits.
    """
    wait_until(page, lambda: bool(page.evaluate(script, arg)), timeout=timeout)
