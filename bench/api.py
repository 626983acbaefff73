"""API benchmark: requests/s and p50/p99 latency of /api/v1 beside a static JSON ceiling.

Run: .venv/bin/python bench/api.py [--copies 0] [--seconds 8] [--connections 16]

Builds a demo-sized database from the bundled Wikinews corpus (453 articles over five
publishers, enriched into stories and indexed for search; `--copies N` adds N more
copies of every article, e.g. `--copies 2200` for about 1M rows), serves it with waitress
in a second process, and loads it from a third: wrk when installed (apt-get install
wrk), else a small threaded httpx client. The same waitress process also answers
/static.json with a fixed document: the ceiling for this server on this machine.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import _harness  # noqa: F401 - the one preamble: sys.path, --json

STATIC = b'{"items": [{"id": "static", "title": "A fixed document"}], "next_cursor": null}'


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=0, help="extra copies of the corpus")
    parser.add_argument("--seconds", type=int, default=8, help="load per endpoint")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=8, help="waitress worker threads")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--listen-fd", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args()


def configure(data: Path) -> None:
    """Django on the bench's own SQLite file, with the API's rate limits out of the way."""
    os.environ.update(
        DATABASE_URL=f"sqlite:///{data / 'bench.sqlite3'}",
        BROADSHEET_DATA_DIR=str(data),
        LOG_LEVEL="WARNING",
        API_RATE_LIMIT_IP="100000000",
        API_RATE_LIMIT_TOKEN="100000000",
        DJANGO_SETTINGS_MODULE="broadsheet.settings",
    )
    (data / "static").mkdir(exist_ok=True)
    import django

    django.setup()


def build(copies: int) -> dict[str, str]:
    """The demo database; returns an article id and a search word to request."""
    from django.core.management import call_command

    from broadsheet.articles.drafts import ArticleDraft
    from broadsheet.articles.services import upsert_article
    from broadsheet.demo.catalog import article_paragraphs, load_corpus
    from broadsheet.search import get_backend
    from broadsheet.sources.models import Feed, Source
    from broadsheet.stories.placement import place_articles

    call_command("migrate", verbosity=0)
    now = datetime.now(UTC)
    sources = [
        Source.objects.create(name=f"Publisher {i}", slug=f"publisher-{i}", language="en")
        for i in range(5)
    ]
    feeds = [Feed.objects.create(source=s, url=f"https://{s.slug}.example/feed") for s in sources]
    ids = []
    for n, record in enumerate(load_corpus()):
        body = "\n\n".join(article_paragraphs(record))
        draft = ArticleDraft(
            url=f"https://{sources[n % 5].slug}.example/{n}", entry_key=str(n),
            title=record["title"], author="", summary=body[:300], body=body, status="ok",
            language="en", image_url="", word_count=len(body.split()),
            published_at=now - timedelta(minutes=10 * n), updated_at=None, fetched_at=now,
            entry_updated_at=None,
        )  # fmt: skip
        ids.append(upsert_article(draft, source=sources[n % 5], feed=feeds[n % 5]).pk)
    place_articles(ids)
    _add_copies(copies, ids)
    get_backend().rebuild()
    return request_keys()


def request_keys() -> dict[str, str]:
    """An article id and a search word to request from a built database."""
    from broadsheet.articles.models import Article

    article = Article.objects.order_by("-published_at").first()
    assert article is not None
    return {"article": article.public_id, "word": "government"}


def _add_copies(copies: int, ids: list[int]) -> None:
    """Bulk-insert more rows like the corpus (not enriched) to grow the database cheaply."""
    from broadsheet.articles.models import Article

    if copies <= 0:
        return
    originals = list(Article.objects.filter(pk__in=ids))
    for copy in range(1, copies + 1):
        rows = []
        for a in originals:
            rows.append(Article(
                public_id=f"C{copy:06d}{a.pk:05d}"[:16], source_id=a.source_id,
                url=f"{a.url}/copy-{copy}", title=a.title, summary=a.summary, body=a.body,
                language=a.language, word_count=a.word_count,
                published_at=a.published_at - timedelta(days=copy),
            ))  # fmt: skip
        Article.objects.bulk_create(rows, batch_size=1000)


def serve(port: int, threads: int, listen_fd: int | None = None) -> None:
    """Django's WSGI app behind waitress, plus /static.json answered without Django.

    With `listen_fd`, waitress serves that inherited listening socket (bench/serve.py
    starts several such processes on one port, as `broadsheet run` does)."""
    from waitress import serve as waitress_serve

    from broadsheet.web.warmup import freeze_heap, warm_up
    from broadsheet.wsgi import application

    warm_up(application)  # as `broadsheet run` does before it serves
    freeze_heap()
    # Load makes waitress log every queued request; the figures say it better.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)

    def app(environ, start_response):  # type: ignore[no-untyped-def]
        if environ.get("PATH_INFO") == "/static.json":
            headers = [("Content-Type", "application/json"), ("Content-Length", str(len(STATIC)))]
            start_response("200 OK", headers)
            return [STATIC]
        return application(environ, start_response)

    if listen_fd is not None:
        listener = socket.socket(fileno=listen_fd)
        waitress_serve(app, sockets=[listener], threads=threads, _quiet=True)
    else:
        waitress_serve(app, host="127.0.0.1", port=port, threads=threads, _quiet=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, timeout: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server did not answer {url}")


def load_with_wrk(
    url: str, *, seconds: int, connections: int, cookie: str = "", extra: tuple[str, ...] = ()
) -> tuple[float, float, float]:
    """(requests/s, p50 ms, p99 ms) from wrk --latency (`extra`: more wrk arguments)."""
    headers = ["-H", f"Cookie: {cookie}"] if cookie else []
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", *headers, *extra, url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    return rate, _wrk_ms(out, "50%"), _wrk_ms(out, "99%")


def _wrk_ms(out: str, label: str) -> float:
    value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def load_with_httpx(
    url: str, *, seconds: int, connections: int, cookie: str = ""
) -> tuple[float, float, float]:
    """The same figures from a threaded httpx client (when wrk is not installed)."""
    import httpx

    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker() -> None:
        with httpx.Client(headers={"Cookie": cookie} if cookie else None) as client:
            while time.monotonic() < stop:
                started = time.perf_counter()
                client.get(url).raise_for_status()
                with lock:
                    latencies.append((time.perf_counter() - started) * 1000)

    workers = [threading.Thread(target=worker) for _ in range(connections)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    cuts = statistics.quantiles(latencies, n=100)
    return len(latencies) / seconds, cuts[49], cuts[98]


def main() -> int:
    args = parse_args()
    if args.serve:
        configure(args.data)
        serve(args.serve, args.threads, args.listen_fd)
        return 0
    data = Path(tempfile.mkdtemp(prefix="bench-api-"))
    try:
        configure(data)
        started = time.perf_counter()
        keys = build(args.copies)
        from broadsheet.articles.models import Article

        took = time.perf_counter() - started
        print(f"database: {Article.objects.count()} articles, built in {took:.0f} s")
        return _measure(args, data, keys)
    finally:
        shutil.rmtree(data, ignore_errors=True)


def _measure(args: argparse.Namespace, data: Path, keys: dict[str, str]) -> int:
    port = free_port()
    command = [sys.executable, __file__, "--serve", str(port), "--data", str(data)]
    server = subprocess.Popen([*command, "--threads", str(args.threads)])
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(f"{base}/static.json")
        load = load_with_wrk if shutil.which("wrk") else load_with_httpx
        print(f"load: {load.__name__.removeprefix('load_with_')}, {args.connections} connections, "
              f"{args.seconds} s each; waitress with {args.threads} threads")  # fmt: skip
        cached = os.environ.get("PAGE_CACHE_SECONDS", "30")
        print(f"anonymous reads cached for {cached} s (set PAGE_CACHE_SECONDS=0 to measure the"
              " views themselves; bench/serve.py prints both)")  # fmt: skip
        print(f"{'endpoint':<34} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
        for name, path in (
            ("static JSON (ceiling)", "/static.json"),
            ("GET /api/v1/articles", "/api/v1/articles"),
            ("GET /api/v1/articles/{id}", f"/api/v1/articles/{keys['article']}"),
            ("GET /api/v1/search?q=", f"/api/v1/search?q={keys['word']}"),
        ):
            wait_until_up(base + path)
            rate, p50, p99 = load(base + path, seconds=args.seconds, connections=args.connections)
            print(f"{name:<34} {rate:>8.0f} {p50:>8.1f} {p99:>8.1f}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
