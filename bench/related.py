"""Related articles at scale: another version's function beside this one's, in one process.

Run: nice .venv/bin/python bench/related.py [DIR] [--count 200] [--repeats 5] [--against FILE]

DIR holds a `bench/bulk.py` database (its migrations are brought up to date first: the kept
lists' tables, empty); without DIR, `bench/bulk.py --size 20000` builds one in a temporary
directory, removed at the end (`make bench`). For `--count` articles spread evenly over the
ids, as the article page calls it (entity and topic ids loaded first), CPU ms, best of
`--repeats`:

- `counted`: this version's related_articles with no kept list (it counts, then keeps one):
  an article's first view, or the first after a write that touches its list;
- `kept`: the same call again, reading the kept list: every later view;
- with `--against FILE` (another version's stories/queries.py, e.g. `git show
  main:broadsheet/stories/queries.py > /tmp/main_queries.py`), that version's function on
  the same articles, and whether all three give the same articles in the same order. (Only
  the file is another version's: run from this tree, the rest of the code is this tree's,
  as bench/_harness puts it first on sys.path.)

Prints p50, p99 and max of each, then the kept lists' rows and the file's growth.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import api  # bench/api.py: configure() points Django at DIR/bench.sqlite3


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "dir", type=Path, nargs="?", help="directory holding bench.sqlite3 (else 20k built)"
    )
    parser.add_argument("--count", type=int, default=200, help="articles timed")
    parser.add_argument("--repeats", type=int, default=5, help="calls per figure (best kept)")
    parser.add_argument("--against", type=Path, help="another version's stories/queries.py")
    return parser.parse_args()


def load_module(path: Path) -> ModuleType:
    """Another version's queries module, imported under a name of its own."""
    spec = importlib.util.spec_from_file_location("other_queries", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def best_ms(call: Callable[[], list[int]], repeats: int, before: Callable[[], None]) -> float:
    """The least CPU ms of `repeats` calls, `before` run (untimed) ahead of each."""
    times = []
    for _ in range(repeats):
        before()
        started = time.process_time()
        call()
        times.append((time.process_time() - started) * 1000)
    return min(times)


def figures(name: str, times: list[float]) -> str:
    cuts = statistics.quantiles(times, n=100)
    return f"{name:<10} p50 {cuts[49]:6.1f}   p99 {cuts[98]:6.1f}   max {max(times):6.1f}"


def main() -> int:
    args = parse_args()
    if args.dir is not None:
        return measure(args)
    args.dir = Path(tempfile.mkdtemp(prefix="bench-related-"))
    try:
        bulk = [sys.executable, str(Path(__file__).with_name("bulk.py")), str(args.dir)]
        subprocess.run([*bulk, "--size", "20000"], check=True, stdout=subprocess.DEVNULL)
        return measure(args)
    finally:
        shutil.rmtree(args.dir, ignore_errors=True)


def measure(args: argparse.Namespace) -> int:
    """Time the articles of the database in args.dir (see the module docstring)."""
    api.configure(args.dir)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from broadsheet.articles.models import Article
    from broadsheet.articles.queries import article_entities, article_topics
    from broadsheet.stories import queries
    from broadsheet.stories.models import RelatedList

    other = load_module(args.against) if args.against else None
    top = Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    size = (args.dir / "bench.sqlite3").stat().st_size
    times: dict[str, list[float]] = {"counted": [], "kept": [], "against": []}
    same = found = 0
    for n in range(args.count):
        article = Article.objects.filter(pk__gte=1 + n * top // args.count).order_by("pk").first()
        assert article is not None
        ids = {
            "entity_ids": [e.pk for e in article_entities(article)],
            "topic_ids": [t.pk for t in article_topics(article)],
        }

        def branch(ids: dict[str, list[int]] = ids, article: Article = article) -> list[int]:
            return [a.pk for a in queries.related_articles(article, **ids)]

        def forget(article: Article = article) -> None:
            RelatedList.objects.filter(article_id=article.pk).delete()

        times["counted"].append(best_ms(branch, args.repeats, forget))
        times["kept"].append(best_ms(branch, args.repeats, lambda: None))
        answers = [branch()]
        if other is not None:

            def theirs(ids: dict[str, list[int]] = ids, article: Article = article) -> list[int]:
                return [a.pk for a in other.related_articles(article, **ids)]

            times["against"].append(best_ms(theirs, args.repeats, lambda: None))
            answers.append(theirs())
            forget()
            answers.append(branch())
        same += all(answer == answers[0] for answer in answers)
        found += len(answers[0])
    print(f"{args.count} articles of {top:,}, CPU ms, best of {args.repeats} each:")
    for name, spent in times.items():
        if spent:
            print(figures(name, spent))
    if other is not None:
        print(f"same related, same order (kept, against, counted): {same} of {args.count}")
    grown = (args.dir / "bench.sqlite3").stat().st_size - size
    print(f"{found / args.count:.1f} related each; {RelatedList.objects.count():,} kept lists; "
          f"file grew {grown / 1e6:.1f} MB")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
