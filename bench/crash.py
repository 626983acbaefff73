"""Crash safety: `kill -9` an ingest inside its write window N times, restart, count what was lost.

A loopback publisher serves FEEDS feeds whose items grow on every round (ITEMS_PER_ROUND each,
more than one storing batch per feed; the ETag changes with them). Each round starts
`broadsheet ingest --once`, waits until the round's first batch is committed (start-up is
not the moment that tests anything), then SIGKILLs its whole process group at a random
moment within the write window measured on a clean run (first stored batch to exit). Where
the kill landed is read from the database right after it: `storing` (some of the round's
articles stored, not all: between or during later batches), `placing` (all stored, some not
yet placed in a story), `indexing` (all stored and placed, the process still running: the
search index and the exit), or outside the window (nothing stored yet, or the ingest had
exited). Each round checks the conditional-GET invariant (a feed's stored ETag is never
ahead of its stored articles) and makes the leased feeds due again (as lease expiry would).
A last clean run must then leave every published item stored exactly once, and placed.

Run: .venv/bin/python bench/crash.py [--kills 200] [--db sqlite|postgres|both]
Prints, per database: kills, how many landed in the write window and in which phase,
articles expected/stored, lost, duplicated, unplaced, and ETag inconsistencies.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _harness import ROOT  # noqa: E402 - the one preamble: sys.path, --json

from broadsheet.lib.testing.publisher import (  # noqa: E402
    LoopbackPublisher,
    Page,
    article_page,
    rss_feed,
)

FEEDS = 3
ITEMS_PER_ROUND = 12  # BATCH_SIZE is 10: two storing batches per feed and round
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
# A name of its own per run: a crash bench started beside this one never drops its database.
PG_BENCH_DB = f"broadsheet_crash_bench_{os.getpid()}"
PARAGRAPHS = [
    "The council approved the new budget on Tuesday after a long debate about road repairs "
    "and the cost of the new library on the old market square.",
    "Opposition members said the plan raised fees for families while leaving the harbour "
    "district without the flood defences promised two years ago.",
]


class GrowingPublisher:
    """Feeds that gain ITEMS_PER_ROUND items per round; the ETag names the version."""

    def __init__(self) -> None:
        self.pub = LoopbackPublisher().start()
        # A killed client leaves broken pipes behind; that is the point, not news.
        self.pub.server.handle_error = lambda *args: None  # type: ignore[method-assign]
        self.version = 0
        self.items: dict[int, list[dict[str, str]]] = {f: [] for f in range(FEEDS)}
        self.grow()

    def grow(self) -> None:
        self.version += 1
        for feed, items in self.items.items():
            for _ in range(ITEMS_PER_ROUND):
                n = len(items)
                item = {
                    "title": f"Feed {feed} story {n}",
                    "path": f"/f{feed}/{n}",
                    "guid": f"{feed}-{n}",
                }
                items.append(item)
                self.pub.pages[item["path"]] = Page(
                    article_page(item["title"], PARAGRAPHS), delay=random.uniform(0, 0.05)
                )
            body = rss_feed(self.pub.base, items)
            self.pub.pages[f"/feed{feed}.xml"] = Page(
                body, "application/rss+xml", headers={"ETag": f'"v{self.version}"'}
            )

    def expected_urls(self) -> set[str]:
        return {self.pub.base + i["path"] for items in self.items.values() for i in items}

    def feed_urls(self) -> list[str]:
        return [f"{self.pub.base}/feed{f}.xml" for f in range(FEEDS)]


def query(database_url: str) -> Callable[[str], list[tuple[Any, ...]]]:
    """A function running one SQL statement against the bench database, on one connection
    kept open (autocommit: every statement sees what the ingest has committed so far), so
    that polling for the first batch does not open a connection (a PostgreSQL backend) every
    few milliseconds beside the ingest it waits for."""
    if database_url.startswith("sqlite:///"):
        path = database_url.removeprefix("sqlite:///")
        lite = sqlite3.connect(path, timeout=60, isolation_level=None)

        def run_sqlite(sql: str) -> list[tuple[Any, ...]]:
            return lite.execute(sql).fetchall()

        return run_sqlite
    import psycopg

    conn = psycopg.connect(database_url, autocommit=True)

    def run_pg(sql: str) -> list[tuple[Any, ...]]:
        cursor = conn.execute(sql)
        return cursor.fetchall() if cursor.description else []

    return run_pg


def broadsheet(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "broadsheet.cli", *args],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, so kill -9 takes every child too
    )  # fmt: skip


def count_articles(sql: Callable[[str], list[tuple[Any, ...]]]) -> int:
    return int(sql("select count(*) from articles_article")[0][0])


def make_due(sql: Callable[[str], list[tuple[Any, ...]]]) -> None:
    """Make every feed due again, as the expiry of a killed runner's lease would."""
    # Django stores SQLite datetimes as naive UTC text; PostgreSQL takes the same literal.
    sql("update sources_feed set next_fetch_at = '2000-01-01 00:00:00'")


def etag_violations(sql: Callable[[str], list[tuple[Any, ...]]], pub: GrowingPublisher) -> int:
    """Feeds whose stored ETag names a version whose articles are not all stored."""
    stored = {row[0] for row in sql("select url from articles_article")}
    bad = 0
    for feed_url, etag in sql("select url, etag from sources_feed"):
        if not etag:
            continue
        version = int(etag.strip('"v'))
        feed = int(feed_url.rsplit("feed", 1)[1].split(".")[0])
        promised = pub.items[feed][: version * ITEMS_PER_ROUND]
        bad += any(pub.pub.base + item["path"] not in stored for item in promised)
    return bad


def wait_for_first_request(pub: GrowingPublisher, process: subprocess.Popen[bytes]) -> None:
    """Return once the ingest has sent its first request (start-up is not the moment to test)."""
    seen = len(pub.pub.requests)
    deadline = time.monotonic() + 120
    while len(pub.pub.requests) == seen and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)


def wait_for_first_batch(
    sql: Callable[[str], list[tuple[Any, ...]]], before: int, process: subprocess.Popen[bytes]
) -> bool:
    """Return once the round's first batch is committed; False if the ingest exited first."""
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        if count_articles(sql) > before:
            return True
        time.sleep(0.01)
    return False


def write_window(env: dict[str, str], pub: GrowingPublisher, sql: Callable[..., Any]) -> float:
    """Seconds from an ingest's first stored batch to its exit, measured on one clean run."""
    before = count_articles(sql)
    process = broadsheet(env, "ingest", "--once", "--allow-loopback")
    wait_for_first_batch(sql, before, process)
    started = time.monotonic()
    process.wait(timeout=300)
    return max(time.monotonic() - started, 0.05)


def unplaced(sql: Callable[[str], list[tuple[Any, ...]]]) -> int:
    return int(sql("select count(*) from articles_article where enriched_at is null")[0][0])


def phase(sql: Callable[..., Any], *, before: int, expected: int, running: bool) -> str:
    """Where a kill landed, read from what it left in the database."""
    stored = count_articles(sql)
    if stored <= before:
        return "before-first-batch"
    if stored < expected:
        return "storing"
    if unplaced(sql):
        return "placing"
    return "indexing" if running else "after-exit"


def run(
    database_url: str, *, kills: int, data_dir: Path, stop_at: float = float("inf")
) -> dict[str, Any]:
    env = dict(
        os.environ, DATABASE_URL=database_url, BROADSHEET_DATA_DIR=str(data_dir),
        FETCH_HOST_DELAY="0", INGEST_WORKERS="2", EXTRACTION_WORKERS="0", LOG_LEVEL="ERROR",
    )  # fmt: skip
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if broadsheet(env, "migrate", "-v", "0").wait(timeout=300) != 0:
        raise SystemExit(f"migrate failed on {database_url}")
    pub = GrowingPublisher()
    for url in pub.feed_urls():
        broadsheet(env, "sources", "add", url, "--allow-loopback").wait(timeout=120)
    sql = query(database_url)
    window = write_window(env, pub, sql)
    violations = 0
    phases: dict[str, int] = {}
    began = time.monotonic()
    for _ in range(kills):
        if time.monotonic() > stop_at:
            break  # out of time: the final check still runs on the kills made
        pub.grow()
        make_due(sql)
        before = count_articles(sql)
        process = broadsheet(env, "ingest", "--once", "--allow-loopback")
        wait_for_first_request(pub, process)
        if wait_for_first_batch(sql, before, process):
            time.sleep(random.uniform(0, window))
        running = process.poll() is None
        with contextlib.suppress(ProcessLookupError):  # it may have finished already
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        where = phase(sql, before=before, expected=len(pub.expected_urls()), running=running)
        phases[where] = phases.get(where, 0) + 1
        violations += etag_violations(sql, pub)
        if (done := sum(phases.values())) % 10 == 0:
            elapsed = f"{time.monotonic() - began:.0f} s"
            db = database_url.split(":")[0]
            print(f"  {db}: {done} kills in {elapsed}, {phases}", flush=True)
    make_due(sql)
    broadsheet(env, "ingest", "--once", "--allow-loopback").wait(timeout=600)
    violations += etag_violations(sql, pub)
    stored_urls = [row[0] for row in sql("select url from articles_article")]
    expected = pub.expected_urls()
    pub.pub.stop()
    landed = sum(phases.get(p, 0) for p in ("storing", "placing", "indexing"))
    return {
        "kills": sum(phases.values()),
        "landed_in_write_window": landed,
        **{f"phase_{name}": count for name, count in sorted(phases.items())},
        "expected": len(expected),
        "stored": len(stored_urls),
        "lost": len(expected - set(stored_urls)),
        "duplicated": len(stored_urls) - len(set(stored_urls)),
        "unplaced_at_end": unplaced(sql),
        "etag_inconsistent": violations,
        "write_window_s": round(window, 2),
    }


def postgres_url() -> str | None:
    """A fresh bench database on the local PostgreSQL, or None when none answers."""
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f"drop database if exists {PG_BENCH_DB}")
            conn.execute(f"create database {PG_BENCH_DB}")
    except Exception as error:  # noqa: BLE001 - any failure means "no PostgreSQL here"
        print(f"postgres: skipped ({error})")
        return None
    return PG_ADMIN.rsplit("/", 1)[0] + f"/{PG_BENCH_DB}"


def drop_postgres_database() -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
        conn.execute(f"drop database if exists {PG_BENCH_DB} with (force)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--minutes", type=float, help="stop killing after this long, then check (all DBs)"
    )
    args = parser.parse_args()
    stop_at = time.monotonic() + args.minutes * 60 if args.minutes else float("inf")
    targets = []
    if args.db in ("sqlite", "both"):
        tmp = Path(tempfile.mkdtemp(prefix="bench-crash-"))
        targets.append(("sqlite", f"sqlite:///{tmp / 'crash.sqlite3'}", tmp))
    if args.db in ("postgres", "both") and (url := postgres_url()):
        targets.append(("postgres", url, Path(tempfile.mkdtemp(prefix="bench-crash-pg-"))))
    for name, url, data_dir in targets:
        try:
            result = run(url, kills=args.kills, data_dir=data_dir, stop_at=stop_at)
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)
            if name == "postgres":
                drop_postgres_database()
        figures = " ".join(f"{k}={v}" for k, v in result.items())
        print(f"{name}: {figures}", flush=True)


if __name__ == "__main__":
    main()
