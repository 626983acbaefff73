"""Bundled Wikinews articles (CC BY 2.5) as test material for the clustering tests."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from functools import lru_cache
from pathlib import Path

from broadsheet.clustering import Doc

CORPUS = Path(__file__).resolve().parents[2] / "demo" / "corpus" / "wikinews_en_demo.jsonl"


@lru_cache(maxsize=1)
def load_records() -> tuple[dict, ...]:
    """Every record of the demo corpus, in file order."""
    with CORPUS.open(encoding="utf-8") as fh:
        return tuple(json.loads(line) for line in fh if line.strip())


def as_doc(record: dict, *, dated: bool = True) -> Doc:
    """A clustering Doc for a corpus record (published at noon UTC of its date)."""
    published = None
    if dated and record.get("date"):
        day = date.fromisoformat(record["date"][:10])
        published = datetime.combine(day, time(12), tzinfo=UTC)
    return Doc(
        title=record["title"],
        text=record["text"],
        source=record.get("source", ""),
        url=record.get("url"),
        published_at=published,
        language=record.get("lang"),
    )
