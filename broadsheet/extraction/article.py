"""The result of extracting one page: ExtractedArticle, and the errors extraction raises."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from broadsheet.lib.text import reading_minutes


class ExtractionTimeout(TimeoutError):
    """The page is too large or too deeply nested to extract within bounded time."""


@dataclass(frozen=True)
class ExtractedArticle:
    """One article as the publisher wrote it: headline, clean body and metadata."""

    title: str
    text: str
    authors: tuple[str, ...] = ()
    published_at: datetime | None = None
    updated_at: datetime | None = None
    language: str | None = None
    image_url: str | None = None
    canonical_url: str | None = None
    description: str | None = None
    site_name: str | None = None
    word_count: int = 0
    status: str = "ok"

    @property
    def reading_minutes(self) -> int:
        """Minutes an average reader needs for the body (at least one)."""
        return reading_minutes(self.word_count)

    @property
    def paragraphs(self) -> list[str]:
        """The body split into its paragraphs."""
        return [p for p in self.text.split("\n\n") if p]
