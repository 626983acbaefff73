"""The fetch policy the settings describe, shared by ingestion, adding sources and the APIs."""

from __future__ import annotations

from dataclasses import replace

from django.conf import settings

from broadsheet.lib.fetch import FetchPolicy, parse_networks

LOOPBACK = "127.0.0.0/8, ::1/128"


def fetch_policy_from_settings(*, allow_loopback: bool = False) -> FetchPolicy:
    """The fetch policy the settings describe; the demo adds loopback to the allowed networks."""
    spec = settings.FETCH_ALLOWED_NETWORKS
    if allow_loopback:
        spec = f"{spec}, {LOOPBACK}" if spec.strip() else LOOPBACK
    policy = FetchPolicy(
        total_timeout=settings.FETCH_TIMEOUT,
        max_bytes=settings.FETCH_MAX_BYTES,
        per_host_connections=settings.FETCH_HOST_CONNECTIONS,
        per_host_delay=settings.FETCH_HOST_DELAY,
        respect_robots=settings.FETCH_RESPECT_ROBOTS,
        allowed_networks=parse_networks(spec),
    )
    return replace(policy, user_agent=f"Broadsheet/0.1 (+{settings.FETCH_CONTACT_URL})")
