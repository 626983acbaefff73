"""`broadsheet run` serves with several web processes on one port, spreads connections over
them, shares the page version, restarts one that dies, and stops them all with itself."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from broadsheet.web.processes import BALANCED_PORTS

ROOT = Path(__file__).resolve().parents[3]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return sorted(found)


def _wait_for(condition, timeout: float = 60):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out")


@pytest.fixture
def running(tmp_path):
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{tmp_path / 'run.sqlite3'}",
        BROADSHEET_DATA_DIR=str(tmp_path),
        PAGE_CACHE_SECONDS="30",
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("CACHE_URL", None)
    command = [sys.executable, "-m", "broadsheet.cli", "run", "--no-ingest", "--port", "0"]
    process = subprocess.Popen(
        [*command, "--processes", "2", "--threads", "2"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    line = process.stdout.readline()
    port = re.search(r"http://127\.0\.0\.1:(\d+)/en/", line)
    assert port, line
    base = f"http://127.0.0.1:{port.group(1)}"
    _wait_for(lambda: _answers(f"{base}/healthz"))
    yield base, process, tmp_path
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        raise


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


def test_run_serves_from_two_web_processes_sharing_one_cache(running):
    base, process, data = running
    web = _wait_for(lambda: len(_children(process.pid)) == 2 and _children(process.pid))
    with ThreadPoolExecutor(8) as pool:
        codes = list(
            pool.map(lambda _: httpx.get(f"{base}/en/", timeout=30).status_code, range(40))
        )
    assert codes == [200] * 40
    # The page version lives where both web processes read it, not in one process.
    assert any((data / "cache").iterdir())

    os.kill(web[0], signal.SIGKILL)  # a web process dies: another takes its place

    def replaced() -> list[int]:
        kids = _children(process.pid)
        return kids if len(kids) == 2 and web[0] not in kids else []

    web = _wait_for(replaced)
    _wait_for(lambda: _answers(f"{base}/healthz"))
    process.send_signal(signal.SIGTERM)  # and stopping `run` stops them all
    process.wait(timeout=20)
    assert not [pid for pid in web if _alive(pid)]


@pytest.mark.skipif(not BALANCED_PORTS, reason="the kernel balances only on Linux")
def test_a_burst_of_connections_reaches_both_web_processes(running):
    base, process, _data = running
    web = _wait_for(lambda: len(_children(process.pid)) == 2 and _children(process.pid))
    for _ in range(4):  # both serving before the burst
        _wait_for(lambda: _answers(f"{base}/healthz"))
    before = [_sockets(pid) for pid in web]
    host, port = base.removeprefix("http://").split(":")
    # 40 keep-alive connections at once (a proxy's pool, a load test): each stays with the
    # process that accepted it, so one process taking them all would serve alone.
    clients = [socket.create_connection((host, int(port))) for _ in range(40)]
    try:
        for client in clients:
            client.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        for client in clients:
            assert client.recv(4096).startswith(b"HTTP/1.1 200")
        gained = [_sockets(pid) - was for pid, was in zip(web, before, strict=True)]
        assert min(gained) >= 6, gained
    finally:
        for client in clients:
            client.close()


def _sockets(pid: int) -> int:
    count = 0
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            count += os.readlink(fd).startswith("socket:")
        except OSError:
            continue
    return count


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
