"""Run the tests that depend on timing, again and again, with both cores kept busy (`make stress`).

The browser, worker and concurrency tests are the ones a loaded machine used to break, and
only they run here (FULL; a file that mixes them with plain request tests is named test by
test). Each run is a pass on SQLite and a pass on PostgreSQL (slow tests included) while one
busy process per core spins beside them. Nothing is set up twice: the test databases are
created and migrated by a run's first pass and reused by the next (--reuse-db, dropped at the
end), and a test that uses no database, or one of its own whatever DATABASE_URL says, runs
in one pass per run only (ONE_PASS_ONLY). This prints every failure with its message, each
pass's time, and the slowest test; it exits 1 when any test failed, so CI can run a pass.

    python tests/stress.py --runs 10          # what the issue asks for
    python tests/stress.py --runs 1 --quick   # CI's pass: the quick selection, a few minutes
    python tests/stress.py --minutes 90       # as many whole runs as start within 90 minutes
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "var" / "stress"

# CI's pass: the offline app and the tests known to have flaked under load.
QUICK = [
    "broadsheet/readers/tests/test_offline_app.py",
    "broadsheet/readers/tests/test_offline_saved_list_order.py",
    "broadsheet/readers/tests/test_offline_save_outbox.py",
    "broadsheet/workers/tests/test_shared_host_limits.py",
    "broadsheet/lib/tests/test_fetch.py",
    "broadsheet/lib/tests/test_ratelimit.py",
    "broadsheet/accounts/tests/test_signup_and_verification.py::test_sign_up_is_rate_limited_per_address",
    "broadsheet/comments/tests/test_concurrent_posting.py",
]
# Every browser, worker and concurrency test, and no other: a file that mixes them with
# plain request tests is named test by test.
CELERY_END_TO_END = (
    "tests/test_celery_workers_end_to_end.py"
    "::test_two_workers_one_killed_store_every_article_once_in_one_story"
)
FULL = [
    *QUICK,
    # browser (every test that takes the `chromium` or `page` fixture)
    "broadsheet/comments/tests/test_comments_in_browser.py",
    "broadsheet/web/tests/test_accessibility.py",
    "broadsheet/web/tests/test_article_page_browser.py",
    "broadsheet/web/tests/test_browser_smoke.py",
    "broadsheet/web/tests/test_front_page_browser.py",
    "broadsheet/web/tests/test_masthead_browser.py",
    "broadsheet/web/tests/test_site_files.py::test_the_api_docs_render_phone_wide_in_chromium",
    "broadsheet/web/tests/test_story_pages.py::test_pages_stay_within_a_dozen_queries",
    "broadsheet/sources/tests/test_feed_admin.py"
    "::test_every_column_of_the_feed_list_fits_a_laptop_screen",
    "broadsheet/lib/tests/test_testing_browser.py",
    # The XSS suite's hook check runs in the browser; its 563-payload sweep is a content
    # check (minutes of rendering, nothing timed) left to the ordinary suite.
    "tests/security/test_xss_pages.py::test_the_hooks_do_catch_script_that_runs",
    # workers
    "broadsheet/workers/tests",
    "broadsheet/ingest/tests/test_runner_host_share.py",
    "broadsheet/ingest/tests/test_runner_defaults_under_faults.py",
    # concurrency: threads or processes racing on one database
    "broadsheet/articles/tests/test_upsert_article.py"
    "::test_two_concurrent_stores_of_the_same_entries_leave_one_row_each",
    "broadsheet/readers/tests/test_reader_services.py"
    "::test_concurrent_saves_follows_and_reads_leave_one_row_each",
    "broadsheet/ingest/tests/test_ingest_feed.py"
    "::test_two_polls_of_one_feed_at_once_leave_one_row_per_article",
    "broadsheet/ingest/tests/test_ingest_feed.py"
    "::test_a_feeds_pages_are_fetched_two_at_a_time_and_stored_in_feed_order",
    "tests/test_crash_recovery.py",
    f"{CELERY_END_TO_END}[sqlite]",
    f"{CELERY_END_TO_END}[postgresql]",
]
# Tests whose database is not the pass's: none at all, or one of their own (the crash test's
# SQLite file, the Celery test's deployment per vendor). They run once per run, in the pass
# named here, never again in the other.
ONE_PASS_ONLY = {
    "broadsheet/workers/tests/test_shared_host_limits.py": "sqlite",
    "broadsheet/lib/tests/test_fetch.py": "sqlite",
    "broadsheet/lib/tests/test_ratelimit.py": "sqlite",
    "tests/test_crash_recovery.py": "sqlite",
    f"{CELERY_END_TO_END}[sqlite]": "sqlite",
    f"{CELERY_END_TO_END}[postgresql]": "postgresql",
}
PG_SERVER = "postgres://postgres@127.0.0.1:5432"


@dataclass
class Pass:
    """One pytest run: which database, how long, what failed, every test's time."""

    run: int
    database: str
    seconds: float = 0.0
    tests: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    durations: list[tuple[float, str]] = field(default_factory=list)
    exit_code: int = 0


def spin(stop_at: float) -> None:
    """Keep one core busy until the given time."""
    while time.time() < stop_at:
        sum(i * i for i in range(10_000))


def start_load(cores: int, seconds: float) -> list[multiprocessing.Process]:
    """One busy process per core (they stop by themselves if this script is killed)."""
    stop_at = time.time() + seconds
    busy = [
        multiprocessing.Process(target=spin, args=(stop_at,), daemon=True) for _ in range(cores)
    ]
    for process in busy:
        process.start()
    return busy


def postgres_answers() -> bool:
    try:
        import psycopg

        psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3).close()
        return True
    except Exception:
        return False


def selection(paths: list[str], database: str) -> list[str]:
    """The paths a pass on this database runs (ONE_PASS_ONLY's tests in their pass only)."""
    return [path for path in paths if ONE_PASS_ONLY.get(path, database) == database]


def test_run_name(database: str) -> str:
    """One name for every pass of this stress run on a database: its test databases are
    created and migrated by the first pass and reused by the others (pytest --reuse-db)."""
    return f"stress{os.getpid()}{database[:2]}"


def run_pass(run: int, database: str, paths: list[str], workers: str) -> Pass:
    """Run the selection once on one database; read the results from pytest's JUnit XML."""
    OUT.mkdir(parents=True, exist_ok=True)
    report = OUT / f"{os.getpid()}-run{run:02d}-{database}.xml"
    env = dict(os.environ, CI=os.environ.get("CI", ""), BROADSHEET_TEST_RUN=test_run_name(database))
    if database == "postgresql":
        # A database name of our own: a suite running beside us never drops ours.
        env["DATABASE_URL"] = f"{PG_SERVER}/broadsheet_stress_{os.getpid()}"
    else:
        env.pop("DATABASE_URL", None)
    command = [
        sys.executable, "-m", "pytest", *selection(paths, database), "-q", "-n", workers,
        "-p", "no:cacheprovider", "--reuse-db",
        f"--junitxml={report}", "-o", "junit_family=xunit2",
    ]  # fmt: skip
    began = time.monotonic()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    result = Pass(run, database, seconds=time.monotonic() - began, exit_code=done.returncode)
    read_report(report, result)
    if done.returncode not in (0, 1) or (done.returncode == 1 and not result.failures):
        tail = (done.stdout + done.stderr)[-2000:]
        result.failures.append(("(pytest itself)", f"exit {done.returncode}: {tail}"))
    return result


def drop_test_databases(databases: list[str]) -> None:
    """Remove the test databases the passes kept for one another."""
    for path in (ROOT / "var").glob(f"test-broadsheet.sqlite3*{test_run_name('sqlite')}*"):
        path.unlink(missing_ok=True)
    if "postgresql" not in databases:
        return
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        rows = conn.execute(
            "select datname from pg_database where datname like %s",
            (f"%{test_run_name('postgresql')}%",),
        ).fetchall()
        for (name,) in rows:
            conn.execute(f'drop database if exists "{name}" with (force)')


def read_report(report: Path, result: Pass) -> None:
    if not report.exists():
        return
    for case in ElementTree.parse(report).getroot().iter("testcase"):
        name = f"{case.get('classname', '')}::{case.get('name', '')}"
        result.tests += 1
        result.durations.append((float(case.get("time") or 0), name))
        for problem in (*case.findall("failure"), *case.findall("error")):
            message = (problem.get("message") or problem.text or "").strip().splitlines()
            result.failures.append((name, message[0][:300] if message else ""))


def print_summary(passes: list[Pass], *, cores: int) -> None:
    print(f"\n== stress: {len(passes)} passes, {cores} busy processes beside the tests ==")
    print(f"{'run':>3} {'database':<10} {'tests':>5} {'failed':>6} {'seconds':>8}  slowest test")
    for p in passes:
        slowest = max(p.durations, default=(0.0, "-"))
        print(
            f"{p.run:>3} {p.database:<10} {p.tests:>5} {len(p.failures):>6} {p.seconds:>8.1f}"
            f"  {slowest[0]:.1f}s {slowest[1]}"
        )
    failures = [(p, name, message) for p in passes for name, message in p.failures]
    print(f"\nfailures: {len(failures)} in {sum(p.tests for p in passes)} test runs")
    for p, name, message in failures:
        print(f"  run {p.run} {p.database}: {name}\n      {message}")
    everything = [(t, name, p) for p in passes for t, name in p.durations]
    if everything:
        seconds, name, p = max(everything, key=lambda row: row[0])
        print(f"slowest test: {name}, {seconds:.1f}s (run {p.run}, {p.database})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--quick", action="store_true", help="the short selection (CI)")
    parser.add_argument("--load", type=int, default=os.cpu_count() or 2, help="busy processes")
    parser.add_argument("--workers", default="2", help="pytest-xdist processes per pass")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument(
        "--minutes", type=float, default=0, help="start no new run after this long (0: no limit)"
    )
    args = parser.parse_args()
    paths = QUICK if args.quick else FULL
    databases = args.databases.split(",")
    if "postgresql" in databases and not postgres_answers():
        if os.environ.get("CI"):
            print(f"!! no PostgreSQL answers at {PG_SERVER}: CI needs it", file=sys.stderr)
            return 1
        print(f"!! PostgreSQL passes NOT run: no server answers at {PG_SERVER}")
        databases.remove("postgresql")
    busy = start_load(args.load, seconds=6 * 3600)
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # after the fork: ours only
    passes, stopped = [], False
    began = time.monotonic()
    try:
        for run in range(1, args.runs + 1):
            if args.minutes and run > 1 and time.monotonic() - began > args.minutes * 60:
                print(f"-- {args.minutes:g} minutes passed: no run after run {run - 1}")
                break
            for database in databases:
                result = run_pass(run, database, paths, args.workers)
                passes.append(result)
                print(
                    f"run {run} {database}: {result.tests} tests, {len(result.failures)} failed,"
                    f" {result.seconds:.0f}s",
                    flush=True,
                )
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: report the passes that finished
        print("-- stopped: the pass under way is not counted")
        stopped = True
    finally:
        for process in busy:
            process.terminate()
        drop_test_databases(databases)
    print_summary(passes, cores=args.load)
    return 1 if stopped or any(p.failures for p in passes) else 0


if __name__ == "__main__":
    raise SystemExit(main())
