"""`broadsheet run` stops within seconds of SIGTERM, even while a poll is stuck on a feed."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
# The longest a stop may take: the ingest's grace (3 s) and the web process's own exit.
STOP_SECONDS = 12


def _silent_feed_server() -> tuple[socket.socket, threading.Event]:
    """A loopback server that accepts connections and never answers; the event is set on the
    first connection (a poll is then in flight)."""
    server = socket.create_server(("127.0.0.1", 0))
    connected, held = threading.Event(), []

    def accept() -> None:
        while True:
            try:
                held.append(server.accept()[0])
            except OSError:
                return
            connected.set()

    threading.Thread(target=accept, daemon=True).start()
    return server, connected


def _broadsheet(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "broadsheet.cli", *args],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


def test_run_stops_within_seconds_while_a_feed_never_answers(tmp_path):
    server, connected = _silent_feed_server()
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{tmp_path / 'run.sqlite3'}",
        BROADSHEET_DATA_DIR=str(tmp_path),
        FETCH_TIMEOUT="600",  # the poll would hold its thread for ten minutes
        DEMO_BASE_PORT=str(_free_port()),
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    feed = f"http://127.0.0.1:{server.getsockname()[1]}/feed.xml"
    add_feed = (
        f"from broadsheet.sources.services import ensure_feed; ensure_feed({feed!r}, name='Mute')"
    )
    assert _broadsheet("migrate", env=env).wait(timeout=300) == 0
    assert _broadsheet("shell", "-c", add_feed, env=env).wait(timeout=120) == 0
    # --demo: loopback feeds are allowed, as the silent one needs.
    process = _broadsheet("run", "--demo", "--processes", "1", "--port", "0", env=env)
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if re.search(r"Broadsheet is at http://", line):
                break
        assert connected.wait(timeout=120), "the silent feed was never polled"
        time.sleep(0.5)
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=STOP_SECONDS + 60)
        assert time.monotonic() - started < STOP_SECONDS
    finally:
        if process.poll() is None:
            process.kill()
        server.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
