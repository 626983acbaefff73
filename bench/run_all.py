"""Run every benchmark under bench/ in turn, store their figures, and print what changed
since the last stored run (`make bench`; `--full` for each at its own default size, names to
run only those: `run_all.py search feeds`).

Each run goes to var/bench/<UTC time>/<script>.json (every script takes `--json`; see
_harness.py); the figures that moved by more than 5 % against the previous run are listed.
Each script's summary, with its time and the host's load, replaces that script's section at
the end of docs/measurements.md (_measurements.py); `--no-record` leaves the page alone.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import _measurements
from _harness import ROOT, changes

HERE = Path(__file__).resolve().parent
RESULTS = ROOT / "var" / "bench"
MEASUREMENTS = ROOT / "docs" / "measurements.md"

# `make bench` runs the long benchmarks at a size that finishes in minutes; `--full` drops
# these and runs each at its own default (200 kills per database take about an hour).
QUICK = {
    "bulk": ["--size", "20000", "--check"],
    "crash": ["--kills", "15"],
    "fuzz": ["--seconds", "20"],
}


def scripts(only: list[str]) -> list[Path]:
    """The benchmark scripts, all or those named."""
    found = [p for p in sorted(HERE.glob("*.py")) if not p.name.startswith(("_", "run_all"))]
    return [p for p in found if not only or p.stem in only]


def previous_run(before: Path) -> Path | None:
    """The newest stored run older than `before`."""
    runs = sorted(p for p in RESULTS.glob("*") if p.is_dir() and p.name < before.name)
    return runs[-1] if runs else None


def compare(run: Path, earlier: Path | None) -> None:
    """Print, per script, the figures that moved since `earlier`."""
    print(f"\n=== figures stored in {run.relative_to(ROOT)}")
    if earlier is None:
        print("no earlier run stored: nothing to compare")
        return
    for result in sorted(run.glob("*.json")):
        old = earlier / result.name
        if not old.exists():
            continue
        moved = changes(json.loads(old.read_text()), json.loads(result.read_text()))
        print(f"--- {result.stem} since {earlier.name}: {len(moved)} figures moved over 5 %")
        for line in moved:
            print(f"  {line}")


def run_script(command: list[str]) -> tuple[int, str]:
    """Run one benchmark, its output shown as it comes and kept: (exit status, output)."""
    kept = []
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, bufsize=1) as child:
        assert child.stdout is not None
        for line in child.stdout:
            sys.stdout.write(line)
            kept.append(line)
    return child.returncode, "".join(kept)


def write_down(
    script: str, when: str, load: str, extra: list[str], status: int, output: str
) -> None:
    """Replace the script's section of docs/measurements.md with this run's summary."""
    lines = _measurements.summary_lines(output)
    if status:
        lines.append(f"(exited with status {status})")
    command = " ".join(["python", f"bench/{script}.py", *extra])
    page = MEASUREMENTS.read_text(encoding="utf-8")
    new = _measurements.section(script, when, load, command, lines)
    MEASUREMENTS.write_text(_measurements.record(page, script, new), encoding="utf-8")


def main() -> int:
    args = sys.argv[1:]
    full, keep_page = "--full" in args, "--no-record" in args
    now = datetime.now(UTC)
    run = RESULTS / now.strftime("%Y%m%dT%H%M%SZ")
    run.mkdir(parents=True, exist_ok=True)
    failed = 0
    for script in scripts([a for a in args if not a.startswith("--")]):
        print(f"\n=== {script.stem} ===", flush=True)
        extra = [] if full else QUICK.get(script.stem, [])
        command = [sys.executable, str(script), *extra, "--json", str(run / f"{script.stem}.json")]
        load = _measurements.load_average()  # the host's, before the benchmark adds its own
        status, output = run_script(command)
        failed += status != 0
        if not keep_page:
            write_down(script.stem, now.strftime("%Y-%m-%d %H:%M UTC"), load, extra, status, output)
    compare(run, previous_run(run))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
