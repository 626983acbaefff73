"""What both search backends share about writing: chunked, transactional (re)indexing."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connections, transaction

from broadsheet.articles.models import Article
from broadsheet.search.backend import chunked

# Articles per write: one query for their rows, one batch of index rows.
CHUNK = 500
# The columns a backend indexes, in this order (see `ChunkedIndexing._rows`).
INDEXED_COLUMNS = ("pk", "title", "body", "summary", "language", "source_id", "published_at")


class ChunkedIndexing:
    """index_articles / remove_articles / the rebuild's pass, in chunks of CHUNK articles.

    A backend supplies `_index_chunk` (write one chunk's rows, removing ids whose article is
    gone) and `_remove_chunk` (delete one chunk's index rows); this owns the transactions.
    """

    using: str

    def index_articles(self, article_ids: Iterable[int]) -> None:
        """(Re)index these articles from their stored rows; ids of deleted rows are removed."""
        with transaction.atomic(using=self.using):
            for chunk in chunked(article_ids, CHUNK):
                self._index_chunk(chunk)

    def remove_articles(self, article_ids: Iterable[int]) -> None:
        """Remove these articles from the index (unknown ids are ignored)."""
        with transaction.atomic(using=self.using), connections[self.using].cursor() as cursor:
            for chunk in chunked(article_ids, CHUNK):
                self._remove_chunk(cursor, chunk)

    def _index_every_article(self) -> None:
        """Index every stored article, in id order (inside the caller's transaction)."""
        ids = Article.objects.using(self.using).order_by("pk").values_list("pk", flat=True)
        for chunk in chunked(ids.iterator(chunk_size=2000), CHUNK):
            self._index_chunk(chunk)

    def _rows(self, chunk: list[int]) -> list[tuple[Any, ...]]:
        """The stored articles among `chunk`, as tuples of INDEXED_COLUMNS."""
        return list(
            Article.objects.using(self.using).filter(pk__in=chunk).values_list(*INDEXED_COLUMNS)
        )

    def _index_chunk(self, chunk: list[int]) -> None:
        raise NotImplementedError

    def _remove_chunk(self, cursor: Any, chunk: list[int]) -> None:
        raise NotImplementedError
