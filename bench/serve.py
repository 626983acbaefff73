"""Serving benchmark: site pages and main API endpoints under load, beside a static ceiling.

Run: .venv/bin/python bench/serve.py [--copies 0] [--seconds 8] [--connections 64] [--keep DIR]

`--keep DIR` builds the database in DIR and leaves it there (bench/memory.py reads it); when DIR
already holds one it is served as it is, so the 1M build is paid once; `--seconds 0` only
builds.

The demo-sized database of bench/api (the bundled Wikinews corpus, enriched into stories and
indexed; `--copies 2200` grows it to about 1M articles) is served by waitress in
`--processes` server processes on one port (default one per core, as `broadsheet run`
serves; they share the page version in a directory) and loaded by wrk (apt-get install
wrk; else a threaded httpx client, which eats the same two cores and so reads low).
Anonymous readers are measured three times: as shipped (page cache and shared fragments
on), with the page cache off (what every first visit after a change costs) and with both
off (every part of every page computed); then a signed-in reader (20 follows, 10 mutes,
100 saved; their browser's session and CSRF cookies) with the page cache off, as it always
is for them. The same server answers
/static.json without Django: the ceiling. CPU ms per request is the servers' own CPU time
over the requests served: on a loaded machine it says what a page costs when req/s cannot.
`--related N` only times the related-articles query of N articles spread over the archive
(counted, then read from the kept list).
`--rate R [R ...]` also loads the uncached (page cache off, fragments on) home, article and
story pages, anonymous and signed-in, open-loop: wrk's connections together offer R req/s
(bench/_open_loop.py), and the achieved req/s, p50 and p99 print under the closed-loop row,
which measures saturation. Needs wrk. If the server stalls, wrk's latency under-reports
(coordinated omission).
`--in-process N` only times N requests to the home, article and story pages in this process
(CPU, anonymous and signed-in, page cache off, fragments on) and stops: the figure a loaded
host does not distort. Before the load, `--single N` (default 5) times N single requests to
each endpoint in this process with the page cache off (first and median): what one page
costs on its own.
Issue targets: article page >= 1,000 req/s with p99 <= 50 ms, and >= 50% of the ceiling.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _open_loop  # bench/_open_loop.py: wrk at an offered rate (--rate)
import api  # bench/api.py: database build, waitress server, wrk/httpx load
from _harness import ROOT  # noqa: E402 - the one preamble: sys.path, --json

SIGNED_IN_PAGES = ("home /en/", "article page", "story page")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=0, help="extra copies of the corpus")
    parser.add_argument("--seconds", type=int, default=8, help="load per endpoint")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=8, help="waitress worker threads")
    parser.add_argument(
        "--processes", type=int, default=0, help="server processes on one port (0: one per core)"
    )
    parser.add_argument("--keep", type=Path, help="build into (or reuse) this directory")
    parser.add_argument(
        "--single", type=int, default=5, help="uncached single requests per endpoint (0: none)"
    )
    parser.add_argument(
        "--in-process", type=int, default=0, metavar="N",
        help="only time N requests per page in this process (CPU, anonymous and signed-in)",
    )  # fmt: skip
    parser.add_argument(
        "--related", type=int, default=0, metavar="N",
        help="only time the related-articles query for N articles spread over the archive",
    )  # fmt: skip
    parser.add_argument(
        "--cpu", type=int, default=0,
        help="instead of the load: N requests one after another per page, server CPU ms each",
    )  # fmt: skip
    parser.add_argument(
        "--rate", type=float, nargs="+", default=[], metavar="R",
        help="also load the uncached home, article and story pages open-loop at R req/s (wrk)",
    )  # fmt: skip
    return parser.parse_args()


def targets(keys: dict[str, str], story: str | None) -> list[tuple[str, str]]:
    pages = [
        ("static JSON (ceiling)", "/static.json"),
        ("home /en/", "/en/"),
        ("article page", f"/en/article/{keys['article']}"),
        ("article AI panel", f"/en/article/{keys['article']}/ai"),
        ("search page", f"/en/search?q={keys['word']}"),
        ("GET /api/v1/articles", "/api/v1/articles"),
        ("GET /api/v1/articles/{id}", f"/api/v1/articles/{keys['article']}"),
        ("GET /api/v1/search?q=", f"/api/v1/search?q={keys['word']}"),
    ]
    if story:
        pages.insert(4, ("story page", f"/en/story/{story}"))
    return pages


def single_requests(paths: list[tuple[str, str]], repeats: int) -> None:
    """One request at a time, in this process, page cache off: the cost of each page alone."""
    import statistics

    from django.conf import settings
    from django.test import Client

    settings.PAGE_CACHE_SECONDS = 0
    client = Client()
    print(f"\nsingle requests, page cache off ({repeats} each, in process):")
    print(f"{'endpoint':<30} {'first ms':>9} {'median ms':>10}")
    for name, path in paths[1:]:  # the static ceiling is not a Django view
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            status = client.get(path).status_code
            times.append((time.perf_counter() - started) * 1000)
            if status != 200:
                raise SystemExit(f"{path} answered {status}")
        print(f"{name:<30} {times[0]:>9.1f} {statistics.median(times):>10.1f}", flush=True)


def in_process_cpu(paths: list[tuple[str, str]], repeats: int) -> None:
    """CPU ms per request (median of `repeats`) in this process, page cache off, fragments on,
    anonymous and as the signed-in reader: what a page costs, whatever the host's load.
    The two readers' requests alternate, so a change in the host's load reaches both."""
    import statistics

    from django.conf import settings
    from django.test import Client

    settings.PAGE_CACHE_SECONDS = 0
    anonymous, reader = Client(), Client()
    reader.cookies.load(signed_in_reader())
    print(f"\nin process, page cache off, fragments on (CPU ms, median of {repeats}):")
    print(f"{'page':<30} {'anonymous':>10} {'signed-in':>10} {'ratio':>6}")
    for name, path in paths:
        times: tuple[list[float], list[float]] = ([], [])
        for _ in range(3):  # fills the shared fragments and this reader's values
            anonymous.get(path)
            reader.get(path)
        for _ in range(repeats):
            for client, spent in zip((anonymous, reader), times, strict=True):
                started = time.process_time()
                client.get(path)
                spent.append((time.process_time() - started) * 1000)
        medians = [statistics.median(spent) for spent in times]
        print(f"{name:<30} {medians[0]:>10.2f} {medians[1]:>10.2f} {medians[1] / medians[0]:>6.2f}")


def related_cost(count: int) -> None:
    """CPU ms of related_articles (as the article page calls it) for `count` articles spread
    evenly over the archive's ids: the part of a first article view that grows with it.
    Each article is asked twice: with no kept list (counted, then kept) and again (the kept
    list read); bench/related.py sets another version's function beside them."""
    import statistics

    from broadsheet.articles.models import Article
    from broadsheet.articles.queries import article_entities, article_topics
    from broadsheet.stories.models import RelatedList
    from broadsheet.stories.queries import related_articles

    top = Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    times: dict[str, list[float]] = {"counted": [], "kept": []}
    found = 0
    for n in range(count):
        article = Article.objects.filter(pk__gte=1 + n * top // count).order_by("pk").first()
        assert article is not None
        entities, topics = article_entities(article), article_topics(article)
        RelatedList.objects.filter(article_id=article.pk).delete()
        for spent in times.values():
            started = time.process_time()
            related = related_articles(
                article, entity_ids=[e.pk for e in entities], topic_ids=[t.pk for t in topics]
            )
            spent.append((time.process_time() - started) * 1000)
        found += len(related)
    for name, spent in times.items():
        cuts = statistics.quantiles(spent, n=100)
        print(f"related articles, {count} articles, {name}: CPU p50 {cuts[49]:.1f} ms, p99 "
              f"{cuts[98]:.1f} ms, max {max(spent):.1f} ms")  # fmt: skip
    print(f"{found / count:.1f} related each")


def _cpu_seconds(servers: list[subprocess.Popen]) -> float:
    """CPU time the server processes have used (user + system, from /proc).

    On a shared, loaded machine requests/s says how much CPU the server got; CPU ms per
    request says what a page costs: 2 cores serve at most 2,000 / (CPU ms per request)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for server in servers:
        fields = Path(f"/proc/{server.pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def signed_in_reader() -> str:
    """A reader with 20 follows, 10 mutes and 100 saved articles; their browser's cookies."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from broadsheet.articles.models import Article
    from broadsheet.readers import mutes, services
    from broadsheet.sources.models import Source
    from broadsheet.stories.models import Entity, Story, Topic

    user, made = get_user_model().objects.get_or_create(
        username="bench-reader", defaults={"email": "bench-reader@example.com"}
    )
    if made:
        targets = [*Source.objects.all()[:4], *Topic.objects.all()[:6]]
        targets += [*Entity.objects.all()[:5], *Story.objects.order_by("-pk")[:5]]
        for target in targets[:20]:
            services.follow(user, target)
        mutes.mute_source(user, Source.objects.order_by("pk").last())  # type: ignore[arg-type]
        for word in ("zeppelin", "marzipan", "quasar", "obelisk", "tundra", "gazebo",
                     "origami", "falafel", "nebula"):  # fmt: skip
            mutes.mute_word(user, word)
        for article in Article.objects.originals().order_by("-pk")[:100]:
            services.save_article(user, article)
    client = Client()
    client.force_login(user)
    # A browser that signed in also holds the CSRF cookie (the log-in form set it, every
    # signed-in page renews it); without it, every page made a new CSRF secret.
    client.get("/en/")
    cookies = client.cookies
    return f"sessionid={cookies['sessionid'].value}; csrftoken={cookies['csrftoken'].value}"


def sequential_load(
    url: str, *, seconds: int, connections: int, cookie: str = "", count: int = 100
) -> tuple[float, float, float]:
    """`count` requests one at a time (req/s, p50, p99): with --cpu, the server's CPU per
    request without queueing, which a loaded machine distorts far less than req/s."""
    import statistics

    import httpx

    times = []
    with httpx.Client(headers={"Cookie": cookie} if cookie else None, timeout=60) as client:
        for _ in range(count):
            started = time.perf_counter()
            client.get(url).raise_for_status()
            times.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(times, n=100)
    return count / seconds, cuts[49], cuts[98]


def open_loop(
    args: argparse.Namespace, servers: list[subprocess.Popen], url: str, name: str, cookie: str
) -> None:
    """The page under an offered rate (--rate): achieved req/s, p50 and p99 beside the
    closed-loop row. wrk's latency under-reports if the server stalls (coordinated
    omission: see bench/_open_loop.py)."""
    for offered in args.rate:
        before = _cpu_seconds(servers)
        rate, p50, p99 = _open_loop.load_at_rate(
            url, seconds=args.seconds, connections=args.connections, rate=offered, cookie=cookie
        )
        cpu = (_cpu_seconds(servers) - before) * 1000 / max(1.0, rate * args.seconds)
        label = f"  at {offered:.0f}/s offered"
        print(f"{label:<30} {rate:>8.0f} {p50:>8.1f} {p99:>8.1f} {'':>10} {cpu:>10.2f}",
              flush=True)  # fmt: skip


def measure(
    args: argparse.Namespace,
    data: Path,
    paths: list[tuple[str, str]],
    cache: int,
    fragments: int,
    cookie: str = "",
) -> None:
    from broadsheet.web.processes import listeners, process_count

    env = dict(os.environ, PAGE_CACHE_SECONDS=str(cache), FRAGMENT_CACHE_SECONDS=str(fragments))
    count = process_count(args.processes)
    sockets = listeners("127.0.0.1", 0, count)  # as `broadsheet run` listens
    port = sockets[0].getsockname()[1]
    if count > 1 and not env.get("CACHE_URL") and not env.get("PAGE_VERSION_CACHE_URL"):
        env["PAGE_VERSION_CACHE_URL"] = f"file://{data / 'cache'}"  # as `broadsheet run` does
    command = [sys.executable, str(ROOT / "bench" / "api.py"), "--serve", str(port)]
    command += ["--data", str(data), "--threads", str(args.threads)]
    servers = [
        subprocess.Popen(
            [*command, "--listen-fd", str(s.fileno())], env=env, pass_fds=(s.fileno(),)
        )
        for s in sockets
    ]
    load = api.load_with_wrk if shutil.which("wrk") else api.load_with_httpx
    if args.cpu:
        load = functools.partial(sequential_load, count=args.cpu)
    try:
        base = f"http://127.0.0.1:{port}"
        api.wait_until_up(f"{base}/static.json")
        page = f"on ({cache} s)" if cache else "off"
        shared = f"on ({fragments} s)" if fragments else "off"
        who = "signed-in reader" if cookie else "anonymous"
        print(f"\n{who}, page cache {page}, shared fragments {shared}, {count} process(es):")
        print(f"{'endpoint':<30} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'of ceiling':>10}"
              f" {'CPU ms/req':>10}")  # fmt: skip
        ceiling = 0.0
        for name, path in paths:
            api.wait_until_up(base + path)
            before = _cpu_seconds(servers)
            rate, p50, p99 = load(
                base + path, seconds=args.seconds, connections=args.connections, cookie=cookie
            )
            cpu = (_cpu_seconds(servers) - before) * 1000 / max(1.0, rate * args.seconds)
            ceiling = ceiling or rate
            share = f"{rate / ceiling:.0%}"
            print(f"{name:<30} {rate:>8.0f} {p50:>8.1f} {p99:>8.1f} {share:>10} {cpu:>10.2f}",
                  flush=True)  # fmt: skip
            if not cache and fragments and name in SIGNED_IN_PAGES:
                open_loop(args, servers, base + path, name, cookie)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
        for listener in sockets:
            listener.close()
        shutil.rmtree(data / "cache", ignore_errors=True)


def main() -> int:
    args = parse_args()
    if args.rate and not shutil.which("wrk"):
        print("--rate needs wrk (apt-get install wrk)", file=sys.stderr)
        return 2
    if args.rate and (args.cpu or min(args.rate) <= 0):
        print("--rate needs rates > 0 and no --cpu", file=sys.stderr)
        return 2
    data = args.keep or Path(tempfile.mkdtemp(prefix="bench-serve-"))
    try:
        data.mkdir(parents=True, exist_ok=True)
        reuse = (data / "bench.sqlite3").exists()
        api.configure(data)
        started = time.perf_counter()
        if reuse:  # a file built by older code gets this code's tables (stories 0006)
            from django.core.management import call_command

            call_command("migrate", verbosity=0)
        keys = api.request_keys() if reuse else api.build(args.copies)
        from broadsheet.articles.models import Article
        from broadsheet.stories.models import Story

        story = Story.objects.order_by("-source_count").values_list("public_id", flat=True)
        took = time.perf_counter() - started
        built = "reused" if reuse else f"built in {took:.0f} s"
        print(f"database: {Article.objects.count()} articles, {built}")
        tool = "wrk" if shutil.which("wrk") else "httpx threads (wrk not installed)"
        print(f"load: {tool}, {args.connections} connections, {args.seconds} s each; "
              f"waitress with {args.threads} threads, anonymous reader")  # fmt: skip
        paths = targets(keys, story.first())
        if args.related > 0:
            related_cost(args.related)
            return 0
        if args.in_process > 0:
            in_process_cpu([(n, p) for n, p in paths if n in SIGNED_IN_PAGES], args.in_process)
            return 0
        if args.single > 0:
            from broadsheet.web.sitemaps import ArticleSitemap

            last = ArticleSitemap().paginator.num_pages
            extra = [
                ("home, page 500", "/en/?page=500"),
                ("sitemap index", "/sitemap.xml"),
                (f"article sitemap, page {last}", f"/sitemap-articles.xml?p={last}"),
            ]
            single_requests([*paths, *extra], args.single)
        # As shipped; whole-page cache off (a signed-in reader, a first visit); both off.
        for cache, fragments in ((30, 30), (0, 30), (0, 0)) if args.seconds > 0 else ():
            measure(args, data, paths, cache, fragments)
        if args.seconds > 0:
            pages = [paths[0], *[(n, p) for n, p in paths if n in SIGNED_IN_PAGES]]
            measure(args, data, pages, 0, 30, cookie=signed_in_reader())
    finally:
        if not args.keep:
            shutil.rmtree(data, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
