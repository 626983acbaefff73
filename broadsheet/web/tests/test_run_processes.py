"""`broadsheet run` serves with several web processes on one socket, shares the page version,
restarts one that dies, and stops them all with itself."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

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


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
