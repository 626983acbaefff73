"""The API against its own OpenAPI document, at length: schemathesis with every check.

The suite runs 5 examples per operation and mode (derandomised, so CI repeats one run);
this runs the same test with many more, randomised, and prints what it covered:

    python bench/api_schema.py [--examples 200]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

from _harness import ROOT  # noqa: E402 - the one preamble: sys.path, --json

TEST = "broadsheet/api/tests/test_api_schema.py"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=100, help="per operation and mode")
    args = parser.parse_args()
    env = {**os.environ, "SCHEMATHESIS_EXAMPLES": str(args.examples)}
    started = time.perf_counter()
    command = [sys.executable, "-m", "pytest", TEST, "-q", "-s", "-p", "no:randomly"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    covered = [line for line in result.stdout.splitlines() if line.startswith("schemathesis:")]
    print(covered[0] if covered else "schemathesis: (no summary printed)")
    print(f"examples per operation and mode: {args.examples}; {seconds:.0f} s")
    if result.returncode != 0:
        findings = [
            line[2:].strip()
            for line in result.stdout.splitlines()
            if line.startswith("E ") and ("[positive]" in line or "[negative]" in line
                                          or " - ST" in line or "curl " in line)
        ]  # fmt: skip
        print("\n".join(findings) or result.stdout[-6000:])
        print(f"FAILURES: {sum('Schemathesis found' in f for f in findings)} operations")
        return 1
    print("failures: 0")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
