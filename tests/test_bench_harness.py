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
