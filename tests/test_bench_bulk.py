"""bench/bulk.py: a small database built with bulk SQL is one the product serves and searches."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_bulk_built_database_is_served_by_the_products_own_queries(tmp_path: Path) -> None:
    directory = tmp_path / "bulk"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bulk.py"), str(directory), "--size", "2000",
         "--check"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=600,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    pages = _pages(out.stdout)
    assert set(pages) == {"home", "article", "story", "search", "sitemap"}
    for name, page in pages.items():
        assert page["status"] == 200, (name, page)
        assert page["shows"], (name, page)
    with sqlite3.connect(directory / "bench.sqlite3") as db:
        count = db.execute("SELECT count(*) FROM articles_article").fetchone()[0]
        indexed = db.execute("SELECT count(*) FROM search_fts_doc").fetchone()[0]
        in_stories = db.execute("SELECT sum(article_count) FROM stories_story").fetchone()[0]
        unplaced = db.execute(
            "SELECT count(*) FROM articles_article WHERE story_id IS NULL OR enriched_at IS NULL"
        ).fetchone()[0]
        mode = db.execute("PRAGMA journal_mode").fetchone()[0]
    assert (count, indexed, in_stories, unplaced) == (2000, 2000, 2000, 0)
    assert mode == "wal"


def _pages(stdout: str) -> dict[str, dict]:
    """The JSON lines of --check, by page."""
    pages = {}
    for line in stdout.splitlines():
        if line.startswith("{"):
            record = json.loads(line)
            pages[record["page"]] = record
    return pages
