"""Time from a fresh clone to the first page of `make run`, with and without pip's cache.

Clones this repository (its committed HEAD) into a temporary folder, runs `make run` there
on free ports, and prints the seconds until /en/ answers and until it lists an article.
`--cold` makes pip download everything (PIP_NO_CACHE_DIR=1, as on a new machine); the
default runs warm (pip's cache as this machine has it), and `--both` runs both in turn.

    .venv/bin/python bench/first_run.py [--cold | --both] [--timeout 600] [--json out.json]

Targets (issue 19): under 3 minutes cold and under 1 minute warm, on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from _harness import ROOT  # noqa: E402 - the one preamble: sys.path, --json


def free_port(count: int = 1) -> int:
    """A port p such that p .. p+count-1 are free on loopback."""
    for _ in range(200):
        base = random.randint(20000, 60000 - count)
        try:
            for port in range(base, base + count):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
    raise RuntimeError("no free port range")


def page(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
            return response.read().decode()
    except OSError:
        return None


def time_first_run(*, cold: bool, timeout: float) -> dict[str, float | str]:
    """Clone, `make run`, and time the first page and the first article."""
    with tempfile.TemporaryDirectory(prefix="broadsheet-first-run-") as folder:
        clone = Path(folder) / "broadsheet"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        port, demo = free_port(), free_port(8)
        env = dict(os.environ, DEMO_BASE_PORT=str(demo), BROADSHEET_DATA_DIR=f"{folder}/var")
        for name in ("VIRTUAL_ENV", "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "PYTHONPATH"):
            env.pop(name, None)
        if cold:
            env["PIP_NO_CACHE_DIR"] = "1"
        log = open(Path(folder) / "run.log", "w")  # noqa: SIM115 - closed below
        started = time.monotonic()
        process = subprocess.Popen(
            ["make", "run", f"PORT={port}"], cwd=clone, env=env, stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        figures: dict[str, float | str] = {"mode": "cold" if cold else "warm"}
        try:
            while time.monotonic() - started < timeout and process.poll() is None:
                html = page(f"http://127.0.0.1:{port}/en/")
                if html is not None and "first_page_s" not in figures:
                    figures["first_page_s"] = round(time.monotonic() - started, 1)
                if html is not None and "/en/article/" in html:
                    figures["first_article_s"] = round(time.monotonic() - started, 1)
                    break
                time.sleep(0.5)
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
            log.close()
        if "first_article_s" not in figures:
            tail = (Path(folder) / "run.log").read_text()[-2000:]
            raise SystemExit(f"no article within {timeout:.0f} s ({figures}):\n{tail}")
        return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--cold", action="store_true", help="without pip's cache")
    mode.add_argument("--both", action="store_true", help="cold, then warm")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    runs = [True, False] if args.both else [args.cold]
    results = [time_first_run(cold=cold, timeout=args.timeout) for cold in runs]
    print(f"{'mode':<6} {'first page (s)':>15} {'first article (s)':>18}")
    for r in results:
        print(f"{r['mode']:<6} {r['first_page_s']:>15} {r['first_article_s']:>18}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
