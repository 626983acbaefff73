"""Requests through a reverse proxy: trust X-Forwarded-* only from the proxies the operator names.

`broadsheet run` serves with waitress behind a TLS-terminating proxy (docs/self-hosting.md).
From a peer in TRUSTED_PROXIES, X-Forwarded-Proto sets the scheme, X-Forwarded-Host the
host and X-Forwarded-For the client address (the rate limits and the login throttle key
on it); from any other peer those headers are removed, so no client can forge them.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from typing import Any

from broadsheet.lib.netguard import Network, parse_networks

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
_FORWARDED = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_HOST")


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.partition(":")[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


class TrustedProxies:
    """WSGI middleware that honours X-Forwarded-Proto/For/Host from `networks` only."""

    def __init__(self, app: WSGIApp, *, networks: tuple[Network, ...]) -> None:
        self.app = app
        self.networks = networks

    def is_trusted(self, text: str) -> bool:
        """Whether an address (a peer, or a hop of X-Forwarded-For) is one of our proxies."""
        address = _address(text)
        return address is not None and any(address in network for network in self.networks)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if self.is_trusted(str(environ.get("REMOTE_ADDR", ""))):
            self._apply(environ)
        else:
            for name in _FORWARDED:
                environ.pop(name, None)
        return self.app(environ, start_response)

    def _apply(self, environ: dict[str, Any]) -> None:
        proto = str(environ.get("HTTP_X_FORWARDED_PROTO", "")).split(",")[0].strip().lower()
        if proto in ("http", "https"):
            environ["wsgi.url_scheme"] = proto
            environ["HTTP_X_FORWARDED_PROTO"] = proto
        host = str(environ.get("HTTP_X_FORWARDED_HOST", "")).split(",")[0].strip()
        if host:
            environ["HTTP_HOST"] = host
        client = self._client(str(environ.get("HTTP_X_FORWARDED_FOR", "")))
        if client is not None:
            environ["REMOTE_ADDR"] = client

    def _client(self, forwarded_for: str) -> str | None:
        # Right to left: each trusted proxy appended the address it saw; the first hop that
        # is not one of ours is the client (anything left of it, the client could forge).
        for hop in reversed([h for h in forwarded_for.split(",") if h.strip()]):
            if not self.is_trusted(hop):
                address = _address(hop)
                return str(address) if address is not None else None
        return None


def trust_proxies(app: WSGIApp, spec: str) -> WSGIApp:
    """`app` behind TrustedProxies for the networks in `spec` ("127.0.0.1, 10.0.0.0/8").

    With no trusted proxy the forwarded headers are still removed: a client talking to
    `broadsheet run` directly must not pick its own scheme, host or address.
    """
    return TrustedProxies(app, networks=parse_networks(spec))


def waitress_proxy_options() -> dict[str, Any]:
    """waitress settings for `broadsheet run`: the proxy headers reach TrustedProxies, which
    decides; waitress's own clearing (it trusts no peer by default) would drop them first."""
    return {"clear_untrusted_proxy_headers": False}
