"""Ingest benchmark: articles per second end to end (loopback demo publishers -> stored,
extracted articles) beside extraction alone on the same pages, and their ratio.

Two stages are timed apart: ingest proper (poll, fetch, extract, store) and what runs on
each stored batch afterwards (entities, topics, stories, search index). The issue's
target (pipeline <= 1.5x extraction) is about the first; the total is printed too.

Each figure is the median of several rounds over the same 250 demo articles: the pipeline
ingests them into an emptied archive with a warm runner, extraction runs over the pages.

Run: .venv/bin/python bench/ingest.py   (or `make bench`)
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

from _harness import ROOT  # noqa: E402 - the one preamble: sys.path, --json

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

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from broadsheet.articles.models import Article  # noqa: E402
from broadsheet.demo.catalog import PUBLISHERS  # noqa: E402
from broadsheet.extraction import extract_article  # noqa: E402
from broadsheet.ingest.jobs import enrich_and_index  # noqa: E402
from broadsheet.ingest.runner import IngestRunner, build_context  # noqa: E402
from broadsheet.sources.models import Feed  # noqa: E402
from broadsheet.sources.services import import_opml  # noqa: E402

ROUNDS = 5


def free_port_run(count: int) -> int:
    """A port p such that p .. p+count-1 are free on loopback."""
    for base in range(28000, 60000, 97):
        try:
            sockets = []
            for port in range(base, base + count):
                sock = socket.socket()
                sockets.append(sock)
                sock.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for sock in sockets:
                sock.close()
    raise RuntimeError("no free ports")


def wait_for(url: str) -> None:
    """Wait until the demo publishers answer."""
    for _ in range(200):
        try:
            urllib.request.urlopen(url, timeout=2).close()  # noqa: S310 - loopback demo
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"demo publishers did not start at {url}")


def ingest_round(runner: IngestRunner) -> float:
    """Seconds to ingest every demo feed into an empty archive (the runner stays warm)."""
    Article.objects.all().delete()
    Feed.objects.update(etag="", last_modified="", next_fetch_at=timezone.now())
    started = time.perf_counter()
    runner.run_once()
    return time.perf_counter() - started


def extraction_pass(pages: list[tuple[str, str]], timings: list[float]) -> float:
    """Seconds to extract every page once in this thread; per-page times go to `timings`."""
    started = time.perf_counter()
    for url, html in pages:
        t0 = time.perf_counter()
        extract_article(html, url)
        timings.append(time.perf_counter() - t0)
    return time.perf_counter() - started


def main() -> None:
    call_command("migrate", verbosity=0)
    # The publishers run in their own process: their page rendering is not our pipeline's cost.
    port = free_port_run(len(PUBLISHERS))
    demo = subprocess.Popen(
        [sys.executable, "-m", "broadsheet.demo", "--port", str(port), "--initial", "10000"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    opml_url = f"http://127.0.0.1:{port}/opml.xml"
    wait_for(opml_url)
    with urllib.request.urlopen(opml_url, timeout=10) as response:  # noqa: S310 - loopback demo
        import_opml(response.read())
    context = replace(build_context(allow_loopback=True), after_store=lambda ids: None)
    runner = IngestRunner(context, workers=settings.INGEST_WORKERS)
    rounds = [ingest_round(runner) for _ in range(ROUNDS)]
    runner.close()
    # The first round also starts the extraction worker processes: a one-off in a server
    # that runs for days, so the steady figure is the median of the later rounds.
    pipeline_seconds = statistics.median(rounds[1:])
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    started = time.perf_counter()
    for batch in range(0, len(ids), 10):  # the batches ingest hands over
        enrich_and_index(ids[batch : batch + 10])
    enrich_seconds = time.perf_counter() - started
    urls = list(Article.objects.filter(status="ok").values_list("url", flat=True))
    stored = Article.objects.count()
    pages = []
    for url in urls:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback demo
            pages.append((url, response.read().decode("utf-8")))
    timings: list[float] = []
    passes = [extraction_pass(pages, timings) for _ in range(ROUNDS - 1)]
    extraction_seconds = statistics.median(passes)
    demo.terminate()
    pipeline_rate = stored / pipeline_seconds
    extraction_rate = len(pages) / extraction_seconds
    print(
        f"articles stored end to end: {stored} per round; median of rounds 2-{ROUNDS} "
        f"{pipeline_seconds:.2f} s (first round, starting the workers, {rounds[0]:.2f} s)"
    )
    print(f"pipeline:        {pipeline_rate:8.1f} articles/s")
    print(
        f"extraction only: {extraction_rate:8.1f} articles/s "
        f"(median {statistics.median(timings) * 1000:.1f} ms/page, {len(pages)} pages)"
    )
    print(
        f"pipeline cost / extraction cost per article: {extraction_rate / pipeline_rate:.2f}x "
        f"(target <= 1.5x)"
    )
    per_article = enrich_seconds / max(stored, 1) * 1000
    total_rate = stored / (pipeline_seconds + enrich_seconds)
    print(f"then entities, topics, stories, search: {per_article:.1f} ms/article")
    print(
        f"everything / extraction per article:      {extraction_rate / total_rate:.2f}x "
        f"({total_rate:.1f} articles/s)"
    )


if __name__ == "__main__":
    main()
