"""Comments benchmark: posting latency and concurrent throughput, and a long thread's page.

Run: .venv/bin/python bench/comments.py [--comments 500] [--threads 4] [--database-url URL]

Builds one article in a temporary SQLite file (or the given database, which it migrates
into and leaves), then times the product's own code: add_comment one after another,
add_comment from several threads at once (each its own reader, as on a busy page), and
the article page rendered with the whole thread (comment_thread plus the templates).
Rate limits are lifted for the run; the spam checks and the Markdown rendering stay.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

import _harness  # noqa: F401 - the one preamble: sys.path, --json


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=500)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    return parser.parse_args()


ARGS = parse_args()
TMP = Path(tempfile.mkdtemp(prefix="bench-comments-"))
os.environ.update(
    DATABASE_URL=ARGS.database_url or f"sqlite:///{TMP / 'bench.sqlite3'}",
    BROADSHEET_DATA_DIR=str(TMP),
    LOG_LEVEL="WARNING",
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from broadsheet.accounts.models import Profile  # noqa: E402
from broadsheet.articles.models import Article  # noqa: E402
from broadsheet.comments import services  # noqa: E402
from broadsheet.comments.models import Comment  # noqa: E402
from broadsheet.sources.models import Source  # noqa: E402


def make_readers(count: int, prefix: str) -> list[User]:
    """Readers with profiles, created in bulk (hashing is not what is measured)."""
    users = User.objects.bulk_create(
        User(username=f"{prefix}{n}@bench.example", email=f"{prefix}{n}@bench.example")
        for n in range(count)
    )
    users = list(User.objects.filter(username__startswith=prefix).order_by("pk"))
    Profile.objects.bulk_create(Profile(user=u, display_name=f"Reader {u.pk}") for u in users)
    return users


def make_article() -> Article:
    source = Source.objects.create(
        name="Bench Wire", slug=f"bench-{time.time_ns()}", home_url="https://bench.example/"
    )
    now = timezone.now()
    return Article.objects.create(
        source=source, url=f"https://bench.example/{time.time_ns()}", title="Bench article",
        body="One.\n\nTwo.", status="ok", language="en", published_at=now, fetched_at=now,
        public_id=f"b{time.time_ns() % 10**11}",
    )  # fmt: skip


def time_sequential(article: Article, readers: list[User]) -> list[float]:
    took = []
    for n, reader in enumerate(readers):
        start = time.perf_counter()
        services.add_comment(
            article, author=reader, body=f"Comment **{n}** with [a link](https://x.example/{n})"
        )
        took.append(time.perf_counter() - start)
    return took


def time_concurrent(article: Article, readers: list[User], threads: int) -> float:
    per_thread = [readers[i::threads] for i in range(threads)]
    barrier = threading.Barrier(threads)

    def work(mine: list[User]) -> None:
        barrier.wait()
        for reader in mine:
            services.add_comment(article, author=reader, body=f"From thread, reader {reader.pk}")
        connection.close()

    workers = [threading.Thread(target=work, args=(mine,)) for mine in per_thread]
    start = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return time.perf_counter() - start


def main() -> None:
    call_command("migrate", verbosity=0)
    settings.ALLOWED_HOSTS = ["*"]
    # Lift the per-account and per-address limits: the run posts far faster than a reader.
    services.USER_PER_MINUTE = services.IP_PER_MINUTE = 10**9
    article = make_article()
    n = ARGS.comments
    sequential = time_sequential(article, make_readers(n, "s"))
    elapsed = time_concurrent(article, make_readers(n, "c"), ARGS.threads)
    stored = Comment.objects.filter(article=article).count()
    client = Client()
    renders = []
    for _ in range(5):
        start = time.perf_counter()
        assert client.get(f"/en/article/{article.public_id}").status_code == 200
        renders.append(time.perf_counter() - start)
    engine = connection.vendor
    print(f"database: {engine}; {n} comments posted one by one, {n} from {ARGS.threads} threads")
    print(
        f"add_comment sequential: median {statistics.median(sequential) * 1000:.1f} ms, "
        f"p95 {sorted(sequential)[int(0.95 * n) - 1] * 1000:.1f} ms"
    )
    print(f"add_comment concurrent: {n / elapsed:.0f} comments/s over {elapsed:.2f} s")
    print(f"stored {stored} of {2 * n} (must be equal)")
    print(f"article page with {stored} comments: median {statistics.median(renders) * 1000:.0f} ms")
    if ARGS.database_url:
        Article.objects.filter(pk=article.pk).delete()
        User.objects.filter(username__endswith="@bench.example").delete()


if __name__ == "__main__":
    main()
