"""Scale-out figures: articles per second with one and two Celery workers, and a simulated day.

    .venv/bin/python bench/scale.py                 # both parts
    .venv/bin/python bench/scale.py --part workers --per-publisher 30 --repeat 3
    .venv/bin/python bench/scale.py --part day --feeds 10000 --slots 8 16

Part 1 runs real `broadsheet worker` processes (threads, concurrency 2 each) and
`broadsheet scheduler` against Redis (DB 13) and PostgreSQL when it answers (else SQLite),
ingesting the demo publishers from loopback. Throughput is articles stored and placed in
stories divided by the time from the first article stored to the last one enriched
(start-up excluded).

Part 2 simulates a day of 10,000 feeds on a fake clock: the scheduler's claim (most
overdue first, up to the queue's room, leased for CLAIM_LEASE), a FIFO queue, `slots`
concurrent polls, and the real interval and backoff functions of ingest/schedule.py.
10% of the feeds hang until the fetch timeout and fail. A healthy feed's poll is on time
when it starts within ON_TIME of its due time. Polls in the first hour are not counted:
at start every feed is due within 15 minutes, a burst the first hour works off (the
whole-day share with it is printed too).
"""

from __future__ import annotations

import argparse
import heapq
import os
import random
import statistics
import tempfile
import time
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import _harness  # noqa: F401 - the one preamble: sys.path, --json

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")

import django  # noqa: E402

django.setup()

from broadsheet.ingest.schedule import (  # noqa: E402
    SchedulePolicy,
    next_fetch_after_error,
    next_interval,
)
from broadsheet.ingest.services import CLAIM_LEASE  # noqa: E402
from broadsheet.workers.scheduler import claim_room  # noqa: E402

REDIS_URL = "redis://127.0.0.1:6379/13"
DAY = 86_400.0
TICK = 2.0  # the scheduler's interval
ON_TIME = 60.0  # seconds of lateness a poll may have and still count as on time
WARM_UP = 3600.0  # the first hour works off the start-up burst (every feed due at once)
FETCH_TIMEOUT = 30.0


# --- part 1: real workers ------------------------------------------------------------------


def throughput(workers: int, *, per_publisher: int) -> tuple[int, float, float]:
    """Ingest the demo with `workers` processes; (articles, articles/s, largest worker RSS MB)."""
    from broadsheet.demo.publishers import DemoPublishers
    from broadsheet.lib.testing.cluster import (
        Deployment,
        fresh_redis,
        make_database,
        wait_until,
    )

    fresh_redis(REDIS_URL)
    with (
        tempfile.TemporaryDirectory() as tmp,
        DemoPublishers(initial=per_publisher, interval=3600) as demo,
    ):
        publishers = demo.publishers
        expected = len(demo.released_articles())
        feeds = [
            {"url": p.feed_url, "name": p.name, "home_url": p.home_url,
             "language": p.language, "country": p.country}
            for p in publishers
        ]  # fmt: skip
        deploy = Deployment(Path(tmp), make_database(Path(tmp)), REDIS_URL)
        try:
            deploy.prepare(feeds)
            for n in range(workers):
                deploy.start_worker(f"w{n}")
            time.sleep(6)  # let the workers connect before work arrives
            deploy.start("scheduler", "scheduler", "--interval", "0.5")
            done = "select count(*) from articles_article where enriched_at is not null"
            finished = wait_until(
                lambda: deploy.database.query(done)[0][0] >= expected, timeout=900, every=0.5
            )
            if not finished:
                raise RuntimeError(f"not finished:\n{deploy.log('w0')}")
            first, last = deploy.database.query(
                "select min(created_at), max(enriched_at) from articles_article"
            )[0]
            rss = [_rss_mb(deploy.processes[f"w{n}"].pid) for n in range(workers)]
        finally:
            deploy.close()
    seconds = (_as_time(last) - _as_time(first)).total_seconds()
    return expected, expected / seconds, max(rss)


def _rss_mb(pid: int) -> float:
    """Resident memory of a worker process (its extraction pool not included), Linux only."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return float("nan")
    kib = next(
        (int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS")), 0
    )
    return kib / 1024


def _as_time(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


# --- part 2: a simulated day ---------------------------------------------------------------


@dataclass
class SimFeed:
    """One simulated feed: how often it publishes, whether its server hangs, its state."""

    rate_per_hour: float
    hangs: bool
    interval: int = 900
    errors: int = 0
    due: float = 0.0
    version: int = 0  # bumps on every claim and poll; stale heap entries are skipped
    claimed: bool = False
    polls: int = 0


@dataclass
class DayResult:
    healthy_polls: int
    on_time: int
    whole_day_share: float
    healthy_feeds_all_on_time: float
    hanging_polls: int
    reclaimed: int

    @property
    def share(self) -> float:
        return self.on_time / self.healthy_polls if self.healthy_polls else 1.0


def simulate_day(*, feeds: int, slots: int, max_queued: int, seed: int = 7) -> DayResult:
    """Run one simulated day; the clock is a float of seconds, nothing sleeps."""
    rng = random.Random(seed)
    policy = SchedulePolicy()
    base = datetime(2026, 1, 1, tzinfo=UTC)
    population = [_make_feed(rng) for _ in range(feeds)]
    due_heap: list[tuple[float, int, int]] = []
    for i, feed in enumerate(population):
        feed.due = rng.uniform(0, feed.interval)
        heapq.heappush(due_heap, (feed.due, i, feed.version))
    queue: deque[tuple[int, int]] = deque()  # (feed index, version when claimed)
    free_at = [0.0] * slots
    heapq.heapify(free_at)
    late_feeds: set[int] = set()
    healthy_polls = on_time = hanging_polls = reclaimed = all_polls = all_on_time = 0
    now = 0.0
    while now < DAY:
        # The scheduler's tick: claim the most overdue feeds up to the queue's room.
        room = claim_room(len(queue), max_queued=max_queued)
        while room and due_heap and due_heap[0][0] <= now:
            _, i, version = heapq.heappop(due_heap)
            feed = population[i]
            if version != feed.version:
                continue
            reclaimed += feed.claimed  # its lease ran out while the message waited
            feed.claimed = True
            feed.version += 1
            heapq.heappush(due_heap, (now + CLAIM_LEASE.total_seconds(), i, feed.version))
            queue.append((i, feed.version))
            room -= 1
        # The workers: each free slot takes the next message until the next tick.
        while queue and free_at[0] < now + TICK:
            start = max(heapq.heappop(free_at), now)
            i, version = queue.popleft()
            feed = population[i]
            if version != feed.version:
                heapq.heappush(free_at, start)
                continue
            lateness = start - feed.due
            if not feed.hangs:
                all_polls += 1
                all_on_time += lateness <= ON_TIME
            duration = _poll(feed, start=start, rng=rng, policy=policy, base=base)
            feed.claimed = False
            feed.polls += 1
            if feed.hangs:
                hanging_polls += 1
            elif start >= WARM_UP:
                healthy_polls += 1
                on_time += lateness <= ON_TIME
                if lateness > ON_TIME:
                    late_feeds.add(i)
            feed.version += 1
            heapq.heappush(due_heap, (feed.due, i, feed.version))
            heapq.heappush(free_at, start + duration)
        now += TICK
    healthy = sum(not f.hangs for f in population)
    all_never_late = 1 - len(late_feeds) / healthy
    day_share = all_on_time / all_polls if all_polls else 1.0
    return DayResult(healthy_polls, on_time, day_share, all_never_late, hanging_polls, reclaimed)


def _make_feed(rng: random.Random) -> SimFeed:
    kind = rng.random()
    rate = 6.0 if kind < 0.2 else 0.5 if kind < 0.7 else 0.05  # busy, ordinary, quiet
    return SimFeed(rate_per_hour=rate * rng.uniform(0.5, 1.5), hangs=rng.random() < 0.10)


def _poll(
    feed: SimFeed, *, start: float, rng: random.Random, policy: SchedulePolicy, base: datetime
) -> float:
    """Apply one poll's outcome with the real schedule functions; return its duration."""
    if feed.hangs:
        feed.errors += 1
        moment = base + timedelta(seconds=start + FETCH_TIMEOUT)
        after = next_fetch_after_error(moment, errors=feed.errors, retry_after=None, policy=policy)
        feed.due = (after - base).total_seconds()
        return FETCH_TIMEOUT
    new = _poisson(rng, feed.rate_per_hour * feed.interval / 3600)
    feed.interval = next_interval(feed.interval, new_entries=new, policy=policy)
    # The feed itself, then one page per new entry (with the per-host gap between them).
    duration = rng.lognormvariate(-0.5, 0.6) + new * (0.4 + rng.lognormvariate(-1.0, 0.5))
    feed.due = start + duration + feed.interval
    return duration


def _poisson(rng: random.Random, mean: float) -> int:
    count, threshold, product = 0, pow(2.718281828459045, -min(mean, 30.0)), rng.random()
    while product > threshold:
        count += 1
        product *= rng.random()
    return count


# --- output --------------------------------------------------------------------------------


def run_workers(per_publisher: int, repeat: int) -> None:
    print(f"== articles per second, demo publishers x {per_publisher} articles, {repeat} run(s)")
    for workers in (1, 2):
        rates, memory, count = [], [], 0
        for _ in range(repeat):
            count, rate, rss = throughput(workers, per_publisher=per_publisher)
            rates.append(rate)
            memory.append(rss)
        runs = ", ".join(f"{r:.1f}" for r in rates)
        print(
            f"{workers} worker process(es) x 2 threads: {statistics.median(rates):.1f} "
            f"articles/s median over {count} articles ({runs}); worker RSS "
            f"{statistics.median(memory):.0f} MB",
            flush=True,
        )


def run_day(feeds: int, slot_counts: list[int], max_queued: int) -> None:
    print(f"== simulated day: {feeds} feeds, 10% hanging {FETCH_TIMEOUT:.0f} s, on time <= "
          f"{ON_TIME:.0f} s late")  # fmt: skip
    for slots in slot_counts:
        began = time.perf_counter()
        result = simulate_day(feeds=feeds, slots=slots, max_queued=max_queued)
        print(
            f"{slots:3d} concurrent polls: {result.share:.2%} of {result.healthy_polls} healthy "
            f"polls on time after the first hour ({'meets' if result.share >= 0.99 else 'misses'}"
            f" 99%; whole day {result.whole_day_share:.2%}); "
            f"{result.healthy_feeds_all_on_time:.2%} of healthy feeds never late after it; "
            f"{result.hanging_polls} hanging polls; {result.reclaimed} lease re-claims "
            f"[{time.perf_counter() - began:.1f} s to simulate]",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["workers", "day", "all"], default="all")
    parser.add_argument("--per-publisher", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--feeds", type=int, default=10_000)
    parser.add_argument("--slots", type=int, nargs="+", default=[16, 32, 64])
    parser.add_argument("--max-queued", type=int, default=500)
    args = parser.parse_args()
    if args.part in ("day", "all"):
        run_day(args.feeds, args.slots, args.max_queued)
    if args.part in ("workers", "all"):
        run_workers(args.per_publisher, args.repeat)


if __name__ == "__main__":
    main()
