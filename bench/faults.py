"""Fault tolerance of feed polling: loopback feeds of which 10% hang and 5% fail, then a
simulated 24-hour outage of every feed. `--part fleet --feeds 2000 --seconds 300 --workers 4 64`

Part 1, real clock: a child process serves --per-port feeds per loopback port (the politeness
limit is per host:port, so a port is one publisher). Feed i hangs if i % 10 == 3 (never
answers), answers 500/503 if i % 20 == 7, else 1-2 items with an ETag (304 on re-polls, article
pages 404). All are due at start; IngestRunner.run_forever polls them with the settings'
schedule but a fixed --interval and a lowered FETCH_TIMEOUT. Each feed's first poll is the
start-up burst (printed apart); a healthy feed is on time when every later due time (the
next_fetch_at its previous poll set) in the window is met by a poll done within --on-time s.
Part 2, simulated clock (django.utils.timezone.now replaced): the unchanged runner, poll_feed
and record_failure with the settings' schedule; 24 h of fast failures (500, 503, dropped
connections), then every feed answers: each must be polled OK within one FEED_MAX_BACKOFF.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import replace
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from subprocess import DEVNULL, PIPE, Popen

from _harness import ROOT  # noqa: E402 - the one preamble: sys.path, --json

FEED_PATH = re.compile(r"/(r\d+)/feed/(\d+)\.xml")
WORDS = [f"{a}{b}" for a in ("storm", "vote", "bridge", "court", "strike") for b in "abcdefg"]
MODE = {"now": "mixed"}  # mixed (the fleet), outage (everything fails), healthy (all answer)


def kind(i: int) -> str:
    return "hang" if i % 10 == 3 else "error" if i % 20 == 7 else "ok"


def rss(i: int, base: str) -> bytes:
    words = [" ".join(random.Random(i * 7 + k).sample(WORDS, 12)) for k in range(1 + i % 2)]
    items = "".join(
        f"<item><title>Story {i}-{k}</title><link>{base}/article/{i}/{k}</link><guid "
        f'isPermaLink="false">fault-{i}-{k}</guid><description>{text}</description></item>'
        for k, text in enumerate(words)
    )
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {i}</title><link>'
            f"{base}/</link>{items}</channel></rss>").encode()  # fmt: skip


class Publisher(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.path.startswith("/_mode/"):
            MODE["now"] = self.path.removeprefix("/_mode/")
            return self.reply(200, b"ok")
        match = FEED_PATH.fullmatch(self.path)
        i = int(match.group(2)) if match else -1
        what = {"outage": "down", "healthy": "ok"}.get(MODE["now"], kind(i))
        if what == "down" and i % 3 == 2:
            self.close_connection = True  # dropped: not even a status line
        elif what in ("down", "error"):
            self.reply(500 if i % 3 == 1 or i % 40 == 7 else 503, b"down")
        elif match is None:
            self.reply(404, b"not found")
        elif what == "hang":
            self.connection.settimeout(900)
            with contextlib.suppress(OSError):
                self.connection.recv(1)  # until the client gives up and closes
            self.close_connection = True
        elif self.headers.get("If-None-Match") == f'"v1-{i}"':
            self.reply(304, b"", etag=f'"v1-{i}"')
        else:
            base = f"http://{self.headers.get('Host')}/{match.group(1)}"
            self.reply(200, rss(i, base), "application/rss+xml", f'"v1-{i}"')
        return None

    def reply(self, status: int, body: bytes, ctype: str = "text/plain", etag: str = "") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if etag:
            self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)


def serve(ports: int) -> None:
    """The child process: one threaded server per port, on ports the OS picks, until EOF."""
    ThreadingHTTPServer.request_queue_size = 128
    servers = [ThreadingHTTPServer(("127.0.0.1", 0), Publisher) for _ in range(ports)]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    print(*(s.server_address[1] for s in servers), flush=True)
    sys.stdin.read()


def setup_django(fetch_timeout: float) -> Path:
    tmp = Path(tempfile.mkdtemp(prefix="bench-faults-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="broadsheet.settings",
        DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite3'}",
        BROADSHEET_DATA_DIR=str(tmp),
        FETCH_HOST_DELAY="0",
        FETCH_TIMEOUT=str(fetch_timeout),
        LOG_LEVEL="WARNING",
    )
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return tmp


def make_feeds(args: argparse.Namespace, run: int) -> dict[int, str]:
    """Fresh Feed rows (new URLs: no run inherits another's articles), all due now; pk -> kind."""
    from broadsheet.sources.models import Feed, Source

    Feed.objects.all().delete()
    get = Source.objects.get_or_create
    sources = [get(slug=f"pub-{port}", defaults={"name": f"Pub {port}"})[0] for port in args.ports]
    urls = [f"http://127.0.0.1:{args.ports[i // args.per_port]}/r{run}/feed/{i}.xml"
            for i in range(args.feeds)]  # fmt: skip
    Feed.objects.bulk_create(Feed(source=sources[i // args.per_port], url=u) for i, u in
                             enumerate(urls))  # fmt: skip
    ids = dict(Feed.objects.values_list("url", "pk"))
    return {ids[u]: kind(i) for i, u in enumerate(urls)}


def fleet(args: argparse.Namespace, workers: int, run: int) -> str:
    from django.conf import settings
    from django.utils import timezone

    from broadsheet.ingest.runner import IngestRunner, build_context, schedule_policy_from_settings
    from broadsheet.sources.models import Feed

    log: list[tuple] = []

    class Recording(IngestRunner):
        def _poll_safely(self, feed_id: int):  # type: ignore[no-untyped-def]
            start = timezone.now()
            outcome = super()._poll_safely(feed_id)
            due = Feed.objects.values_list("next_fetch_at", flat=True).get(pk=feed_id)
            log.append((feed_id, start, timezone.now(), outcome.error, due))
            return outcome

    kinds = make_feeds(args, run)
    interval = {"min_interval": args.interval, "max_interval": args.interval}
    schedule = replace(schedule_policy_from_settings(), **interval)
    context = build_context(allow_loopback=True, schedule=schedule)
    share = settings.FETCH_HOST_CONNECTIONS
    runner = Recording(context, workers=workers, host_share=share)
    on_time = args.on_time if args.on_time is not None else settings.FETCH_TIMEOUT + 5
    print(f"== part 1: {len(kinds)} feeds, {len(args.ports)} ports, {workers} workers "
          f"({share} per host), "
          f"FETCH_TIMEOUT {settings.FETCH_TIMEOUT:g} s, {schedule}, on time <= {on_time:g} s "
          f"after due, window {args.seconds} s", flush=True)  # fmt: skip
    started = timezone.now()
    Feed.objects.update(next_fetch_at=started, interval_seconds=args.interval)
    thread = threading.Thread(target=runner.run_forever, daemon=True)
    thread.start()
    time.sleep(args.seconds)
    runner.stop()
    stopped = timezone.now()
    thread.join(timeout=settings.FETCH_TIMEOUT * 3 + 30)
    stuck = thread.is_alive()
    runner.close()
    polls: dict[int, list[tuple]] = {pk: [] for pk in kinds}
    for record in sorted(log, key=lambda r: r[1]):
        polls[record[0]].append(record)
    healthy = [pk for pk, k in kinds.items() if k == "ok"]
    first = sorted((polls[pk][0][2] - started).total_seconds() for pk in healthy if polls[pk])
    punctual, overdue, delays = 0, 0, []
    for pk in healthy:  # late: never polled, a poll failed, a due time missed or still waiting
        late = not polls[pk] or any(r[3] for r in polls[pk])
        for (*_, due), (_, _, end, _, _) in zip(polls[pk], polls[pk][1:], strict=False):
            delays.append((end - due).total_seconds())
            late |= delays[-1] > on_time
        waiting = bool(polls[pk]) and polls[pk][-1][4] < stopped - timedelta(seconds=on_time)
        overdue += waiting
        punctual += not (late or waiting)
    hangs = [r for pk, k in kinds.items() if k == "hang" for r in polls[pk]]
    spans = [(r[2] - r[1]).total_seconds() for r in hangs if "timed out" in r[3]] or [0.0]
    errors = [r for pk, k in kinds.items() if k == "error" for r in polls[pk]]
    seconds = (stopped - started).total_seconds()
    burst = f"p50 {statistics.median(first or [0]):.1f} s, last {max(first or [0]):.1f} s"
    print(f"polls: {len(log)} in {seconds:.0f} s ({len(log) / seconds:.1f}/s); start-up burst: "
          f"{len(first)}/{len(healthy)} healthy polled once, {burst} after start")  # fmt: skip
    q = statistics.quantiles(delays, n=100) if len(delays) > 1 else (delays or [0.0]) * 99
    print(f"healthy re-polls: {len(delays)} done, p50 {q[49]:.1f} s after due, p99 {q[98]:.1f} "
          f"s, max {max(delays or [0]):.1f} s; {overdue} overdue at the end")  # fmt: skip
    print(f"hanging feeds: {len(hangs)} polls, {sum('timed out' in r[3] for r in hangs)} cut by "
          f"the fetch timeout after {min(spans):.1f}-{max(spans):.1f} s; erroring feeds: "
          f"{len(errors)} polls, {sum(bool(r[3]) for r in errors)} recorded as errors")  # fmt: skip
    verdict = "meets" if punctual >= 0.99 * len(healthy) else "MISSES"
    share = f"{punctual}/{len(healthy)} ({punctual / len(healthy):.1%})"
    line = f"{workers:3d} workers: healthy feeds polled on time {share}, target >= 99% -> {verdict}"
    print(line + ("\nWARNING: the runner did not stop within 3 fetch timeouts" if stuck else ""))
    return line


def outage(args: argparse.Namespace, publish) -> str:  # type: ignore[no-untyped-def]
    from django.conf import settings
    from django.db.models import Min
    from django.utils import timezone

    from broadsheet.ingest.runner import IngestRunner, build_context
    from broadsheet.sources.models import Feed

    if not Feed.objects.exists():
        make_feeds(args, 99)  # else the last fleet's feeds, whose articles are stored already
    count = Feed.objects.count()
    cap = timedelta(seconds=settings.FEED_MAX_BACKOFF)
    context = build_context(allow_loopback=True)
    print(f"== part 2: 24 h outage of {count} feeds, simulated clock, {context.schedule}")
    real_now = timezone.now
    clock = [real_now().replace(microsecond=0)]
    begin, recover = clock[0], clock[0] + timedelta(hours=24)
    timezone.now = lambda: clock[0]  # what the runner and poll_feed read
    Feed.objects.update(next_fetch_at=begin, consecutive_errors=0, interval_seconds=900)
    runner = IngestRunner(context, workers=args.workers[0])
    publish("outage")
    down, first_ok, last_poll, gaps = True, {}, {}, [timedelta(0)]
    step = timedelta(seconds=args.outage_step)  # during the outage only: fewer, fuller rounds
    failed = rounds = 0
    began = time.perf_counter()
    try:
        while True:
            due = Feed.objects.aggregate(m=Min("next_fetch_at"))["m"]
            due = max(clock[0] + step, due) if down else max(clock[0], due)
            if down and due >= recover:
                publish("healthy")
                down, due = False, max(recover, Feed.objects.aggregate(m=Min("next_fetch_at"))["m"])
            clock[0] = due
            if not down and (len(first_ok) == count or clock[0] > recover + 2 * cap):
                break
            rounds += 1
            for outcome in runner.run_once():
                pk = outcome.feed_id
                if down:
                    failed += outcome.status == "error"
                    gaps.append(clock[0] - last_poll.get(pk, clock[0]))
                    last_poll[pk] = clock[0]
                elif outcome.status != "error":
                    first_ok.setdefault(pk, clock[0])
    finally:
        timezone.now = real_now
        runner.close()
        publish("mixed")
    resumed = sorted((t - recover).total_seconds() for t in first_ok.values()) or [float("nan")]
    failing = Feed.objects.filter(consecutive_errors__gt=0).count()
    parked = Feed.objects.filter(next_fetch_at__gt=clock[0] + cap).count()
    missing = count - len(first_ok)
    print(f"outage: {failed} failed polls ({failed / count:.1f} per feed) in {rounds} rounds, "
          f"{time.perf_counter() - began:.0f} s real; longest gap between polls {max(gaps)} "
          f"(cap {cap} + up to one {step.total_seconds():g} s clock step)")  # fmt: skip
    print(f"after recovery: {len(first_ok)}/{count} feeds polled OK; resume delay p50 "
          f"{statistics.median(resumed):.0f} s, worst {resumed[-1]:.0f} s "
          f"({resumed[-1] / 3600:.2f} h), cap {cap.total_seconds():.0f} s")  # fmt: skip
    print(f"disabled (Feed has no disabled flag; counted: never resumed / still failing / due "
          f"beyond one cap): {missing} / {failing} / {parked}, target 0")  # fmt: skip
    ok = missing == failing == parked == 0 and resumed[-1] <= cap.total_seconds()
    verdict = f"{missing + failing + parked} disabled -> {'meets' if ok else 'MISSES'} target"
    return f"after a 24 h outage: worst resume {resumed[-1]:.0f} s vs cap {cap}, {verdict}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["fleet", "outage", "all"], default="all")
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=90, help="part 1's window per run")
    parser.add_argument("--interval", type=int, default=30, help="part 1's poll interval (s)")
    parser.add_argument("--fetch-timeout", type=float, default=5.0)
    parser.add_argument("--on-time", type=float, default=None, help="default: timeout + 5 s")
    parser.add_argument("--outage-step", type=float, default=60, help="part 2's clock step")
    parser.add_argument("--per-port", type=int, default=10)
    parser.add_argument("--workers", type=int, nargs="+", help="default: INGEST_WORKERS")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        return serve(args.serve)
    tmp = setup_django(args.fetch_timeout)
    from django.conf import settings

    args.workers = args.workers or [settings.INGEST_WORKERS]
    # The publishers' stderr is request logs and clients hanging up on hanging feeds: the point.
    command = [sys.executable, __file__, "--serve", str(-(-args.feeds // args.per_port))]
    server = Popen(command, stdin=PIPE, stdout=PIPE, stderr=DEVNULL, text=True)
    assert server.stdout is not None and server.stdin is not None
    args.ports = [int(port) for port in server.stdout.readline().split()]

    def publish(mode: str) -> None:
        url = f"http://127.0.0.1:{args.ports[0]}/_mode/{mode}"
        urllib.request.urlopen(url, timeout=5).close()  # noqa: S310 - our loopback server

    summary = []
    try:
        if args.part in ("fleet", "all"):
            summary += [fleet(args, workers, run) for run, workers in enumerate(args.workers)]
        if args.part in ("outage", "all"):
            summary.append(outage(args, publish))
    finally:
        server.stdin.close()
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)
    print("== summary\n" + "\n".join(summary))
    return None


if __name__ == "__main__":
    main()
