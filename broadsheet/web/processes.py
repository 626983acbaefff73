"""Serving with every core: `broadsheet run` starts several web processes on one socket.

One Python process serves about one core's worth of pages (the GIL), so on a machine with
more cores `run` binds the listening socket once and starts WEB_PROCESSES (default: one per
core) web processes, each `broadsheet run --listen-fd N` with waitress on the inherited
socket; the kernel hands each new connection to one of them. The first process keeps what
must happen once: migrations, the demo publishers and the ingest loop, and it restarts a
web process that dies.

What the web processes must agree on lives in the database, or with CACHE_URL empty in a
directory of the data directory (`cache/`): the page version, so that a page copy retired
by a moderator in one process is retired in all. Cached pages, shared fragments (keyed by
the news version in the database) and rate-limit counters stay in each process's memory:
a file cache was 3x slower on the API (a file written per request for its rate limits), so
without Redis each process counts rate limits on the share of requests it serves.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from typing import Any

from django.conf import settings

RESTART_PAUSE = 1.0  # seconds between checks on the web processes


def process_count(requested: int) -> int:
    """Web processes to run: as requested, or one per CPU core for 0."""
    return requested if requested > 0 else max(1, len(os.sched_getaffinity(0)))


def listen(host: str, port: int) -> socket.socket:
    """The listening socket every web process serves (port 0: any free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, port))
    listener.listen(1024)
    return listener


def web_environment() -> dict[str, str]:
    """The environment of a web process: the page version in a directory they all read,
    unless a cache shared between processes is set."""
    env = dict(os.environ)
    if not settings.CACHE_URL and not settings.PAGE_VERSION_CACHE_URL:
        env["PAGE_VERSION_CACHE_URL"] = f"file://{settings.DATA_DIR / 'cache'}"
    return env


def start(listener: socket.socket, *, count: int, threads: int) -> list[subprocess.Popen]:
    """Start `count` web processes serving `listener`."""
    return [_start_one(listener, threads=threads) for _ in range(count)]


def supervise(processes: list[subprocess.Popen], listener: socket.socket, *, threads: int) -> None:
    """Restart any web process that exits, until interrupted (KeyboardInterrupt)."""
    while True:
        time.sleep(RESTART_PAUSE)
        for n, process in enumerate(processes):
            if process.poll() is not None:
                print(f"web process {process.pid} exited ({process.returncode}); restarting")
                processes[n] = _start_one(listener, threads=threads)


def stop(processes: list[subprocess.Popen], *, timeout: float = 10) -> None:
    """Ask every web process to finish (SIGTERM), then kill any still running."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + timeout
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _start_one(listener: socket.socket, *, threads: int) -> subprocess.Popen[Any]:
    fd = listener.fileno()
    command = [sys.executable, "-m", "broadsheet.cli", "run", "--listen-fd", str(fd)]
    command += ["--threads", str(threads)]
    return subprocess.Popen(command, pass_fds=(fd,), env=web_environment())
