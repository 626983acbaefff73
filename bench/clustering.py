"""Story clustering benchmark: quality on the shared story sets, then cost at scale.

Quality: runs broadsheet.clustering.cluster_articles on ecbplus-stories-dev (file order, and
shuffled orders to show robustness) and uci-news-aggregator-prefix (timestamp order), scored
with ../shared/tools/cluster_eval.py (imported, not copied): B-cubed P/R/F1, pairwise F1,
clusters found and milliseconds per document.

Near-copies: runs bench/nearcopy.py (planted republications: recall, precision, speed).

Scale: streams synthetic articles in time order (words drawn from the bundled Wikinews demo
corpus, with planted stories), each size in a fresh process, and prints the time per
assignment (clustering and near-copy lookup) and the peak memory of the process.

    .venv/bin/python bench/clustering.py                 # quality + scale at 10k and 100k
    .venv/bin/python bench/clustering.py --million       # also 1M (~30 min of CPU, more when busy)
    .venv/bin/python bench/clustering.py --skip-scale    # quality and near-copies only
    .venv/bin/python bench/clustering.py --errors        # where the dev halves lose B-cubed
"""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import json
import random
import re
import resource
import subprocess
import sys
import time
from array import array
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType

from _harness import ROOT  # noqa: E402 - the one preamble: sys.path, --json

CORPUS = ROOT / "broadsheet" / "demo" / "corpus"

from _cluster_sets import (  # noqa: E402
    ECB,
    SHARED,
    UCI,
    ecb_in_file_order,
    half_of,
    load_scorer,
    print_halves,
    shuffled,
)

from broadsheet.clustering import (  # noqa: E402
    ClusterConfig,
    Doc,
    NearCopyIndex,
    StoryClusterer,
    cluster_articles,
)
from broadsheet.demo.catalog import DemoArticle  # noqa: E402
from broadsheet.demo.story_check import (  # noqa: E402
    check_demo_stories,
    demo_docs,
    load_labelled_pairs,
    served_docs,
)


def score_run(
    scorer: ModuleType,
    name: str,
    docs: list[dict],
    gold: list[str],
    config: ClusterConfig | None = None,
) -> dict:
    """Cluster `docs` in order, print and return the scores."""
    inputs = [Doc(**d) for d in docs]
    started = time.perf_counter()
    labels = [str(x) for x in cluster_articles(inputs, config)]
    elapsed = time.perf_counter() - started
    bp, br, bf = scorer.bcubed(labels, gold)
    _, _, pf = scorer.pairwise(labels, gold)
    ms = 1000 * elapsed / len(docs)
    print(
        f"{name:<34} B3 P={bp:.3f} R={br:.3f} F1={bf:.3f} | pairwise F1={pf:.3f} | "
        f"{len(set(labels)):>4} clusters / {len(set(gold))} gold | {ms:.2f} ms/doc"
    )
    return {"name": name, "bcubed_f1": bf, "precision": bp, "recall": br, "pairwise_f1": pf}


def run_quality(shuffles: int, config: ClusterConfig | None = None) -> list[dict]:
    """Score both story sets; ECB+ in file order and in `shuffles` shuffled orders."""
    if not (ECB.is_dir() and UCI.is_dir()):
        print(f"datasets not found under {SHARED / 'datasets'}; skipping quality")
        return []
    scorer = load_scorer()
    results = []
    docs, gold = ecb_in_file_order()
    results.append(score_run(scorer, "ecbplus-stories-dev (file order)", docs, gold, config))
    shuffled_f1 = []
    for seed in range(shuffles):
        # Seed 0 with Python's shuffle is the order cluster_eval.py presents.
        sdocs, sgold = shuffled(docs, gold, seed)
        res = score_run(scorer, f"ecbplus-stories-dev (shuffle {seed})", sdocs, sgold, config)
        shuffled_f1.append(res["bcubed_f1"])
        results.append(res)
    if shuffled_f1:
        print(
            f"{'':<34} shuffled B3 F1: mean {sum(shuffled_f1) / len(shuffled_f1):.3f}, "
            f"min {min(shuffled_f1):.3f}, max {max(shuffled_f1):.3f}"
        )
    # The README of ECB+ suggests unrelated articles as distractors: each is its own story.
    distractors = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        for line in path.open(encoding="utf-8"):
            if line.strip():
                record = json.loads(line)
                distractors.append(
                    {
                        "title": record["title"],
                        "text": record["text"],
                        "source": "Wikinews",
                        "url": record["url"],
                        "published_at": None,
                        "language": "en",
                    }
                )
    mixed, mixed_gold = shuffled(
        docs + distractors, gold + [f"distractor-{n}" for n in range(len(distractors))], 0
    )
    results.append(score_run(scorer, "ecbplus + wikinews distractors", mixed, mixed_gold, config))
    udocs, ugold = scorer.load_dataset(UCI)
    results.append(score_run(scorer, "uci-news-aggregator-prefix (time)", udocs, ugold, config))
    return results


def run_demo(*, show_pairs: bool = True, config: ClusterConfig | None = None) -> dict:
    """The bundled demo corpus clustered with its true dates, pairs checked against the
    hand-labelled ones; then as the demo publishers serve it (the newest 200 first, then the
    rest from the oldest, with the dates they show); then squeezed into three days (the old
    re-dating)."""
    items = demo_docs()
    articles = [article for article, _ in items]
    labelled = load_labelled_pairs()
    titles = {article.corpus_id: article for article in articles}
    squeeze = timedelta(days=3) / len(items)
    end = articles[-1].original_published
    runs = {
        "demo corpus, true dates": items,
        "demo as served (release order)": served_docs(),
        "demo corpus, squeezed into 3 days": [
            (article, replace(doc, published_at=end - squeeze * (len(items) - n)))
            for n, (article, doc) in enumerate(items)
        ],
    }
    result: dict = {}
    for name, run in runs.items():
        started = time.perf_counter()
        labels = cluster_articles([doc for _, doc in run], config)
        check = check_demo_stories([article for article, _ in run], labels, labelled)
        ms = 1000 * (time.perf_counter() - started) / len(run)
        print(
            f"{name:<34} pairwise P={check.precision:.3f} ({check.right}/{check.pairs} pairs) | "
            f"{check.stories} stories of 2+ | {len(check.wide_stories)} spanning > 14 days | "
            f"{ms:.2f} ms/doc"
        )
        result.setdefault("precision", check.precision)
        result.setdefault("wide", len(check.wide_stories))
        if name.startswith("demo as served"):
            result["served precision"] = check.precision
            result["served wide"] = len(check.wide_stories)
        if show_pairs and not name.endswith("3 days"):
            # Whole headlines and the start of the lead: what a hand labeller needs to judge.
            for one, other in check.wrong_pairs:
                print("    wrong:", "\n       + ".join(_pair_line(titles[k]) for k in (one, other)))
    return result


def _pair_line(article: DemoArticle) -> str:
    lead = article.paragraphs[0][:110] if article.paragraphs else ""
    return f"{article.original_published:%Y-%m-%d} {article.title}\n           {lead}..."


# -- synthetic stream --------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+|\d+")


class Vocabulary:
    """Words of the demo corpus with their frequencies, for drawing synthetic text."""

    def __init__(self) -> None:
        counts: Counter[str] = Counter()
        for path in sorted(CORPUS.glob("*.jsonl")):
            for line in path.open(encoding="utf-8"):
                if line.strip():
                    record = json.loads(line)
                    counts.update(_WORD.findall(f"{record['title']} {record['text']}"))
        self.words = [w for w, _ in counts.most_common()]
        self.cumulative = list(itertools.accumulate(c for _, c in counts.most_common()))
        # Names and rare words make a story recognisable, as in real coverage.
        self.names = [w for w in self.words if w[0].isupper() and counts[w] <= 30]
        self.rare = [w for w in self.words if w.islower() and 2 <= counts[w] <= 20]

    def draw(self, rng: random.Random, k: int) -> list[str]:
        """`k` words drawn with corpus frequencies."""
        return rng.choices(self.words, cum_weights=self.cumulative, k=k)


def synthetic_stream(
    n: int, *, seed: int = 0, per_day: int = 10_000
) -> Iterator[tuple[str, Doc, int]]:
    """`n` (key, doc, planted story) in time order: stories of 1-40 articles over 1-3 days."""
    rng = random.Random(seed)
    vocab = Vocabulary()
    start = datetime(2024, 1, 1, tzinfo=UTC)
    step = timedelta(days=1) / per_day
    active: list[tuple[int, list[str], datetime]] = []  # (story, its words, its end)
    next_story = 0
    for i in range(n):
        now = start + i * step
        active = [s for s in active if s[2] > now]
        # Keep about 3% of a day's articles as open stories; a few articles stand alone.
        if len(active) < per_day * 0.03 or rng.random() < 0.15:
            words = rng.sample(vocab.names, 6) + rng.sample(vocab.rare, 10)
            life = timedelta(hours=rng.uniform(12, 72))
            active.append((next_story, words, now + life))
            next_story += 1
            story = active[-1]
        else:
            story = active[rng.randrange(len(active))]
        sid, words, _ = story
        title = " ".join(rng.choices(words, k=4) + vocab.draw(rng, 4))
        body_words = vocab.draw(rng, 160) + rng.choices(words, k=40)
        rng.shuffle(body_words)
        body = ". ".join(
            " ".join(body_words[j : j + 20]).capitalize() for j in range(0, len(body_words), 20)
        )
        doc = Doc(title=title, text=body, source=f"pub{rng.randrange(300)}", published_at=now)
        yield f"a{i}", doc, sid


def percentile(values: array, fraction: float) -> float:
    """The `fraction` quantile of `values` (nearest rank)."""
    ordered = sorted(values)
    return ordered[int(fraction * (len(ordered) - 1))] if ordered else 0.0


def resident_megabytes() -> float:
    """Resident set of this process now (Linux /proc), 0 where unavailable."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * resource.getpagesize() / 2**20


def run_scale_one(n: int, *, with_nearcopy: bool = True) -> dict:
    """Stream `n` synthetic articles through the clusterer and a near-copy index; measure.

    Times are CPU time of this thread (the machine is shared, wall time is noisy) and wall
    time; memory is the peak resident set of this process.
    """
    config = ClusterConfig()
    clusterer = StoryClusterer(config)
    nearcopy = NearCopyIndex(window=config.max_docs) if with_nearcopy else None
    cpu = time.thread_time
    wall = time.perf_counter
    cluster_cpu = copy_cpu = cluster_wall = 0.0
    # Every assignment's CPU and wall time, as 4-byte floats (8 MB at 1M): medians and p99 need
    # them all. CPU time is the figure to trust on a shared machine: wall time counts the waits.
    every_cpu = array("f")
    every_wall = array("f")
    tenth = max(1, n // 10)
    by_tenth: list[float] = []
    mark = 0.0
    for i, (key, doc, _) in enumerate(synthetic_stream(n)):
        w0, c0 = wall(), cpu()
        clusterer.add(doc, key=key)
        c1, w1 = cpu(), wall()
        if nearcopy is not None:
            nearcopy.add(key, doc.text)
        c2 = cpu()
        cluster_cpu += c1 - c0
        copy_cpu += c2 - c1
        cluster_wall += w1 - w0
        every_cpu.append(c1 - c0)
        every_wall.append(w1 - w0)
        if (i + 1) % tenth == 0:
            by_tenth.append(round(1000 * (cluster_cpu - mark) / tenth, 3))
            mark = cluster_cpu
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(
                f"{i + 1} articles: {by_tenth[-1]} ms CPU, peak {rss:.0f} MB",
                file=sys.stderr,
                flush=True,
            )
    return {
        "articles": n,
        "median_cpu_ms": 1000 * percentile(every_cpu, 0.5),
        "p99_cpu_ms": 1000 * percentile(every_cpu, 0.99),
        "median_wall_ms": 1000 * percentile(every_wall, 0.5),
        "p99_wall_ms": 1000 * percentile(every_wall, 0.99),
        "resident_mb": resident_megabytes(),
        "cluster_cpu_ms": 1000 * cluster_cpu / n,
        "cluster_wall_ms": 1000 * cluster_wall / n,
        "nearcopy_cpu_ms": 1000 * copy_cpu / n if nearcopy is not None else None,
        "cluster_cpu_ms_by_tenth": by_tenth,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "live_articles": clusterer.live_articles,
        "live_stories": clusterer.live_stories,
        "nearcopy_indexed": len(nearcopy) if nearcopy is not None else None,
    }


def purity_check(n: int) -> None:
    """B-cubed F1 of the clusterer against the planted stories of a synthetic stream."""
    scorer = load_scorer() if (SHARED / "tools" / "cluster_eval.py").is_file() else None
    if scorer is None:
        return
    stream = list(synthetic_stream(n, seed=1))
    labels = [str(x) for x in cluster_articles([doc for _, doc, _ in stream])]
    gold = [str(sid) for _, _, sid in stream]
    bp, br, bf = scorer.bcubed(labels, gold)
    print(f"synthetic planted stories, {n} articles: B3 P={bp:.3f} R={br:.3f} F1={bf:.3f}")


# The near-copy index is timed up to this size (bench/nearcopy.py measures it on its own).
NEARCOPY_UP_TO = 100_000


def run_scale(sizes: list[int]) -> list[dict]:
    """Each size in a fresh interpreter, so peak memory is that run's own."""
    results = []
    print(
        "per assignment: CPU ms (median, p99, mean), wall ms (median, p99); near-copy CPU ms; "
        "peak and resident MB at the end"
    )
    print(
        f"{'articles':>9} {'CPU p50':>7} {'CPU p99':>7} {'CPU mean':>8} {'wall p50':>8} "
        f"{'wall p99':>8} {'near-copy':>9} {'peak MB':>7} {'resid. MB':>9} {'live art.':>9} "
        f"{'stories':>7}  mean CPU ms by tenth of the stream"
    )
    for n in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--scale-one", str(n)]
            + (["--no-nearcopy"] if n > NEARCOPY_UP_TO else []),
            check=True,
            stdout=subprocess.PIPE,  # progress by tenth goes to stderr as it runs
            text=True,
        ).stdout
        res = json.loads(out.strip().splitlines()[-1])
        results.append(res)
        copy_ms = "-" if res["nearcopy_cpu_ms"] is None else f"{res['nearcopy_cpu_ms']:.3f}"
        print(
            f"{n:>9} {res['median_cpu_ms']:>7.3f} {res['p99_cpu_ms']:>7.3f} "
            f"{res['cluster_cpu_ms']:>8.3f} {res['median_wall_ms']:>8.3f} "
            f"{res['p99_wall_ms']:>8.2f} {copy_ms:>9} {res['peak_rss_mb']:>7.0f} "
            f"{res['resident_mb']:>9.0f} {res['live_articles']:>9} {res['live_stories']:>7}  "
            f"{res['cluster_cpu_ms_by_tenth']}",
            flush=True,
        )
    if len(results) > 1:
        first, last = results[0], results[-1]
        print(
            f"per article at {last['articles']} / at {first['articles']}: median CPU "
            f"{last['median_cpu_ms'] / first['median_cpu_ms']:.2f}x, mean CPU "
            f"{last['cluster_cpu_ms'] / first['cluster_cpu_ms']:.2f}x (target: within 2x)"
        )
    return results


def print_summary(results: list[dict], demo: dict) -> None:
    """ECB+, UCI and the demo corpus side by side, against the targets of issue 16."""
    by_name = {r["name"]: r["bcubed_f1"] for r in results}
    shuffles = [r["bcubed_f1"] for r in results if "shuffle" in r["name"]]
    ecb = by_name.get("ecbplus-stories-dev (file order)")
    uci = by_name.get("uci-news-aggregator-prefix (time)")

    def fmt(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.3f}"

    print("\nside by side (target):")
    print(f"  ECB+ dev B3 F1, file order      {fmt(ecb)}  (>= 0.94)")
    if shuffles:
        print(f"  ECB+ dev B3 F1, shuffled mean   {sum(shuffles) / len(shuffles):.3f}"
              f"  min {min(shuffles):.3f}")  # fmt: skip
    print(f"  UCI dev B3 F1                   {fmt(uci)}  (>= 0.90)")
    print(f"  demo corpus pairwise precision  {demo['precision']:.3f}  (>= 0.98)")
    print(f"  demo stories spanning > 14 days {demo['wide']}  (0)")
    print(f"  demo as served: precision       {demo['served precision']:.3f}"
          f"  ({demo['served wide']} spanning > 14 days)")  # fmt: skip


def run_rebuild(n: int, rounds: int = 3) -> None:
    """What a restart costs: re-deciding a window of `n` stored articles (add) against
    putting them back in their stored stories (restore), side by side, median of `rounds`."""
    stream = list(synthetic_stream(n, seed=1))
    labels: list[int] = []
    first = StoryClusterer()
    for key, doc, _ in stream:
        labels.append(first.add(doc, key=key).story)
    timings: dict[str, list[float]] = {"add (re-cluster)": [], "restore (stored stories)": []}
    for _ in range(rounds):
        clusterer = StoryClusterer()
        started = time.perf_counter()
        for key, doc, _ in stream:
            clusterer.add(doc, key=key)
        timings["add (re-cluster)"].append(time.perf_counter() - started)
        clusterer = StoryClusterer()
        started = time.perf_counter()
        for (key, doc, _), label in zip(stream, labels, strict=True):
            clusterer.restore(doc, key=key, story=label)
        timings["restore (stored stories)"].append(time.perf_counter() - started)
    print(f"\ndesk rebuild, {n:,} synthetic articles (median of {rounds}):")
    medians = {name: sorted(values)[len(values) // 2] for name, values in timings.items()}
    for name, seconds in medians.items():
        print(f"  {name:26s} {seconds:6.2f} s  {seconds / n * 1e3:.3f} ms/article")
    ratio = medians["add (re-cluster)"] / medians["restore (stored stories)"]
    print(f"  restore is {ratio:.1f}x faster")


def run_restart(n: int, rounds: int = 3, keep: str | None = None) -> None:
    """A restart of the story desk (clusterer + near-copy index) holding `n` articles: rebuilt
    by replaying them into their stored stories, or restored from its snapshot's bytes
    (stories/desk_pickle.py, as stories/snapshot.py writes and reads them). `keep`: a file
    to write the built desk to, or to read it from if it exists (format work, restore only)."""
    from broadsheet.stories.desk import Stored, StoryDesk
    from broadsheet.stories.desk_pickle import _Unpickler, desk_from_bytes, desk_to_bytes

    stream = list(synthetic_stream(n, seed=1))
    kept = Path(keep) if keep else None
    if kept is not None and kept.exists():  # a desk built before: restore figures only
        desk, stored = desk_from_bytes(kept.read_bytes()), []
        print(f"desk read from {kept} (no replay timed)")
    else:
        desk, stored = StoryDesk(), []
        for key, doc, _ in stream:
            label = desk.place(key, doc).label
            desk.bind(label, label + 1)  # story ids as the database would hold them
            stored.append(Stored(key, doc, label + 1))
        desk.loaded = True
        if kept is not None:
            kept.write_bytes(desk_to_bytes(desk))
    timings: dict[str, list[tuple[float, float]]] = {"replay (rebuild)": [], "snapshot save": [],
                                                     "snapshot restore": [],
                                                     "restore, collector on": []}  # fmt: skip
    data = b""
    for round_ in range(rounds):
        if stored and (round_ == 0 or n <= 5_000):  # a 20k replay is long: once is enough
            with _timed(timings["replay (rebuild)"]):
                StoryDesk().replay(stored)
        with _timed(timings["snapshot save"]):
            data = desk_to_bytes(desk)
        with _timed(timings["snapshot restore"]):
            restored = desk_from_bytes(data)
        with _timed(timings["restore, collector on"]):  # as before the collector was paused
            _Unpickler(io.BytesIO(data)).load()
        assert restored.knows(stream[-1][0])
    print(f"\ndesk restart, {n:,} synthetic articles with near-copy index (median of {rounds}):")
    print(f"  {'':26s} {'wall s':>7} {'CPU s':>7}")
    for name, values in timings.items():
        if not values:
            continue
        wall = sorted(v[0] for v in values)[len(values) // 2]
        cpu = sorted(v[1] for v in values)[len(values) // 2]
        print(f"  {name:26s} {wall:7.2f} {cpu:7.2f}")
    print(f"  snapshot size              {len(data) / 1e6:7.1f} MB")


@contextlib.contextmanager
def _timed(into: list[tuple[float, float]]) -> Iterator[None]:
    """Append (wall, CPU) seconds of the block: on a shared host CPU is the figure that holds."""
    wall, cpu = time.perf_counter(), time.process_time()
    yield
    into.append((time.perf_counter() - wall, time.process_time() - cpu))


def run_nearcopy(background: int) -> None:
    """Near-copy recall, precision and speed: bench/nearcopy.py, its output printed as it runs."""
    print(f"\nnear-copies (bench/nearcopy.py --background {background}):", flush=True)
    script = Path(__file__).with_name("nearcopy.py")
    subprocess.run([sys.executable, str(script), "--background", str(background)], check=True)
    print(flush=True)


def run_errors(config: ClusterConfig | None = None) -> None:
    """Where the dev halves of ECB+ and UCI lose B-cubed precision and recall
    (_cluster_errors), each half clustered on its own as in run_halves. The held-aside
    halves are never listed: only their totals are looked at."""
    from _cluster_errors import print_errors

    scorer = load_scorer()
    docs, gold = ecb_in_file_order()
    udocs, ugold = scorer.load_dataset(UCI)
    sets = [
        ("ECB+ dev half (file order)", docs, gold, lambda g: g.split("_")[0]),
        ("UCI dev half", udocs, ugold, lambda g: g),
    ]
    for name, all_docs, all_gold, unit in sets:
        keep = [i for i, g in enumerate(all_gold) if half_of(unit(g)) == "dev"]
        sdocs = [all_docs[i] for i in keep]
        sgold = [all_gold[i] for i in keep]
        labels = [str(x) for x in cluster_articles([Doc(**d) for d in sdocs], config)]
        print_errors(name, [d["title"] for d in sdocs], sgold, labels)


def configured(settings: list[str]) -> ClusterConfig:
    """ClusterConfig with `FIELD=VALUE` overrides (numbers, switches as 1 / 0, durations in
    hours; `vectors.FIELD` for VectorConfig),
    for trying a setting on all sets."""
    config = ClusterConfig()
    for setting in settings:
        name, _, value = setting.partition("=")
        if name.startswith("vectors."):  # a VectorConfig field
            field = name.removeprefix("vectors.")
            current = getattr(config.vectors, field)
            vectors = replace(config.vectors, **{field: type(current)(value)})
            config = replace(config, vectors=vectors)
            continue
        current = getattr(config, name)
        if isinstance(current, bool):  # 1 / 0, true / false, on / off
            config = replace(config, **{name: value.lower() in ("1", "true", "yes", "on")})
            continue
        if isinstance(current, timedelta):  # given in hours
            config = replace(config, **{name: timedelta(hours=float(value))})
            continue
        config = replace(config, **{name: type(current)(value)})
    return config


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shuffles", type=int, default=3, help="shuffled ECB+ orders to score")
    ap.add_argument("--skip-scale", action="store_true")
    ap.add_argument("--skip-nearcopy", action="store_true")
    ap.add_argument("--skip-rebuild", action="store_true")
    ap.add_argument(
        "--nearcopy-background", type=int, default=50_000, help="texts indexed before timing"
    )
    ap.add_argument("--million", action="store_true", help="also stream 1M articles (~30 min)")
    ap.add_argument("--sizes", type=int, nargs="*", help="scale sizes instead of the default")
    ap.add_argument("--restart-only", action="store_true", help="only the desk restart figures")
    ap.add_argument("--restart-size", type=int, default=20_000, help="articles in the window")
    ap.add_argument("--rounds", type=int, default=3, help="restart rounds (median)")
    ap.add_argument("--restart-keep", help="file to keep the built desk in (restore only)")
    ap.add_argument("--quality-only", action="store_true", help="quality, halves and demo only")
    ap.add_argument(
        "--errors",
        action="store_true",
        help="only where the dev halves of ECB+ and UCI lose B-cubed",
    )
    ap.add_argument(
        "--set", action="append", default=[], metavar="FIELD=VALUE", help="a ClusterConfig field"
    )
    ap.add_argument("--scale-one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--no-nearcopy", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.scale_one:
        print(json.dumps(run_scale_one(args.scale_one, with_nearcopy=not args.no_nearcopy)))
        return 0
    if args.restart_only:
        run_restart(args.restart_size, args.rounds, args.restart_keep)
        return 0
    config = configured(args.set)
    if args.errors:
        run_errors(config)
        return 0
    results = run_quality(args.shuffles, config)
    demo = run_demo(config=config)
    print_summary(results, demo)
    print_halves(config, shuffles=args.shuffles)
    if args.quality_only:
        return 0
    if not args.skip_nearcopy:
        run_nearcopy(args.nearcopy_background)
    if not args.skip_rebuild:
        run_rebuild(20_000)
        run_restart(20_000)
    if not args.skip_scale:
        purity_check(5_000)
        sizes = args.sizes or [10_000, 100_000] + ([1_000_000] if args.million else [])
        run_scale(sorted(sizes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
