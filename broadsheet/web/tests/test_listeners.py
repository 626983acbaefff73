"""The web processes' listening sockets: one each on one port, so that the kernel spreads a
burst of connections over them instead of the process that woke first taking them all."""

from __future__ import annotations

import socket

import pytest

from broadsheet.web import processes


def _accepted(listener: socket.socket) -> int:
    """How many connections wait in this socket's queue (accepted and closed here)."""
    listener.setblocking(False)
    count = 0
    while True:
        try:
            conn, _address = listener.accept()
        except BlockingIOError:
            return count
        conn.close()
        count += 1


@pytest.mark.skipif(not processes.BALANCED_PORTS, reason="the kernel balances only on Linux")
def test_a_burst_of_connections_is_spread_over_every_process_socket():
    sockets = processes.listeners("127.0.0.1", 0, 2)
    clients = []
    try:
        assert sockets[0] is not sockets[1]
        port = sockets[0].getsockname()[1]
        assert sockets[1].getsockname()[1] == port
        # 64 connections at once, as a load test or a proxy's keep-alive pool opens them;
        # each is hashed by its own client port, so both queues get a share.
        clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(64)]
        counts = [_accepted(listener) for listener in sockets]
        assert sum(counts) == 64
        assert min(counts) >= 12, counts  # even odds: below 12 of 64 is under one in 10^6
    finally:
        for sock in [*clients, *sockets]:
            sock.close()


def test_one_process_has_one_socket_and_without_balancing_all_share_one(monkeypatch):
    (alone,) = processes.listeners("127.0.0.1", 0, 1)
    alone.close()
    monkeypatch.setattr(processes, "BALANCED_PORTS", False)
    shared = processes.listeners("127.0.0.1", 0, 3)
    try:
        assert shared[0] is shared[1] is shared[2]
    finally:
        shared[0].close()


@pytest.mark.skipif(not processes.BALANCED_PORTS, reason="the kernel balances only on Linux")
def test_a_port_in_use_is_refused_even_by_sockets_that_share_one():
    running = processes.listeners("127.0.0.1", 0, 2)  # one `broadsheet run` on the port
    try:
        port = running[0].getsockname()[1]
        with pytest.raises(OSError):
            processes.listeners("127.0.0.1", port, 2)  # a second one must not share it
        with pytest.raises(OSError):
            processes.listeners("127.0.0.1", port, 1)
    finally:
        for sock in running:
            sock.close()
