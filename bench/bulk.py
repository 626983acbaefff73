"""Bulk builder: a large SQLite database in the product's schema, for the benchmarks at scale.

Run: nice .venv/bin/python bench/bulk.py [DIR] [--size 1000000] [--seed 7] [--check]

Writes DIR/bench.sqlite3, the file `bench/serve.py --keep DIR`, `bench/memory.py --data DIR`
and `bench/search.py --db DIR/bench.sqlite3 --million` read (without DIR, a temporary file
removed at the end: `make bench` builds 20,000 with `--check`; 1M took 706 s of CPU). The
product's migrations make the schema; then plain SQL fills it in big transactions
(executemany on the sqlite3 module, no ORM): 50 publishers with a feed each, 60 topics,
20,000 entities; `--size` articles of synthetic text (bench/_synthetic.py, the vocabulary
bench/search.py draws from), one a minute up to now, every one enriched; stories of
consecutive coverage (a new story for about a third of the articles, otherwise one of the 60
open ones), 5 % of articles a copy of an earlier one in their story; entity and topic links
shared within a story, so the related articles query has real work; the FTS5 index with the
product's rowids and facet tokens, written in rowid order in the same pass and merged once
at the end, then its term table (broadsheet/search/terms.py) counted from it in one pass.
Not a product feature: the product's own ingest is what `bench/ingest.py` measures.

`--check` then serves the home, an article, its story, a search and the last sitemap page
through Django's test client and prints one JSON line per page (status, whether it shows
what the rows hold): the product's own queries see the rows.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import shutil
import sqlite3
import tempfile
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import api  # bench/api.py: configure() points Django at DIR/bench.sqlite3
from _synthetic import TextMaker, load_corpus

SOURCES = 50
TOPICS = 60
ENTITIES = 20_000
OPEN_STORIES = 60
NEW_STORY = 0.35  # share of articles that start a story
COPY_SHARE = 0.05
LANGUAGES = ("en",) * 17 + ("fr", "fr", "de")
BATCH = 10_000
SPACING = 60  # seconds between publications


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "dir", type=Path, nargs="?", help="directory for bench.sqlite3 (else a temporary one)"
    )
    parser.add_argument("--size", type=int, default=1_000_000, help="articles")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--check", action="store_true", help="then serve pages from it")
    return parser.parse_args()


@dataclass
class OpenStory:
    """A story still taking articles, and what its rows will say."""

    pk: int
    title: str
    topic: int
    entities: list[int]
    first_seen: str
    last_seen: str = ""
    articles: list[int] = field(default_factory=list)
    sources: set[int] = field(default_factory=set)
    languages: set[str] = field(default_factory=set)

    def row(self) -> tuple[object, ...]:
        public_id = f"s{self.pk:015x}"
        languages = ",".join(sorted(self.languages))
        return (self.pk, public_id, self.title, self.first_seen, self.last_seen,
                len(self.articles), len(self.sources), languages, self.first_seen)  # fmt: skip


def insert_sql(table: str, model: type, columns: list[str]) -> tuple[str, tuple[object, ...]]:
    """An INSERT for `columns` plus the model's other NOT NULL columns at their defaults;
    the defaults are appended to every row."""
    from django.db import connection

    extra, defaults = [], []
    for column in model._meta.concrete_fields:
        if column.column in columns or column.null or column.primary_key:
            continue
        extra.append(column.column)
        value = column.get_default() if column.has_default() else ""
        defaults.append(column.get_db_prep_save(value, connection))
    names = columns + extra
    sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    return sql, tuple(defaults)


def stamp(seconds: float) -> str:
    """A UTC time as Django's SQLite backend stores it."""
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M:%S")


class Builder:
    """Fills a migrated database; `run` writes every table, `finish` merges the index."""

    def __init__(self, db: sqlite3.Connection, size: int, seed: int):
        from broadsheet.articles.models import Article
        from broadsheet.stories.models import ArticleEntity, ArticleTopic, Story

        self.db, self.size, self.rng = db, size, random.Random(seed)
        self.text = TextMaker(load_corpus(seed), seed)
        self.article_sql = insert_sql(
            "articles_article", Article,
            ["id", "public_id", "url", "title", "summary", "body", "language", "word_count",
             "published_at", "fetched_at", "created_at", "enriched_at", "source_id", "feed_id",
             "story_id", "copy_of_id"],
        )  # fmt: skip
        self.story_sql = insert_sql(
            "stories_story", Story,
            ["id", "public_id", "title", "first_seen_at", "last_seen_at", "article_count",
             "source_count", "languages", "created_at"],
        )  # fmt: skip
        self.entity_sql = insert_sql(
            "stories_articleentity", ArticleEntity, ["article_id", "entity_id", "mentions"]
        )
        self.topic_sql = insert_sql(
            "stories_articletopic", ArticleTopic, ["article_id", "topic_id", "score"]
        )
        self.open: list[OpenStory] = []
        self._closed: list[OpenStory] = []  # closed in this batch, written with it
        self._bodies: dict[int, str] = {}  # recent bodies, for copies
        self.stories = 0
        self.end = time.time() - 600

    def run(self) -> dict[str, float]:
        """Write everything; seconds spent generating and writing."""
        took = {"generate": 0.0, "write": 0.0}
        self._fixed_rows()
        batches = [
            (first, min(BATCH, self.size + 1 - first)) for first in range(1, self.size + 1, BATCH)
        ]
        # A second process draws the text of the next batches while this one writes.
        with multiprocessing.get_context("fork").Pool(1, _start_drawing, (self.text,)) as pool:
            for (first, count), texts in _ahead(pool, batches):
                started = time.perf_counter()
                rows = self._batch(first, texts)
                took["generate"] += time.perf_counter() - started
                started = time.perf_counter()
                self._write(rows)
                took["write"] += time.perf_counter() - started
                if (first + count - 1) % 100_000 == 0:
                    print(f"  ... {first + count - 1:,} articles", flush=True)
        started = time.perf_counter()
        self._write_stories(self.open)
        self.db.commit()
        took["write"] += time.perf_counter() - started
        return took

    def _fixed_rows(self) -> None:
        now = stamp(self.end - self.size * SPACING)
        self.db.executemany(
            "INSERT INTO sources_source (id, name, slug, home_url, language, country, icon_url,"
            " created_at) VALUES (?, ?, ?, ?, 'en', '', '', ?)",
            [(n, f"Publisher {n}", f"publisher-{n}", f"https://publisher-{n}.example/", now)
             for n in range(1, SOURCES + 1)],
        )  # fmt: skip
        self.db.executemany(
            "INSERT INTO sources_feed (id, url, title, format, etag, last_modified,"
            " next_fetch_at, interval_seconds, consecutive_errors, last_error, created_at,"
            " source_id, date_warning) VALUES (?, ?, '', '', '', '', ?, 900, 0, '', ?, ?, '')",
            [(n, f"https://publisher-{n}.example/feed", now, now, n)
             for n in range(1, SOURCES + 1)],
        )  # fmt: skip
        self.db.executemany(
            "INSERT INTO stories_topic (id, slug, name) VALUES (?, ?, ?)",
            [(n, f"topic-{n}", f"Topic {n}") for n in range(1, TOPICS + 1)],
        )
        kinds = ("person", "organisation", "place")
        names = self.text.draw(ENTITIES * 2)
        self.db.executemany(
            "INSERT INTO stories_entity (id, slug, kind, name, country, aliases)"
            " VALUES (?, ?, ?, ?, '', '[]')",
            [(n, f"entity-{n}", kinds[n % 3], f"{names[2 * n - 2]} {names[2 * n - 1]}".title())
             for n in range(1, ENTITIES + 1)],
        )  # fmt: skip

    def _story_for(self, pk: int, title: str, published: str) -> OpenStory:
        """A new story (about a third of the time) or one of the open ones."""
        rng = self.rng
        if not self.open or rng.random() < NEW_STORY:
            self.stories += 1
            entities = [_popular(rng, ENTITIES) for _ in range(rng.randint(1, 3))]
            story = OpenStory(self.stories, title, _popular(rng, TOPICS), entities, published)
            self.open.append(story)
            if len(self.open) > OPEN_STORIES:
                self._closed.append(self.open.pop(0))
            return story
        return self.open[int(len(self.open) * rng.random() ** 0.5)]  # recent ones more often

    def _batch(self, first: int, texts: list[tuple[str, str]]) -> dict[str, list]:
        rng, (_, defaults) = self.rng, self.article_sql
        rows: dict[str, list] = {"articles": [], "entities": [], "topics": [], "fts": []}
        self._closed = []
        for pk, (title, body) in enumerate(texts, start=first):
            seconds = self.end - (self.size - pk) * SPACING + rng.randrange(SPACING)
            published = stamp(seconds)
            story = self._story_for(pk, title, published)
            source = 1 + rng.randrange(SOURCES)
            copy_of = None
            if story.articles and rng.random() < COPY_SHARE:
                copy_of = story.articles[0]  # the wire text again, from another publisher
                title, body = story.title, self._bodies.get(copy_of, body)
            language = LANGUAGES[pk % len(LANGUAGES)]
            story.articles.append(pk)
            story.sources.add(source)
            story.languages.add(language)
            story.last_seen = published
            self._bodies[pk] = body
            summary = body[: body.find(". ") + 1] if ". " in body else body[:200]
            rows["articles"].append((
                pk, f"a{pk:015x}", f"https://publisher-{source}.example/{pk:08d}", title,
                summary, body, language, len(body.split()), published, published, published,
                published, source, source, story.pk, copy_of, *defaults,
            ))  # fmt: skip
            rows["entities"] += self._entity_links(pk, story)
            topics = {story.topic, _popular(rng, TOPICS)}
            rows["topics"] += [(pk, t, 1.0) for t in topics]
            rows["fts"].append(_fts_row(pk, seconds, title, body, source, language))
        if len(self._bodies) > 5 * BATCH:
            self._bodies = dict(list(self._bodies.items())[-BATCH:])
        rows["stories"] = self._closed
        return rows

    def _entity_links(self, pk: int, story: OpenStory) -> list[tuple[int, int, int]]:
        rng = self.rng
        links = {entity: 2 + rng.randrange(4) for entity in story.entities}
        for _ in range(rng.randint(1, 4)):
            links.setdefault(_popular(rng, ENTITIES), 1 + rng.randrange(2))
        return [(pk, entity, mentions) for entity, mentions in links.items()]

    def _write(self, rows: dict[str, list]) -> None:
        db = self.db
        db.executemany(self.article_sql[0], rows["articles"])
        entity_sql, entity_defaults = self.entity_sql
        db.executemany(entity_sql, [(*r, *entity_defaults) for r in rows["entities"]])
        topic_sql, topic_defaults = self.topic_sql
        db.executemany(topic_sql, [(*r, *topic_defaults) for r in rows["topics"]])
        fts = sorted(rows["fts"])
        db.executemany(
            "INSERT INTO search_fts_doc (article_id, docid) VALUES (?, ?)",
            [(pk, docid) for docid, _, _, _, pk in fts],
        )
        db.executemany(
            "INSERT INTO search_fts (rowid, title, body, facets) VALUES (?, ?, ?, ?)",
            [row[:4] for row in fts],
        )
        self._write_stories(rows["stories"])
        db.commit()

    def _write_stories(self, stories: list[OpenStory]) -> None:
        sql, defaults = self.story_sql
        self.db.executemany(sql, [(*s.row(), *defaults) for s in stories])


_MAKER: list[TextMaker] = []  # the drawing process's TextMaker


def _start_drawing(maker: TextMaker) -> None:
    _MAKER.append(maker)


def _ahead(pool: Any, batches: list[tuple[int, int]], depth: int = 3) -> Iterator[tuple]:
    """(batch, its texts) in order, at most `depth` batches drawn ahead (Pool.imap draws them
    all, as fast as it can: gigabytes of text waiting in memory)."""
    waiting: deque = deque()
    for batch in batches:
        waiting.append((batch, pool.apply_async(_draw, (batch,))))
        if len(waiting) > depth:
            done, result = waiting.popleft()
            yield done, result.get()
    while waiting:
        done, result = waiting.popleft()
        yield done, result.get()


def _draw(batch: tuple[int, int]) -> list[tuple[str, str]]:
    """The texts of one batch, drawn from the batch's own seed (the same whatever the order)."""
    first, count = batch
    maker = _MAKER[0]
    maker.reseed(first)
    return maker.articles(count)


def _popular(rng: random.Random, count: int) -> int:
    """An id in 1..count, low ids far more often (a few entities and topics are everywhere)."""
    return min(count, 1 + int(count * rng.random() ** 3))


def _fts_row(pk: int, seconds: float, title: str, body: str, source: int, language: str):
    """(docid, title, body, facets, article id) as the product's FTS5 backend writes them."""
    from broadsheet.search.fts5 import SLOTS, facet_tokens

    docid = int(seconds) * SLOTS + pk % SLOTS
    return docid, title, body, facet_tokens(source_id=source, language=language), pk


def build(directory: Path, size: int, seed: int) -> None:
    """Migrate DIR/bench.sqlite3 with the product's migrations, then fill it."""
    from django.core.management import call_command
    from django.db import connections

    from broadsheet.search.terms import count_all_terms

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    connections.close_all()
    path = directory / "bench.sqlite3"
    db = sqlite3.connect(path, isolation_level="DEFERRED")
    db.execute("PRAGMA journal_mode=DELETE")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-400000")
    # One big in-memory segment per flush, no merging while loading: one merge at the end.
    db.execute("INSERT INTO search_fts (search_fts, rank) VALUES ('hashsize', 67108864)")
    db.execute("INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', 0)")
    db.commit()
    builder = Builder(db, size, seed)
    took = builder.run()
    merging = time.perf_counter()
    db.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
    db.execute("DELETE FROM search_fts_config WHERE k IN ('hashsize', 'automerge')")
    db.commit()
    merged = time.perf_counter() - merging
    counting = time.perf_counter()
    count_all_terms(db)  # the search term table, in one pass over the merged index
    db.commit()
    db.execute("PRAGMA journal_mode=WAL")
    db.close()
    counted = time.perf_counter() - counting
    megabytes = path.stat().st_size / 1e6
    print(
        f"{size:,} articles, {builder.stories:,} stories in {time.perf_counter() - started:.0f} s "
        f"(text {took['generate']:.0f} s, rows and index {took['write']:.0f} s, index merge "
        f"{merged:.0f} s, term table {counted:.0f} s); file {megabytes:,.0f} MB"
    )


def check_pages() -> None:
    """Serve pages from the built file through the product's views; one JSON line each."""
    from django.conf import settings
    from django.test import Client

    from broadsheet.articles.models import Article
    from broadsheet.web.sitemaps import ArticleSitemap

    settings.PAGE_CACHE_SECONDS = 0
    article = Article.objects.select_related("story").order_by("-published_at").first()
    assert article is not None and article.story is not None
    word = article.title.split()[0].lower()
    last = ArticleSitemap().paginator.num_pages
    pages = {
        "home": ("/en/", article.title),
        "article": (f"/en/article/{article.public_id}", article.title),
        "story": (f"/en/story/{article.story.public_id}", article.title),
        "search": (f"/en/search?q={word}", "/en/article/"),
        "sitemap": (f"/sitemap-articles.xml?p={last}", "<loc>"),
    }
    client = Client()
    for name, (path, expected) in pages.items():
        response = client.get(path)
        text = response.content.decode()
        print(json.dumps({"page": name, "path": path, "status": response.status_code,
                          "shows": expected in text}), flush=True)  # fmt: skip


def main() -> int:
    args = parse_args()
    directory = args.dir or Path(tempfile.mkdtemp(prefix="bench-bulk-"))
    directory.mkdir(parents=True, exist_ok=True)
    if (directory / "bench.sqlite3").exists():
        raise SystemExit(f"{directory / 'bench.sqlite3'} exists: build into a new directory")
    try:
        api.configure(directory)
        build(directory, args.size, args.seed)
        if args.check:
            check_pages()
    finally:
        if args.dir is None:
            shutil.rmtree(directory, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
