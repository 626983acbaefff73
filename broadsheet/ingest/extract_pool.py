"""Extraction in worker processes: real parallelism past the GIL, and a hard time limit.

A pathological page can keep the parser busy for long; a thread cannot be stopped,
but a process can. A page that overruns EXTRACTION_TIMEOUT is abandoned (its worker
processes are killed and replaced) and the entry falls back to the feed's content.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from broadsheet.extraction import ExtractedArticle, extract_article

log = logging.getLogger(__name__)


class ExtractionAbandoned(Exception):
    """The page took longer than the extraction time limit."""


class ExtractionPool:
    """Runs extract_article in `workers` processes (0: in the calling thread, no time limit)."""

    def __init__(self, *, workers: int, timeout: float) -> None:
        self.workers = workers
        self.timeout = timeout
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None

    def extract(
        self, html: str, url: str | None, *, feed_title: str | None = None
    ) -> ExtractedArticle | None:
        """The extracted article, None when the page has none; raises ExtractionAbandoned."""
        if self.workers <= 0:
            return extract_article(html, url, feed_title=feed_title)
        pool = self._get_pool()
        future = pool.submit(extract_article, html, url, feed_title=feed_title)
        try:
            return future.result(timeout=self.timeout)
        except FutureTimeout:
            self._kill(pool)
            raise ExtractionAbandoned(f"extraction took longer than {self.timeout:g} s") from None

    def close(self) -> None:
        """Stop the worker processes."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def _get_pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                # spawn: forking a process that runs threads can copy a held lock.
                context = multiprocessing.get_context("spawn")
                self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
            return self._pool

    def _kill(self, pool: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is pool:
                self._pool = None
        # Other pages in flight on this pool fail too and fall back to their feed content.
        for process in list(getattr(pool, "_processes", {}).values()):
            process.kill()
        pool.shutdown(wait=False, cancel_futures=True)
        log.warning("extraction workers restarted after a page overran the time limit")
