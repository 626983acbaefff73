"""A small scaled-out deployment for tests and bench/scale.py: real workers, Redis, a database.

Starts `broadsheet worker` / `broadsheet scheduler` processes against Redis and a fresh
database (PostgreSQL when one answers at 127.0.0.1:5432, else a SQLite file in WAL mode),
with the demo publishers served on loopback by the calling process.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import redis

ROOT = Path(__file__).resolve().parents[3]
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"


@dataclass
class Database:
    """A throw-away database the deployment's processes share."""

    url: str
    query: Callable[[str], list[tuple[Any, ...]]]
    drop: Callable[[], None]
    vendor: str


def postgres_answers() -> bool:
    try:
        import psycopg

        psycopg.connect(PG_ADMIN, connect_timeout=3).close()
    except Exception:
        return False
    return True


def make_database(tmp: Path, *, vendor: str = "any") -> Database:
    """A fresh PostgreSQL database if the server answers (better for many writers), else SQLite;
    `vendor` "sqlite" or "postgresql" insists on one."""
    if vendor != "sqlite" and (vendor == "postgresql" or postgres_answers()):
        import psycopg

        name = f"broadsheet_scale_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        url = f"postgres://postgres@127.0.0.1:5432/{name}"

        def query(sql: str) -> list[tuple[Any, ...]]:
            with psycopg.connect(url, autocommit=True) as conn:
                return list(conn.execute(sql).fetchall())  # type: ignore[arg-type]

        def drop() -> None:
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        return Database(url, query, drop, "postgresql")
    path = tmp / "scale.sqlite3"

    def sqlite_query(sql: str) -> list[tuple[Any, ...]]:
        with sqlite3.connect(path, timeout=30) as conn:
            return list(conn.execute(sql).fetchall())

    return Database(f"sqlite:///{path}", sqlite_query, lambda: None, "sqlite")


@dataclass
class Deployment:
    """Worker and scheduler processes sharing one database and one Redis."""

    tmp: Path
    database: Database
    redis_url: str
    extra_env: dict[str, str] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def env(self) -> dict[str, str]:
        env = dict(
            os.environ, DATABASE_URL=self.database.url, BROADSHEET_DATA_DIR=str(self.tmp),
            CELERY_BROKER_URL=self.redis_url, CELERY_VISIBILITY_TIMEOUT="10",
            FETCH_HOST_DELAY="0.02", EXTRACTION_WORKERS="1", LOG_LEVEL="WARNING",
        )  # fmt: skip
        env.pop("DJANGO_SETTINGS_MODULE", None)
        env.update(self.extra_env)
        return env

    def run(self, *args: str, timeout: float = 180) -> str:
        """Run a broadsheet command to completion; fail loudly with its output."""
        done = subprocess.run(
            [sys.executable, "-m", "broadsheet.cli", *args], cwd=ROOT, env=self.env,
            capture_output=True, text=True, timeout=timeout,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"broadsheet {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def prepare(self, feeds: list[dict[str, str]]) -> None:
        """Migrate the database and add the feeds (name, url, home_url, language, country)."""
        self.run("migrate", "-v", "0")
        script = (
            "import json, os\n"
            "from broadsheet.sources.services import ensure_feed\n"
            "for f in json.loads(os.environ['SCALE_FEEDS']):\n"
            "    ensure_feed(f.pop('url'), **f)\n"
        )
        self.extra_env["SCALE_FEEDS"] = json.dumps(feeds)
        self.run("shell", "-c", script)

    def start(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        """Start a long-running broadsheet command in its own process group."""
        log = (self.tmp / f"{name}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "broadsheet.cli", *args], cwd=ROOT, env=self.env,
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        self.processes[name] = process
        return process

    def start_worker(self, name: str, *, concurrency: int = 2) -> subprocess.Popen[bytes]:
        return self.start(
            name, "worker", "--allow-loopback", f"--concurrency={concurrency}",
            f"--hostname={name}@%h", "--loglevel=WARNING",
        )  # fmt: skip

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        """Kill a process and everything it started (its extraction pool too)."""
        process = self.processes.pop(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def log(self, name: str) -> str:
        return (self.tmp / f"{name}.log").read_text(errors="replace")[-4000:]

    def close(self) -> None:
        for name in list(self.processes):
            self.kill(name, signal.SIGTERM)
        self.database.drop()


def fresh_redis(url: str) -> redis.Redis:
    """The Redis DB the deployment uses, emptied; raises when Redis does not answer."""
    client = redis.Redis.from_url(url, socket_timeout=3)
    client.ping()
    client.flushdb()
    return client


def wait_until(condition: Callable[[], bool], *, timeout: float, every: float = 0.5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return condition()
