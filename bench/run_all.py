"""Run every benchmark under bench/ in turn and print their figures (`make bench`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# `make bench` runs the long benchmarks at a size that finishes in minutes; `--full` drops
# these and runs each at its own default (200 kills per database take about an hour).
QUICK = {"crash": ["--kills", "15"], "fuzz": ["--seconds", "20"]}


def main() -> int:
    full = "--full" in sys.argv[1:]
    failed = 0
    for script in sorted(HERE.glob("*.py")):
        if script.name in {"run_all.py", "__init__.py"} or script.name.startswith("_"):
            continue
        print(f"\n=== {script.stem} ===", flush=True)
        extra = [] if full else QUICK.get(script.stem, [])
        failed += subprocess.call([sys.executable, str(script), *extra]) != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
