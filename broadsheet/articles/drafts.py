"""What the ingest pipeline hands to storage: a plain dataclass, no Django (a pure step)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ArticleDraft:
    """Everything the pipeline learned about one entry, ready to store."""

    url: str
    entry_key: str
    title: str
    author: str
    summary: str
    body: str
    status: str
    language: str
    image_url: str
    word_count: int
    published_at: datetime
    updated_at: datetime | None
    fetched_at: datetime
    entry_updated_at: datetime | None
    # Why the feed's date was not used ("missing", "in the future", "too old"), "" when it was.
    date_note: str = ""
