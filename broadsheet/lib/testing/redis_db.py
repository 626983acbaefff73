"""A Redis database of its own for each test process, claimed in Redis itself.

Tests that use Redis flush their database. With a fixed number, two runs at once (the
SQLite and PostgreSQL suites side by side, a stress run beside `make test`, two
checkouts on one machine) flushed each other's slots, locks and queues mid-test. A
process now claims a free database with SET NX (the claim expires if the process dies)
and flushes it keeping the claim.
"""

from __future__ import annotations

import atexit
import os
import socket
from collections.abc import Iterable

import redis

CLAIM_KEY = "broadsheet-tests:claim"
CLAIM_SECONDS = 3600
# 12-14 stay out: lib/tests/test_ratelimit.py and bench/scale.py use them by number.
CANDIDATES = (15, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1)
_FLUSH_KEEPING_CLAIM = """
local owner = redis.call('GET', KEYS[1])
redis.call('FLUSHDB')
if owner then redis.call('SET', KEYS[1], owner, 'EX', ARGV[1]) end
return owner
"""
_claimed: dict[tuple[str, int], int] = {}


def _owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def claim_database(
    *, host: str = "127.0.0.1", port: int = 6379, candidates: Iterable[int] = CANDIDATES
) -> int:
    """The number of a Redis database no other live test process holds, now held by this one."""
    if (host, port) in _claimed:
        return _claimed[(host, port)]
    owner = _owner()
    for db in candidates:
        client = redis.Redis(host=host, port=port, db=db, socket_timeout=3)
        taken = client.set(CLAIM_KEY, owner, nx=True, ex=CLAIM_SECONDS)
        if taken or client.get(CLAIM_KEY) == owner.encode():
            _claimed[(host, port)] = db
            atexit.register(_release, client, owner)
            return db
        client.close()
    raise RuntimeError(f"every Redis database in {list(candidates)} is held by another test run")


def flush_claimed(client: redis.Redis) -> None:
    """Empty the claimed database, keeping (and renewing) the claim."""
    client.eval(_FLUSH_KEEPING_CLAIM, 1, CLAIM_KEY, CLAIM_SECONDS)


def _release(client: redis.Redis, owner: str) -> None:
    try:
        if client.get(CLAIM_KEY) == owner.encode():
            client.flushdb()
    except redis.RedisError:
        pass  # the claim expires by itself
