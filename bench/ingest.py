"""Ingest benchmark: articles per second end to end (loopback demo publishers -> stored,
extracted articles) beside extraction alone on the same pages, and their ratio.

Run: .venv/bin/python bench/ingest.py   (or `make bench`)
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
os.environ.update(
    DJANGO_SETTINGS_MODULE="broadsheet.settings",
    DATABASE_URL=f"sqlite:///{TMP / 'bench.sqlite3'}",
    BROADSHEET_DATA_DIR=str(TMP),
    FETCH_HOST_DELAY="0",
    LOG_LEVEL="WARNING",
)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from broadsheet.articles.models import Article  # noqa: E402
from broadsheet.demo.publishers import DemoPublishers  # noqa: E402
from broadsheet.extraction import extract_article  # noqa: E402
from broadsheet.ingest.runner import build_runner  # noqa: E402
from broadsheet.sources.services import ensure_feed  # noqa: E402


def main() -> None:
    call_command("migrate", verbosity=0)
    demo = DemoPublishers(base_port=0, initial=10_000, interval=3600)
    publishers = demo.start()
    demo.release_all()
    for p in publishers:
        ensure_feed(p.feed_url, name=p.name, home_url=p.home_url, language=p.language)
    runner = build_runner(allow_loopback=True)
    started = time.perf_counter()
    runner.run_once()
    pipeline_seconds = time.perf_counter() - started
    runner.close()
    urls = list(Article.objects.filter(status="ok").values_list("url", flat=True))
    stored = Article.objects.count()
    pages = []
    for url in urls:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback demo
            pages.append((url, response.read().decode("utf-8")))
    timings = []
    started = time.perf_counter()
    for url, html in pages:
        t0 = time.perf_counter()
        extract_article(html, url)
        timings.append(time.perf_counter() - t0)
    extraction_seconds = time.perf_counter() - started
    demo.stop()
    pipeline_rate = stored / pipeline_seconds
    extraction_rate = len(pages) / extraction_seconds
    print(f"articles stored end to end: {stored} in {pipeline_seconds:.2f} s")
    print(f"pipeline:        {pipeline_rate:8.1f} articles/s")
    print(
        f"extraction only: {extraction_rate:8.1f} articles/s "
        f"(median {statistics.median(timings) * 1000:.1f} ms/page, {len(pages)} pages)"
    )
    print(
        f"pipeline cost / extraction cost per article: {extraction_rate / pipeline_rate:.2f}x "
        f"(target <= 1.5x)"
    )


if __name__ == "__main__":
    main()
