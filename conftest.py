"""Test-session set-up shared by broadsheet/ and tests/.

A test skipped for want of a dataset, tool or service fails under CI=true and is named in one
loud line at the end of the run elsewhere (broadsheet/lib/testing/gates.py holds the rule).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from broadsheet.lib.testing.gates import MISSING, missing_in_ci


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.skipped and isinstance(report.longrepr, tuple):
        reason = str(report.longrepr[2])
        if missing_in_ci(reason):
            report.outcome = "failed"
            report.longrepr = f"CI requires what this test needs, and it is missing: {reason}"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One loud line per missing dataset, tool or service whose tests were skipped here."""
    counts: dict[str, int] = {}
    for report in terminalreporter.stats.get("skipped", []):
        if isinstance(report.longrepr, tuple):
            reason = str(report.longrepr[2]).removeprefix("Skipped: ")
            if MISSING.search(reason):
                counts[reason] = counts.get(reason, 0) + 1
    for reason, count in sorted(counts.items()):
        terminalreporter.write_line(f"!! NOT RUN here ({count} tests; CI fails on it): {reason}")


def pytest_configure(config: pytest.Config) -> None:
    """Name this run once, in the controlling process; xdist workers inherit it."""
    os.environ.setdefault("BROADSHEET_TEST_RUN", f"run{os.getpid()}")


@pytest.fixture(scope="session", autouse=True)
def no_page_cache() -> None:
    """Tests see every change at once; web/tests/test_page_cache.py turns the cache on, and
    web/tests/test_shared_fragments.py the fragments, stories/tests/test_desk_snapshot.py the
    story desk's snapshots."""
    from django.conf import settings

    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0
    # Tests share a data directory: no test may restore another's story desk.
    settings.STORY_DESK_SNAPSHOT_SECONDS = 0


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """Give each test run its own databases, so that two runs on one machine never collide.

    pytest-django already suffixes per xdist worker (_gw0); this adds the run, since
    developers, CI and benchmarks may run pytest at the same time against one SQLite
    directory or one PostgreSQL server.
    """
    from django.conf import settings

    run = os.environ["BROADSHEET_TEST_RUN"]
    for db in settings.DATABASES.values():
        test = db.setdefault("TEST", {})
        name = test.get("NAME") or (
            None if db["ENGINE"].endswith("sqlite3") else f"test_{db['NAME']}"
        )
        if name and name != ":memory:":
            test["NAME"] = f"{name}_{run}"
