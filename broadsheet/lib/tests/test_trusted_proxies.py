"""X-Forwarded-Proto/For/Host count only from the proxies the operator names."""

from __future__ import annotations

from typing import Any

from broadsheet.lib.proxies import trust_proxies


def seen(spec: str, **environ: Any) -> dict[str, Any]:
    captured: dict[str, Any] = {}

    def app(env, start_response):  # type: ignore[no-untyped-def]
        captured.update(env)
        return [b""]

    base = {"REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": "backend:8000", "wsgi.url_scheme": "http"}
    trust_proxies(app, spec)({**base, **environ}, lambda *a: None)
    return captured


FORWARDED = {
    "HTTP_X_FORWARDED_PROTO": "https",
    "HTTP_X_FORWARDED_FOR": "198.51.100.7, 203.0.113.9",
    "HTTP_X_FORWARDED_HOST": "news.example.org",
}


def test_the_named_proxy_sets_scheme_host_and_client_address():
    env = seen("127.0.0.1", **FORWARDED)
    assert env["wsgi.url_scheme"] == "https"
    assert env["HTTP_HOST"] == "news.example.org"
    # The rightmost hop the proxy saw is the client; what the client wrote left of it is not.
    assert env["REMOTE_ADDR"] == "203.0.113.9"


def test_hops_through_several_trusted_proxies_are_skipped():
    env = seen("10.0.0.0/8, 127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.1.2.3")
    assert env["REMOTE_ADDR"] == "203.0.113.9"


def test_any_other_peer_cannot_forge_them():
    env = seen("10.0.0.1", **FORWARDED)
    assert env["wsgi.url_scheme"] == "http" and env["HTTP_HOST"] == "backend:8000"
    assert env["REMOTE_ADDR"] == "127.0.0.1"
    # Removed, so Django's SECURE_PROXY_SSL_HEADER (TRUST_X_FORWARDED_PROTO) cannot see it.
    assert not any(name in env for name in FORWARDED)


def test_with_no_trusted_proxy_the_headers_are_dropped():
    env = seen("", **FORWARDED)
    assert env["wsgi.url_scheme"] == "http" and "HTTP_X_FORWARDED_PROTO" not in env


def test_a_garbled_forwarded_for_keeps_the_peer_address():
    env = seen("127.0.0.1", HTTP_X_FORWARDED_FOR="not-an-address", HTTP_X_FORWARDED_PROTO="gopher")
    assert env["REMOTE_ADDR"] == "127.0.0.1" and env["wsgi.url_scheme"] == "http"
