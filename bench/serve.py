"""Serving benchmark: site pages and main API endpoints under load, beside a static ceiling.

Run: .venv/bin/python bench/serve.py [--copies 0] [--seconds 8] [--connections 64] [--keep DIR]

`--keep DIR` builds the database in DIR and leaves it there (bench/memory.py reads it); when DIR
already holds one it is served as it is, so the 1M build is paid once; `--seconds 0` only
builds.

The demo-sized database of bench/api (the bundled Wikinews corpus, enriched into stories and
indexed; `--copies 2200` grows it to about 1M articles) is served by waitress in a second
process and loaded by wrk (apt-get install wrk; else a threaded httpx client, which eats
the same two cores and so reads low). Anonymous readers are measured twice: with the page
cache as shipped (PAGE_CACHE_SECONDS=30) and with it off, which is what every first visit
after a change costs. The same server answers /static.json without Django: the ceiling.
Before the load, `--single N` (default 5) times N single requests to each endpoint in this
process with the page cache off (first and median): what one page costs on its own.
Issue targets: article page >= 1,000 req/s with p99 <= 50 ms, and >= 50% of the ceiling.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import api  # bench/api.py: database build, waitress server, wrk/httpx load

ROOT = Path(__file__).resolve().parents[1]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=0, help="extra copies of the corpus")
    parser.add_argument("--seconds", type=int, default=8, help="load per endpoint")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=8, help="waitress worker threads")
    parser.add_argument("--keep", type=Path, help="build into (or reuse) this directory")
    parser.add_argument(
        "--single", type=int, default=5, help="uncached single requests per endpoint (0: none)"
    )
    return parser.parse_args()


def targets(keys: dict[str, str], story: str | None) -> list[tuple[str, str]]:
    pages = [
        ("static JSON (ceiling)", "/static.json"),
        ("home /en/", "/en/"),
        ("article page", f"/en/article/{keys['article']}"),
        ("article AI panel", f"/en/article/{keys['article']}/ai"),
        ("search page", f"/en/search?q={keys['word']}"),
        ("GET /api/v1/articles", "/api/v1/articles"),
        ("GET /api/v1/articles/{id}", f"/api/v1/articles/{keys['article']}"),
        ("GET /api/v1/search?q=", f"/api/v1/search?q={keys['word']}"),
    ]
    if story:
        pages.insert(4, ("story page", f"/en/story/{story}"))
    return pages


def single_requests(paths: list[tuple[str, str]], repeats: int) -> None:
    """One request at a time, in this process, page cache off: the cost of each page alone."""
    import statistics

    from django.conf import settings
    from django.test import Client

    settings.PAGE_CACHE_SECONDS = 0
    client = Client()
    print(f"\nsingle requests, page cache off ({repeats} each, in process):")
    print(f"{'endpoint':<30} {'first ms':>9} {'median ms':>10}")
    for name, path in paths[1:]:  # the static ceiling is not a Django view
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            status = client.get(path).status_code
            times.append((time.perf_counter() - started) * 1000)
            if status != 200:
                raise SystemExit(f"{path} answered {status}")
        print(f"{name:<30} {times[0]:>9.1f} {statistics.median(times):>10.1f}", flush=True)


def measure(args: argparse.Namespace, data: Path, paths: list[tuple[str, str]], cache: int) -> None:
    port = api.free_port()
    env = dict(os.environ, PAGE_CACHE_SECONDS=str(cache))
    command = [sys.executable, str(ROOT / "bench" / "api.py"), "--serve", str(port)]
    command += ["--data", str(data), "--threads", str(args.threads)]
    server = subprocess.Popen(command, env=env)
    load = api.load_with_wrk if shutil.which("wrk") else api.load_with_httpx
    try:
        base = f"http://127.0.0.1:{port}"
        api.wait_until_up(f"{base}/static.json")
        print(f"\npage cache {'on (' + str(cache) + ' s)' if cache else 'off'}:")
        print(f"{'endpoint':<30} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'of ceiling':>10}")
        ceiling = 0.0
        for name, path in paths:
            api.wait_until_up(base + path)
            rate, p50, p99 = load(base + path, seconds=args.seconds, connections=args.connections)
            ceiling = ceiling or rate
            share = f"{rate / ceiling:.0%}"
            print(f"{name:<30} {rate:>8.0f} {p50:>8.1f} {p99:>8.1f} {share:>10}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> int:
    args = parse_args()
    data = args.keep or Path(tempfile.mkdtemp(prefix="bench-serve-"))
    try:
        data.mkdir(parents=True, exist_ok=True)
        reuse = (data / "bench.sqlite3").exists()
        api.configure(data)
        started = time.perf_counter()
        keys = api.request_keys() if reuse else api.build(args.copies)
        from broadsheet.articles.models import Article
        from broadsheet.stories.models import Story

        story = Story.objects.order_by("-source_count").values_list("public_id", flat=True)
        took = time.perf_counter() - started
        built = "reused" if reuse else f"built in {took:.0f} s"
        print(f"database: {Article.objects.count()} articles, {built}")
        tool = "wrk" if shutil.which("wrk") else "httpx threads (wrk not installed)"
        print(f"load: {tool}, {args.connections} connections, {args.seconds} s each; "
              f"waitress with {args.threads} threads, anonymous reader")  # fmt: skip
        paths = targets(keys, story.first())
        if args.single > 0:
            from broadsheet.web.sitemaps import ArticleSitemap

            last = ArticleSitemap().paginator.num_pages
            extra = [
                ("home, page 500", "/en/?page=500"),
                ("sitemap index", "/sitemap.xml"),
                (f"article sitemap, page {last}", f"/sitemap-articles.xml?p={last}"),
            ]
            single_requests([*paths, *extra], args.single)
        for cache in (30, 0) if args.seconds > 0 else ():
            measure(args, data, paths, cache)
    finally:
        if not args.keep:
            shutil.rmtree(data, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
