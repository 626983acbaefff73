"""Search benchmark: FTS5 build time and query p50/p99 at 100k (and 1M) synthetic articles.

Run: .venv/bin/python bench/search.py [--million] [--queries 100] [--db bench.sqlite3]

Articles are generated from the vocabulary of the bundled Wikinews corpus with
Zipf-like word frequencies (plus a long tail of made-up names, and short windows
of real text so phrases exist), stored in a temporary SQLite file with bulk SQL,
then indexed and searched through the product's own code: the search app's
migration, `index_articles` and `search`. Sizes are cumulative: the 1M run adds
900k articles to the 100k index, as a growing installation would.

`--dump FILE` writes each query's top 10 article ids; `--against FILE` (a dump of another
run, e.g. main's code on the same file) prints, per class, the share of its top-10 hits
this run also lists: what a faster path costs in results.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import _harness  # noqa: F401 - the one preamble: sys.path, --json


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--million", action="store_true", help="also grow to 1M articles")
    parser.add_argument("--queries", type=int, default=100, help="queries per class")
    parser.add_argument("--rank-window", type=int, default=5000, help="matches ranked at most")
    parser.add_argument("--base", type=int, default=100_000, help="first size (default 100k)")
    parser.add_argument(
        "--db",
        type=Path,
        help="SQLite file to use and keep; sizes it already holds are not rebuilt",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dump", type=Path, help="write each query's top 10 article ids here")
    parser.add_argument(
        "--against", type=Path, help="a --dump of another run: print each class's top-10 overlap"
    )
    return parser.parse_args()


ARGS = parse_args()
TMP = Path(tempfile.mkdtemp(prefix="bench-search-"))
DB = ARGS.db.resolve() if ARGS.db else TMP / "bench.sqlite3"
os.environ.update(DATABASE_URL=f"sqlite:///{DB}", BROADSHEET_DATA_DIR=str(TMP), LOG_LEVEL="WARNING")

import django  # noqa: E402
from django.conf import settings  # noqa: E402

import broadsheet.settings as project_settings  # noqa: E402

# The project's settings, with the search app installed whether or not settings.py lists it yet.
_values = {
    name: getattr(project_settings, name) for name in dir(project_settings) if name.isupper()
}
if "broadsheet.search" not in _values["INSTALLED_APPS"]:
    _values["INSTALLED_APPS"] = [*_values["INSTALLED_APPS"], "broadsheet.search"]
settings.configure(**_values)
django.setup()

from _synthetic import ZIPF_EXPONENT, Corpus, load_corpus  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from broadsheet.articles.models import Article  # noqa: E402
from broadsheet.search import SearchQuery, get_backend  # noqa: E402
from broadsheet.sources.models import Source  # noqa: E402

START = datetime(2022, 1, 1, tzinfo=UTC)
SOURCES = 50
BATCH = 5_000


def generate_rows(corpus: Corpus, first: int, count: int, rng: random.Random):
    """Article rows for ids first..first+count-1, for a bulk INSERT."""
    lengths = [min(700, max(60, int(rng.gauss(260, 90)))) for _ in range(count)]
    title_lengths = [rng.randint(6, 12) for _ in range(count)]
    drawn = rng.choices(
        corpus.words, cum_weights=corpus.cumulative, k=sum(lengths) + sum(title_lengths)
    )
    stream = corpus.stream
    adapt = connection.ops.adapt_datetimefield_value
    position = 0
    for n in range(count):
        article_id = first + n
        title_words = drawn[position : position + title_lengths[n]]
        position += title_lengths[n]
        body_words = drawn[position : position + lengths[n]]
        position += lengths[n]
        for _ in range(3):  # real phrases: short windows of Wikinews text
            start = rng.randrange(len(stream) - 8)
            at = rng.randrange(len(body_words))
            body_words[at:at] = stream[start : start + rng.randint(2, 6)]
        paragraphs = [" ".join(body_words[i : i + 60]) for i in range(0, len(body_words), 60)]
        published = START + timedelta(seconds=article_id * 60 + rng.randrange(-3600, 3600))
        when = adapt(published)
        language = "en" if n % 20 < 17 else ("fr" if n % 20 < 19 else "de")
        yield (
            article_id, f"b{article_id:014x}", f"https://bench.example/{article_id}",
            " ".join(title_words).capitalize(), "", "", "\n\n".join(paragraphs), "ok", language,
            "", len(body_words), when, None, when, when, None, 1 + article_id % SOURCES,
            *DEFAULTS,
        )  # fmt: skip


COLUMNS = [
    "id",
    "public_id",
    "url",
    "title",
    "author",
    "summary",
    "body",
    "status",
    "language",
    "image_url",
    "word_count",
    "published_at",
    "updated_at",
    "fetched_at",
    "created_at",
    "feed_id",
    "source_id",
]


def _defaulted_columns() -> tuple[list[str], list[object]]:
    """Other NOT NULL columns of the article table with their model defaults (added later)."""
    names, values = [], []
    for field in Article._meta.concrete_fields:
        if field.column in COLUMNS or field.null:
            continue
        if not field.has_default() and not field.empty_strings_allowed:
            continue  # (a CharField without a default defaults to "")
        names.append(field.column)
        values.append(field.get_db_prep_save(field.get_default(), connection))
    return names, values


EXTRA_COLUMNS, DEFAULTS = _defaulted_columns()
INSERT = (
    f"INSERT INTO articles_article ({', '.join(COLUMNS + EXTRA_COLUMNS)}) "
    f"VALUES ({', '.join(['%s'] * (len(COLUMNS) + len(EXTRA_COLUMNS)))})"
)


def grow(corpus: Corpus, *, first: int, count: int, seed: int) -> tuple[float, float]:
    """Store `count` articles with bulk SQL, then index them with the product's index_articles."""
    rng = random.Random(seed)
    store_seconds = index_seconds = 0.0
    backend = get_backend()
    for start in range(first, first + count, BATCH):
        size = min(BATCH, first + count - start)
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(INSERT, generate_rows(corpus, start, size, rng))
        store_seconds += time.perf_counter() - started
        started = time.perf_counter()
        backend.index_articles(range(start, start + size))
        index_seconds += time.perf_counter() - started
        done = start + size - first
        if done % 100_000 == 0:
            print(f"  ... {first + done - 1:,} articles", flush=True)
    return store_seconds, index_seconds


def query_classes(corpus: Corpus, rng: random.Random, n: int) -> dict[str, list[str]]:
    """Query texts by class: 1-3 words, common/mid/rare, phrases, prefixes."""
    common = corpus.words[:100]
    mid = corpus.words[300:5000]
    rare = corpus.words[corpus.real_types + 20_000 : corpus.real_types + 120_000]
    stream = corpus.stream

    def real_phrase(size: int) -> str:
        while True:
            start = rng.randrange(len(stream) - size)
            words = stream[start : start + size]
            if any(w not in common[:30] for w in words):
                return '"' + " ".join(words) + '"'

    def pick(words: list[str], k: int) -> str:
        return " ".join(rng.sample(words, k))

    prefixes = [w[: rng.choice((3, 4))] + "*" for w in mid if len(w) >= 5]
    return {
        "1 word, common": [pick(common, 1) for _ in range(n)],
        "1 word, mid": [pick(mid, 1) for _ in range(n)],
        "1 word, rare": [pick(rare, 1) for _ in range(n)],
        "2 words, common": [pick(common, 2) for _ in range(n)],
        "2 words, mid": [pick(mid, 2) for _ in range(n)],
        "2 words, common+rare": [f"{pick(common, 1)} {pick(rare, 1)}" for _ in range(n)],
        "3 words, common": [pick(common, 3) for _ in range(n)],
        "3 words, mixed": [f"{pick(common, 1)} {pick(mid, 1)} {pick(rare, 1)}" for _ in range(n)],
        "phrase, 2 real words": [real_phrase(2) for _ in range(n)],
        "phrase, 3 real words": [real_phrase(3) for _ in range(n)],
        "phrase, 2 common words": ['"' + pick(common[:40], 2) + '"' for _ in range(n)],
        "prefix, 3-4 chars": [rng.choice(prefixes) for _ in range(n)],
        "word + exclusion": [f"{pick(mid, 1)} -{pick(common, 1)}" for _ in range(n)],
        # Last, so the classes above keep their queries: a word excluded from nearly every
        # article leaves few hits, the case FTS5's NOT read the whole index for.
        "word - top-10 word": [f"{pick(mid, 1)} -{pick(common[:10], 1)}" for _ in range(n)],
    }


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def measure(
    classes: dict[str, list[str]], *, rank_window: int, newest: datetime
) -> dict[str, list[list[int]]]:
    """Run every query through the backend's search(), print p50/p99 per class; the top 10s."""
    backend = type(get_backend())(rank_window=rank_window)
    classes = {
        **classes,
        "1 word mid + source": classes["1 word, mid"],
        "1 word common + last 7 days": classes["1 word, common"],
    }
    filters = {
        "1 word mid + source": {"source_slug": "source-7"},
        "1 word common + last 7 days": {"since": newest - timedelta(days=7)},
    }
    for text in classes["1 word, mid"][:20]:  # warm the page cache
        backend.search(SearchQuery(text))
    # Wall time is what a reader waits; CPU time (this thread, SQLite included) is what the
    # query costs, and the figure to trust when other jobs share the machine's cores.
    print(
        f"  {'query class':30} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'CPU p50':>8} "
        f"{'CPU p99':>8} {'median total':>13}"
    )
    core: list[float] = []
    core_cpu: list[float] = []
    tops: dict[str, list[list[int]]] = {}
    for name, texts in classes.items():
        timings, cpu, totals = [], [], []
        for text in texts:
            started, started_cpu = time.perf_counter(), time.thread_time()
            results = backend.search(SearchQuery(text, **filters.get(name, {})))
            cpu.append((time.thread_time() - started_cpu) * 1000)
            timings.append((time.perf_counter() - started) * 1000)
            totals.append(results.total)
            tops.setdefault(name, []).append([hit.article_id for hit in results.hits[:10]])
        if name[0].isdigit():
            core += timings
            core_cpu += cpu
        print(
            f"  {name:30} {percentile(timings, 0.5):8.2f} {percentile(timings, 0.99):8.2f} "
            f"{max(timings):8.2f} {percentile(cpu, 0.5):8.2f} {percentile(cpu, 0.99):8.2f} "
            f"{statistics.median(totals):>13,.0f}"
        )
    print(
        f"  {'all 1-3 word queries':30} {percentile(core, 0.5):8.2f} "
        f"{percentile(core, 0.99):8.2f} {max(core):8.2f} {percentile(core_cpu, 0.5):8.2f} "
        f"{percentile(core_cpu, 0.99):8.2f}"
    )
    return tops


def compare_tops(tops: dict[str, list[list[int]]], path: Path) -> None:
    """Per class: the share of the other run's top-10 hits this run also has in its top 10,
    and the share of queries whose top 10 is the same list."""
    other = json.loads(path.read_text())
    print(f"  {'top-10 overlap with ' + path.name:44} {'hits kept':>9} {'same list':>9}")
    for name, lists in tops.items():
        pairs = list(zip(lists, other.get(name, []), strict=False))
        kept = [len(set(a) & set(b)) / len(b) if b else float(not a) for a, b in pairs]
        same = [a == b for a, b in pairs]
        if pairs:
            print(f"  {name:44} {statistics.mean(kept):9.1%} {statistics.mean(same):9.1%}")


def main() -> None:
    try:
        run(ARGS)
    finally:
        shutil.rmtree(TMP, ignore_errors=True)


def run(args: argparse.Namespace) -> None:
    """Build each size in turn and measure it."""
    call_command("migrate", verbosity=0)
    if not Source.objects.exists():
        Source.objects.bulk_create(
            Source(name=f"Source {n}", slug=f"source-{n}") for n in range(1, SOURCES + 1)
        )
    corpus = load_corpus(args.seed)
    print(
        f"vocabulary: {corpus.real_types:,} Wikinews words + made-up tail = "
        f"{len(corpus.words):,} types, Zipf s={ZIPF_EXPONENT}; SQLite file {DB}"
    )
    classes = query_classes(corpus, random.Random(args.seed), args.queries)
    have = Article.objects.count()
    sizes = [args.base, 1_000_000] if args.million else [args.base]
    for size in sizes:
        if have < size:
            store, index = grow(corpus, first=have + 1, count=size - have, seed=args.seed + size)
            added, have = size - have, size
            megabytes = sum(f.stat().st_size for f in DB.parent.glob(DB.name + "*")) / 1e6
            print(
                f"{size:,} articles: stored {added:,} in {store:.0f} s (bulk SQL), indexed in "
                f"{index:.0f} s = {added / index:,.0f} articles/s (index_articles); "
                f"file {megabytes:,.0f} MB"
            )
        elif have > size and size != sizes[-1]:
            continue
        else:  # (a file that grew past the last size, e.g. by bench/memory's demo, is measured)
            print(f"{have:,} articles already in {DB}")
        newest = Article.objects.order_by("-published_at").values_list("published_at", flat=True)[0]
        tops = measure(classes, rank_window=args.rank_window, newest=newest)
        if args.dump:
            args.dump.write_text(json.dumps(tops))
        if args.against:
            compare_tops(tops, args.against)


if __name__ == "__main__":
    main()
