"""Serving with every core: `broadsheet run` starts several web processes on one port.

One Python process serves about one core's worth of pages (the GIL), so on a machine with
more cores `run` binds the port and starts WEB_PROCESSES (default: one per core) web
processes, each `broadsheet run --listen-fd N` with waitress on an inherited socket. On
Linux each process has a listening socket of its own on the port (SO_REUSEPORT) and the
kernel spreads new connections evenly over them; with one socket shared, the process that
woke first accepted, and a burst of connections (a proxy's keep-alive pool, a load test's
64) could all land in one process: one core served while the other idled. Elsewhere the
processes share one socket. The first process keeps what must happen once: migrations, the
demo publishers and the ingest loop; it holds every socket and restarts a web process that
dies on the same one (connections sent to it meanwhile wait in its queue).

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
    """One listening socket (port 0: any free port)."""
    return listeners(host, port, 1)[0]


def listeners(host: str, port: int, count: int) -> list[socket.socket]:
    """A listening socket for each of `count` web processes, all on one port (port 0: any
    free port): each its own where the kernel balances them (Linux's SO_REUSEPORT hashes a
    connection's addresses and ports to one socket), else one socket `count` times."""
    if count <= 1 or not BALANCED_PORTS:
        return [_bound(host, port)] * max(1, count)
    # Sockets sharing a port let in any later one of the same user that asks to share: a
    # second `run` on the port would quietly take half the connections. A plain bind first
    # fails if anything listens there (and picks the free port for port 0).
    with _bound(host, port, listen=False) as probe:
        port = probe.getsockname()[1]
    return [_bound(host, port, reuse_port=True) for _ in range(count)]


# Only Linux spreads connections over sockets sharing a port; BSD and macOS accept SO_REUSEPORT
# but hand every connection to one socket.
BALANCED_PORTS = sys.platform == "linux" and hasattr(socket, "SO_REUSEPORT")


def _bound(host: str, port: int, *, reuse_port: bool = False, listen: bool = True) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if reuse_port:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        listener.bind((host, port))
        if listen:
            listener.listen(1024)
    except OSError:
        listener.close()
        raise
    return listener


def web_environment() -> dict[str, str]:
    """The environment of a web process: the page version in a directory they all read,
    unless a cache shared between processes is set."""
    env = dict(os.environ)
    if not settings.CACHE_URL and not settings.PAGE_VERSION_CACHE_URL:
        env["PAGE_VERSION_CACHE_URL"] = f"file://{settings.DATA_DIR / 'cache'}"
    return env


def start(sockets: list[socket.socket], *, threads: int) -> list[subprocess.Popen]:
    """Start a web process serving each of `sockets` (from `listeners`)."""
    return [_start_one(listener, threads=threads) for listener in sockets]


def supervise(
    processes: list[subprocess.Popen], sockets: list[socket.socket], *, threads: int
) -> None:
    """Restart any web process that exits, on its socket, until interrupted
    (KeyboardInterrupt)."""
    while True:
        time.sleep(RESTART_PAUSE)
        for n, process in enumerate(processes):
            if process.poll() is not None:
                print(f"web process {process.pid} exited ({process.returncode}); restarting")
                processes[n] = _start_one(sockets[n], threads=threads)


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
