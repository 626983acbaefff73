"""bench/_memory_trend.py: whether `broadsheet run`'s memory climbs, from samples over time."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
spec = importlib.util.spec_from_file_location("_memory_trend", ROOT / "bench" / "_memory_trend.py")
assert spec is not None and spec.loader is not None
memory_trend = importlib.util.module_from_spec(spec)
sys.modules["_memory_trend"] = memory_trend
spec.loader.exec_module(memory_trend)
Sample = memory_trend.Sample


def samples(values: list[float], every: float = 60.0) -> list:
    return [Sample(n * every, v, v / 2, v * 2, 3, n, v * 1.5) for n, v in enumerate(values)]


def test_status_fields_in_mb() -> None:
    status = "Name:\tpython\nVmRSS:\t  512000 kB\nRssAnon:\t  409600 kB\n"
    assert memory_trend.status_mb(status, "VmRSS") == 500.0
    assert memory_trend.status_mb(status, "RssAnon") == 400.0
    assert memory_trend.status_mb(status, "RssFile") == 0.0


def test_a_steady_climb_is_its_slope_per_hour() -> None:
    climb = memory_trend.trend(samples([400 + n for n in range(61)]))  # 1 MB a minute
    assert climb["main_mb"] == pytest.approx(60.0)
    assert climb["anon_mb"] == pytest.approx(30.0)
    assert climb["tree_mb"] == pytest.approx(120.0)
    assert climb["tree_pss_mb"] == pytest.approx(90.0)


def test_smaps_rollup_fields_in_mb() -> None:
    rollup = (
        "55d0c0a00000-7ffd1b5f2000 ---p 00000000 00:00 0    [rollup]\n"
        "Rss:              512000 kB\nPss:              409600 kB\n"
        "Private_Clean:      1024 kB\nPrivate_Dirty:    307200 kB\n"
    )
    assert memory_trend.rollup_mb(rollup, "Pss") == 400.0
    assert memory_trend.rollup_mb(rollup, "Private_Dirty") == 300.0
    assert memory_trend.rollup_mb(rollup, "Swap") == 0.0


def test_the_warm_up_climb_does_not_count() -> None:
    # Up by 200 MB in the first half (caches filling, the desk loading), flat after: no climb.
    values = [200 + 10 * n for n in range(21)] + [400.0] * 20
    assert memory_trend.trend(samples(values))["main_mb"] == pytest.approx(0.0)
    # The whole run fitted, the warm-up would read as a climb.
    whole = [(s.seconds, s.main_mb) for s in samples(values)]
    assert memory_trend.slope_per_hour(whole) > 100


def test_too_few_samples_have_no_trend() -> None:
    assert memory_trend.trend([])["main_mb"] == 0.0
    assert memory_trend.trend(samples([500.0]))["main_mb"] == 0.0
