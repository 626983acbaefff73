"""bench/memory.py over time: resident memory samples of `broadsheet run`, and their trend.

A peak says how high memory went; only samples over time say whether it is flat (caches
filled, then steady) or climbing (something grows with every request or every article).
The first half of a run is taken as the warm-up (page caches fill, and the story desk loads
its 20,000-article window on the first placement: over 10 minutes on a loaded 2-core host,
the main process climbing all the while): the trend is fitted to the second half.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WARM_UP_SHARE = 0.5


@dataclass(frozen=True)
class Sample:
    """One look at the process tree, `seconds` after the reader started."""

    seconds: float
    main_mb: float  # resident, main process
    anon_mb: float  # of which anonymous (heap, not mapped files)
    tree_mb: float  # main process plus every child
    children: int
    served: int  # pages the reader got so far
    # The tree's proportional set size: each shared page (the interpreter, libraries, a
    # page a forked child has not written) counted once, split among the processes that
    # map it; the resident sizes above count it in every process.
    tree_pss_mb: float = 0.0


def status_mb(status: str, field: str) -> float:
    """A /proc/PID/status field ("VmRSS", "RssAnon") in MB; 0 when absent."""
    for line in status.splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def rollup_mb(rollup: str, field: str) -> float:
    """A /proc/PID/smaps_rollup field ("Pss", "Private_Dirty") in MB; 0 when absent."""
    for line in rollup.splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def slope_per_hour(points: Sequence[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, MB) points, in MB per hour; 0 for fewer than two
    distinct times."""
    if len(points) < 2:
        return 0.0
    mean_t = sum(t for t, _ in points) / len(points)
    mean_v = sum(v for _, v in points) / len(points)
    spread = sum((t - mean_t) ** 2 for t, _ in points)
    if spread == 0:
        return 0.0
    covariance = sum((t - mean_t) * (v - mean_v) for t, v in points)
    return covariance / spread * 3600


def after_warm_up(samples: Sequence[Sample]) -> list[Sample]:
    """The samples past the first WARM_UP_SHARE of the run's time."""
    if not samples:
        return []
    start = samples[-1].seconds * WARM_UP_SHARE
    return [s for s in samples if s.seconds >= start]


def trend(samples: Sequence[Sample]) -> dict[str, float]:
    """MB per hour after the warm-up: main resident, main anonymous, the whole tree
    (resident, and proportional)."""
    steady = after_warm_up(samples)
    return {
        name: slope_per_hour([(s.seconds, getattr(s, name)) for s in steady])
        for name in ("main_mb", "anon_mb", "tree_mb", "tree_pss_mb")
    }
