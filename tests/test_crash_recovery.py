"""An ingest killed with SIGKILL mid-run and run again loses nothing and duplicates nothing."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from broadsheet.lib.testing.publisher import LoopbackPublisher, Page, article_page, rss_feed

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
N_ITEMS = 30
# Only a guard against a hung process: every wait below is for a condition, never a window
# (at a load average of 40 a cold `broadsheet ingest` took over a minute to store its first
# batch, and the kill used to land at a fixed 60 s, before anything was stored).
HANG_GUARD = 900
PARAGRAPHS = [
    "The council approved the new budget on Tuesday after a long debate about road repairs "
    "and the cost of the new library on the old market square.",
    "Opposition members said the plan raised fees for families while leaving the harbour "
    "district without the flood defences promised two years ago.",
    "The mayor said the library would open next autumn and that the flood works would be "
    "tendered before the end of the year, with money set aside in a separate fund.",
]


def broadsheet(env: dict[str, str], *args: str, log: Path) -> subprocess.Popen:
    # Output to a file: a pipe nobody reads until the end could fill and stall the process.
    with log.open("a") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "broadsheet.cli", *args],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, text=True,
            start_new_session=True,  # its own process group: the kill takes its pool too
        )  # fmt: skip


def count(db: Path, sql: str) -> int:
    with sqlite3.connect(db, timeout=30) as conn:
        return conn.execute(sql).fetchone()[0]


@pytest.fixture
def slow_publisher():
    pub = LoopbackPublisher().start()
    items = [
        {"title": f"Council story {i}", "path": f"/n/{i}", "guid": f"g{i}"} for i in range(N_ITEMS)
    ]
    pub.pages["/feed.xml"] = Page(
        rss_feed(pub.base, items), "application/rss+xml", headers={"ETag": '"feed-v1"'}
    )
    for item in items:
        pub.pages[item["path"]] = Page(article_page(item["title"], PARAGRAPHS), delay=0.15)
    yield pub
    pub.stop()


def test_ingest_killed_mid_run_then_rerun_stores_every_article_exactly_once(
    tmp_path, slow_publisher
):
    db = tmp_path / "crash.sqlite3"
    env = dict(
        os.environ, DATABASE_URL=f"sqlite:///{db}", BROADSHEET_DATA_DIR=str(tmp_path),
        FETCH_HOST_DELAY="0", INGEST_WORKERS="2",
    )  # fmt: skip
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = tmp_path / "broadsheet.log"
    assert broadsheet(env, "migrate", "-v", "0", log=log).wait(timeout=HANG_GUARD) == 0
    add = broadsheet(
        env, "sources", "add", slow_publisher.base + "/feed.xml", "--allow-loopback", log=log
    )
    assert add.wait(timeout=HANG_GUARD) == 0, log.read_text()

    first = broadsheet(env, "ingest", "--once", "--allow-loopback", log=log)
    guard = time.monotonic() + HANG_GUARD
    # Kill once the first batch is stored, however long start-up takes on a loaded machine.
    while count(db, "select count(*) from articles_article") < 10:
        assert first.poll() is None, f"the ingest exited before its first batch:\n{log.read_text()}"
        assert time.monotonic() < guard, "the ingest hung before its first batch"
        time.sleep(0.05)
    os.killpg(first.pid, signal.SIGKILL)  # as a service manager's kill -9 would
    first.wait(timeout=HANG_GUARD)
    stored_at_kill = count(db, "select count(*) from articles_article")
    assert 0 < stored_at_kill < N_ITEMS
    assert count(db, "select count(*) from sources_feed where etag != ''") == 0

    # The killed runner leased the feed; make it due again as the lease expiry would.
    with sqlite3.connect(db, timeout=30) as conn:
        conn.execute("update sources_feed set next_fetch_at = '2000-01-01 00:00:00'")
    second = broadsheet(env, "ingest", "--once", "--allow-loopback", log=log)
    assert second.wait(timeout=HANG_GUARD) == 0, log.read_text()

    assert count(db, "select count(*) from articles_article") == N_ITEMS
    assert count(db, "select count(distinct url) from articles_article") == N_ITEMS
    assert count(db, "select count(*) from articles_feedentry") == N_ITEMS
    assert count(db, "select count(*) from sources_feed where etag = '\"feed-v1\"'") == 1
