"""`broadsheet rebuild_search_index`: index every stored article again."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from broadsheet.search import get_backend


class Command(BaseCommand):
    help = "Drop the full-text search index and index every stored article again."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        get_backend().rebuild()
        self.stdout.write(f"search index rebuilt in {time.perf_counter() - started:.1f}s")
