"""bench/_harness.py: printed figures become JSON, and two runs' JSON give what moved."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("_harness", ROOT / "bench" / "_harness.py")
assert spec is not None and spec.loader is not None
harness = importlib.util.module_from_spec(spec)
spec.loader.exec_module(harness)


def test_printed_lines_become_figures_and_table_rows_stay_apart() -> None:
    figures = harness.figures_of("p50 7.2 ms, p99 18.5 ms\nrow  1   2\nrow 3 4\nno numbers\n")
    assert figures == {"p# # ms, p# # ms": [50, 7.2, 99, 18.5], "row # #": [1, 2],
                       "row # # [2]": [3, 4]}  # fmt: skip


def test_changes_lists_only_figures_that_moved_past_the_threshold() -> None:
    old = {"search": {"p50_ms": 7.2, "p99_ms": 18.5}, "docs": [100, 200]}
    new = {"search": {"p50_ms": 7.3, "p99_ms": 25.0}, "docs": [100, 100]}
    assert harness.changes(old, new) == ["search.p99_ms: 18.5 -> 25 (+35%)",
                                         "docs[1]: 200 -> 100 (-50%)"]  # fmt: skip


def test_a_script_without_its_own_json_writes_its_printed_figures(tmp_path: Path) -> None:
    script = ROOT / "bench" / "_probe_for_test.py"
    script.write_text("import _harness  # noqa: F401\nprint('built 12 rows in 3.5 s')\n")
    try:
        out = tmp_path / "out.json"
        subprocess.run([sys.executable, str(script), "--json", str(out)], check=True)
        assert out.read_text().split() == ["{", '"built', "#", "rows", "in", "#", 's":', "[",
                                           "12.0,", "3.5", "]", "}"]  # fmt: skip
    finally:
        script.unlink()


spec = importlib.util.spec_from_file_location("_measurements", ROOT / "bench" / "_measurements.py")
assert spec is not None and spec.loader is not None
measurements = importlib.util.module_from_spec(spec)
spec.loader.exec_module(measurements)


def test_summary_keeps_the_last_printed_lines() -> None:
    output = "building\nbuilt 12 rows\n\nquery  p50  p99\nword   7.2  18  \n"
    assert measurements.summary_lines(output, limit=2) == ["query  p50  p99", "word   7.2  18"]


def test_a_run_replaces_its_own_section_and_keeps_the_page_and_the_others() -> None:
    page = "# Measurements\n\nHand-written, dated figures.\n"
    first = measurements.section(
        "search", "2026-12-07 04:00 UTC", "3.0", "python bench/search.py", ["p99 18 ms"]
    )
    page = measurements.record(page, "search", first)
    other = measurements.section(
        "feeds", "2026-12-07 04:05 UTC", "2.0", "python bench/feeds.py", ["9 feeds/s"]
    )
    page = measurements.record(page, "feeds", other)
    again = measurements.section(
        "search", "2026-12-08 09:00 UTC", "1.0", "python bench/search.py", ["p99 12 ms"]
    )
    page = measurements.record(page, "search", again)
    assert page.startswith("# Measurements\n\nHand-written, dated figures.\n")
    assert "p99 12 ms" in page and "p99 18 ms" not in page and "9 feeds/s" in page
    assert page.index("### `feeds`") < page.index("### `search`")  # ordered by script name
    assert page.count(measurements.BEGIN) == 1 and page.rstrip().endswith(measurements.END)


def test_the_measurements_page_holds_the_block_make_bench_writes() -> None:
    page = (ROOT / "docs" / "measurements.md").read_text(encoding="utf-8")
    assert page.count(measurements.BEGIN) == 1 and page.count(measurements.END) == 1
