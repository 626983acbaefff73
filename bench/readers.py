"""Reader-state benchmark: For-you ranking, saved list, read marks and writes on a busy site.

Run: .venv/bin/python bench/readers.py [--articles 20000] [--calls 50] [--database-url URL]

Builds a synthetic site in a temporary SQLite file (or the given database, which it
fills and then empties): sources, topics, entities and stories with articles tagged
at random, and one reader who follows 10 sources, 20 topics, 30 entities and 10
stories, has saved 1,000 articles and read 10,000. Then times the product's own
services: for_you_stories, the first page of saved_articles, read_article_ids for a
list page of 20, and the idempotent writes (save, follow, mark_read, repeated).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import _harness  # noqa: F401 - the one preamble: sys.path, --json


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--calls", type=int, default=50, help="timed calls per operation")
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    parser.add_argument("--seed", type=int, default=7)
    return parser.parse_args()


ARGS = parse_args()
TMP = Path(tempfile.mkdtemp(prefix="bench-readers-"))
os.environ.update(
    DATABASE_URL=ARGS.database_url or f"sqlite:///{TMP / 'bench.sqlite3'}",
    BROADSHEET_DATA_DIR=str(TMP),
    LOG_LEVEL="WARNING",
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from broadsheet.articles.models import Article  # noqa: E402
from broadsheet.readers import services  # noqa: E402
from broadsheet.readers.models import ReadState, SavedArticle  # noqa: E402
from broadsheet.sources.models import Source  # noqa: E402
from broadsheet.stories.models import ArticleEntity, ArticleTopic, Entity, Story, Topic  # noqa: E402

BATCH = 5000


def build_site(rng: random.Random, n_articles: int) -> User:
    """Bulk-insert the synthetic site and the reader's state; returns the reader."""
    now = timezone.now()
    sources = Source.objects.bulk_create(
        Source(name=f"Source {i}", slug=f"source-{i}") for i in range(200)
    )
    topics = Topic.objects.bulk_create(Topic(slug=f"t{i}", name=f"Topic {i}") for i in range(500))
    entities = Entity.objects.bulk_create(
        Entity(slug=f"e{i}", name=f"Entity {i}", kind="person") for i in range(2000)
    )
    stories = Story.objects.bulk_create(
        Story(
            public_id=f"s{i:011d}",
            title=f"Story {i}",
            article_count=5,
            source_count=rng.randint(1, 8),
            last_seen_at=now - timedelta(hours=rng.uniform(0, 24 * 30)),
        )  # fmt: skip
        for i in range(n_articles // 5)
    )
    for start in range(0, n_articles, BATCH):
        batch = Article.objects.bulk_create(
            Article(
                public_id=f"a{i:011d}",
                source=rng.choice(sources),
                url=f"https://x.example/{i}",
                title=f"Article {i}",
                story=stories[i // 5],
                published_at=now - timedelta(hours=rng.uniform(0, 24 * 30)),
            )  # fmt: skip
            for i in range(start, min(start + BATCH, n_articles))
        )
        ArticleTopic.objects.bulk_create(
            (ArticleTopic(article=a, topic=t) for a in batch for t in rng.sample(topics, 2)),
        )
        ArticleEntity.objects.bulk_create(
            (ArticleEntity(article=a, entity=e) for a in batch for e in rng.sample(entities, 3)),
        )
    reader = User.objects.create_user("bench@example.org")
    for target in (
        rng.sample(sources, 10) + rng.sample(topics, 20) + rng.sample(entities, 30)
    ) + rng.sample(stories, 10):
        services.follow(reader, target)
    ids = list(Article.objects.values_list("pk", flat=True))
    SavedArticle.objects.bulk_create(
        SavedArticle(user=reader, article_id=pk) for pk in rng.sample(ids, 1000)
    )
    ReadState.objects.bulk_create(
        ReadState(user=reader, article_id=pk) for pk in rng.sample(ids, 10_000)
    )
    return reader


def timed(label: str, calls: int, action: Callable[[int], object]) -> None:
    """Print the median and p99 (ms) of ``calls`` runs of ``action``."""
    samples = []
    for i in range(calls):
        started = time.perf_counter()
        action(i)
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    print(f"  {label:44} p50 {statistics.median(samples):8.2f} ms   p99 {p99:8.2f} ms")


def main() -> None:
    rng = random.Random(ARGS.seed)
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    reader = build_site(rng, ARGS.articles)
    print(
        f"{connection.vendor}: {ARGS.articles} articles, {ARGS.articles // 5} stories, "
        f"built in {time.perf_counter() - started:.1f} s"
    )
    ids = list(Article.objects.values_list("pk", flat=True))
    articles = list(Article.objects.defer("body").order_by("?")[: ARGS.calls])
    stories = services.for_you_stories(reader)
    print(f"  for_you_stories returns {len(stories)} stories")
    timed("for_you_stories (70 follows)", ARGS.calls, lambda i: services.for_you_stories(reader))
    timed(
        "saved_articles, first page of 20 (1,000 saved)",
        ARGS.calls,
        lambda i: list(services.saved_articles(reader).defer("body")[:20]),
    )
    timed(
        "read_article_ids for a list of 20 (10k read)",
        ARGS.calls,
        lambda i: services.read_article_ids(reader, rng.sample(ids, 20)),
    )
    timed("save_article (new)", ARGS.calls, lambda i: services.save_article(reader, articles[i]))
    timed(
        "save_article (again: no-op)",
        ARGS.calls,
        lambda i: services.save_article(reader, articles[i]),
    )
    timed("mark_read", ARGS.calls, lambda i: services.mark_read(reader, articles[i]))
    timed("follow (again: no-op)", ARGS.calls, lambda i: services.follow(reader, stories[0]))


if __name__ == "__main__":
    try:
        main()
    finally:
        if ARGS.database_url:
            call_command("flush", interactive=False, verbosity=0)
        shutil.rmtree(TMP, ignore_errors=True)
