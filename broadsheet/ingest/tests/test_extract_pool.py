"""Extraction in worker processes: same result as in-thread, and a hard time limit."""

from __future__ import annotations

import pytest

from broadsheet.ingest.extract_pool import ExtractionAbandoned, ExtractionPool
from broadsheet.lib.testing.publisher import article_page

PAGE = article_page(
    "Council approves budget",
    [
        "The council approved the new budget on Tuesday after a long debate about road repairs.",
        "Opposition members said the plan raised fees for families across the harbour district.",
        "The mayor said the library would open next autumn and flood works would start soon.",
    ]
    * 3,
).decode()


@pytest.fixture
def pool():
    pool = ExtractionPool(workers=1, timeout=60)
    yield pool
    pool.close()


def test_worker_process_gives_the_same_article_as_the_thread(pool):
    in_thread = ExtractionPool(workers=0, timeout=60).extract(PAGE, "https://x.example/a")
    in_process = pool.extract(PAGE, "https://x.example/a")
    assert in_process == in_thread and in_process is not None


def test_overrunning_page_is_abandoned_and_the_pool_recovers(pool):
    pool.extract(PAGE, "https://x.example/a")  # warm the worker up
    pool.timeout = 0.0001
    with pytest.raises(ExtractionAbandoned):
        pool.extract(PAGE * 50, "https://x.example/a")
    pool.timeout = 60
    assert pool.extract(PAGE, "https://x.example/a") is not None
