"""A shared part that misses the cache is computed by one thread of a process at a time; the
others wait for it and read its result (web/fragments.computed_once)."""

from __future__ import annotations

import threading
import time

import pytest
from django.core.cache import cache

from broadsheet.web.fragments import Once, computed_once, shared_value


@pytest.fixture(autouse=True)
def fragments_on(settings):
    settings.FRAGMENT_CACHE_SECONDS = 60
    cache.clear()


def _at_once(readers: int, ask) -> list[object]:  # type: ignore[no-untyped-def]
    answers: list[object] = []
    threads = [threading.Thread(target=lambda: answers.append(ask())) for _ in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    return answers


def test_readers_asking_at_once_share_one_computation():
    computed = []

    def slow_summary() -> str:
        computed.append(1)
        time.sleep(0.2)  # the others arrive while it runs
        return "eight sources agree"

    version = Once(lambda: "v1")
    answers = _at_once(6, lambda: shared_value("summary", slow_summary, version=version))
    assert answers == ["eight sources agree"] * 6 and len(computed) == 1


def test_a_failed_computation_leaves_the_others_to_compute():
    calls = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) == 1:
            time.sleep(0.2)
            raise RuntimeError("database went away")
        return "recomputed"

    def ask() -> object:
        try:
            return computed_once("k", lambda: cache.get("k"), flaky)
        except RuntimeError:
            return "failed"

    answers = _at_once(3, ask)
    assert sorted(map(str, answers)) == ["failed", "recomputed", "recomputed"]
