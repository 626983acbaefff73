"""The fetcher is safe (SSRF guard, caps, deadline) and polite (robots, per-host limits)."""

import datetime
import email.utils
import gzip
import http.server
import pickle
import shutil
import socket
import ssl
import subprocess
import threading
import time
import zlib

import brotli
import pytest

from broadsheet.lib.clock import MONOTONIC
from broadsheet.lib.fetch import (
    BlockedAddress,
    Fetcher,
    FetchError,
    FetchPolicy,
    FetchResult,
    HostLimiter,
    HTTPStatusError,
    RetryLater,
    RobotsDisallowed,
    TimedOut,
    TooLarge,
    TooManyRedirects,
    decode_body,
    is_public_address,
    parse_networks,
)
from broadsheet.lib.testing.clock import ManualClock

LOOPBACK = parse_networks("127.0.0.0/8")


class Publisher:
    """A loopback site whose routes each test fills in; it records every request it sees."""

    def __init__(self, server: http.server.ThreadingHTTPServer) -> None:
        self.server = server
        self.port = server.server_address[1]
        self.routes: dict = {}
        self.requests: list[tuple[str, dict[str, str], float]] = []

    def url(self, path: str = "/", *, host: str = "pub.example", scheme: str = "http") -> str:
        return f"{scheme}://{host}:{self.port}{path}"

    def route(self, path, body=b"", *, status=200, headers=None):
        """Serve a fixed response, or hand the request to `body` when it is callable."""
        self.routes[path] = body if callable(body) else (status, headers or {}, body)

    def hits(self, path: str) -> int:
        return sum(1 for p, _, _ in self.requests if p == path)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):  # noqa: N802 - the stdlib names it
        publisher = self.server.publisher
        publisher.requests.append((self.path, dict(self.headers.items()), time.monotonic()))
        route = publisher.routes.get(self.path)
        if callable(route):
            route(self)
            return
        status, headers, body = route or (404, {}, b"not here")
        self.respond(status, body, headers)

    def respond(self, status, body=b"", headers=None):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request, client_address):
        # Clients hanging up mid-body (bombs, drips, TLS refusals) is what these tests do.
        pass


def _serve(ssl_context=None):
    server = _Server(("127.0.0.1", 0), _Handler)
    if ssl_context is not None:
        server.socket = ssl_context.wrap_socket(server.socket, server_side=True)
    server.publisher = Publisher(server)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}).start()
    return server


@pytest.fixture
def site():
    server = _serve()
    yield server.publisher
    server.shutdown()
    server.server_close()


class StubResolver:
    """Answers from a table (a list of answers is used up one lookup at a time)."""

    def __init__(self, table=None):
        self.table = {"pub.example": "127.0.0.1", **(table or {})}
        self.calls: list[str] = []

    def __call__(self, host, port):
        self.calls.append(host)
        answer = self.table[host]
        if isinstance(answer, list):
            answer = answer.pop(0) if len(answer) > 1 else answer[0]
        return [answer]


@pytest.fixture
def resolver():
    return StubResolver()


@pytest.fixture
def connects(monkeypatch):
    """Every address the code under test dials."""
    dialled: list[str] = []
    real_connect = socket.socket.connect

    def spy(sock, address):
        dialled.append(address[0])
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", spy)
    return dialled


@pytest.fixture
def make_fetcher(resolver):
    """Fetchers that treat loopback as public, so pub.example is our loopback site."""
    made = []

    def make(clock=MONOTONIC, **overrides):
        settings = {"per_host_delay": 0.0, "respect_robots": False, "allowed_networks": LOOPBACK}
        policy = FetchPolicy(**{**settings, **overrides})
        fetcher = Fetcher(policy, resolver=resolver, clock=clock)
        made.append(fetcher)
        return fetcher

    yield make
    for fetcher in made:
        fetcher.close()


def test_fetch_returns_body_headers_and_media_type(site, make_fetcher):
    site.route("/feed", b"<rss/>", headers={"Content-Type": "Application/RSS+XML; charset=utf-8"})
    result = make_fetcher().fetch(site.url("/feed"))
    assert (result.status, result.content, result.not_modified) == (200, b"<rss/>", False)
    assert result.content_type == "application/rss+xml"
    assert result.headers["content-type"] == "Application/RSS+XML; charset=utf-8"
    assert result.url == site.url("/feed")


def test_requests_name_the_product_and_accept_compression(site, make_fetcher):
    site.route("/", b"ok")
    make_fetcher().fetch(site.url("/"), accept="application/atom+xml")
    sent = site.requests[0][1]
    assert sent["User-Agent"].startswith("Broadsheet/0.1 (+https://")
    assert sent["Accept-Encoding"] == "gzip, deflate, br"
    assert sent["Accept"] == "application/atom+xml"
    assert sent["Host"] == f"pub.example:{site.port}"


def test_second_poll_with_validators_is_not_modified(site, make_fetcher):
    etag, modified = 'W/"v1;x y"', "Tue, 03 Jun 2025 10:00:00 GMT"

    def feed(handler):
        if handler.headers.get("If-None-Match") == etag:
            handler.respond(304, headers={"ETag": etag})
        else:
            handler.respond(200, b"<rss/>", {"ETag": etag, "Last-Modified": modified})

    site.route("/feed", feed)
    fetcher = make_fetcher()
    first = fetcher.fetch(site.url("/feed"))
    second = fetcher.fetch(site.url("/feed"), etag=first.etag, last_modified=first.last_modified)
    assert (first.etag, first.last_modified) == (etag, modified)
    assert second.not_modified and second.status == 304 and second.content == b""
    assert (second.etag, second.last_modified) == (etag, modified)


def test_validators_are_echoed_verbatim(site, make_fetcher):
    site.route("/feed", status=304)
    make_fetcher().fetch(site.url("/feed"), etag='"abc=="', last_modified="yesterday-ish")
    sent = site.requests[0][1]
    assert (sent["If-None-Match"], sent["If-Modified-Since"]) == ('"abc=="', "yesterday-ish")


def test_redirects_are_followed_to_the_final_url(site, make_fetcher):
    site.route("/old", status=301, headers={"Location": "/moved?x=1"})
    site.route("/moved?x=1", status=302, headers={"Location": site.url("/final")})
    site.route("/final", b"here")
    result = make_fetcher().fetch(site.url("/old"))
    assert (result.url, result.content) == (site.url("/final"), b"here")


def test_redirect_chain_past_the_limit_raises_too_many_redirects(site, make_fetcher):
    for hop in range(3):
        site.route(f"/r{hop}", status=307, headers={"Location": f"/r{hop + 1}"})
    site.route("/r3", b"end")
    assert make_fetcher(max_redirects=3).fetch(site.url("/r0")).content == b"end"
    with pytest.raises(TooManyRedirects):
        make_fetcher(max_redirects=2).fetch(site.url("/r0"))
    assert site.hits("/r3") == 1


def test_redirect_to_a_name_resolving_to_a_private_address_is_refused(
    site, make_fetcher, resolver, connects
):
    resolver.table["intranet.example"] = "10.0.0.1"
    site.route("/go", status=302, headers={"Location": site.url("/", host="intranet.example")})
    with pytest.raises(BlockedAddress, match="10.0.0.1"):
        make_fetcher().fetch(site.url("/go"))
    assert connects == ["127.0.0.1"]


def test_redirect_to_the_cloud_metadata_address_is_refused(site, make_fetcher, connects):
    site.route("/go", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    with pytest.raises(BlockedAddress):
        make_fetcher().fetch(site.url("/go"))
    assert connects == ["127.0.0.1"]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost/",
        "http://10.1.2.3/",
        "http://172.16.0.1/",
        "http://192.168.1.1/",
        "http://100.64.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
        "http://[::1]/",
        "http://[fe80::1]/",
        "http://[fd00::1]/",
        "http://[fec0::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:7f00:1]/",
        "http://[::127.0.0.1]/",
        "http://[64:ff9b::a00:1]/",
        "http://[2002:a00:1::1]/",
        "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",
        "http://2130706433/",
        "http://0177.0.0.1/",
        "http://0x7f.1/",
        "http://0x7f000001/",
        "http://127.1/",
        "https://10.0.0.1:8443/",
    ],
)
def test_non_public_addresses_are_refused_without_connecting(url, connects):
    resolver = StubResolver({"localhost": "127.0.0.1"})
    fetcher = Fetcher(FetchPolicy(respect_robots=False), resolver=resolver)
    with fetcher, pytest.raises(BlockedAddress):
        fetcher.fetch(url)
    assert connects == []
    assert resolver.calls in ([], ["localhost"])


def test_dns_rebinding_cannot_reach_a_private_address(site, make_fetcher, resolver, connects):
    # The first answer is "public" (loopback is allowed here), every later one private.
    resolver.table["rebind.example"] = ["127.0.0.1", "10.0.0.1"]
    site.route("/feed", b"<rss/>", headers={"Connection": "close"})
    fetcher = make_fetcher()
    assert fetcher.fetch(site.url("/feed", host="rebind.example")).content == b"<rss/>"
    with pytest.raises(BlockedAddress):
        fetcher.fetch(site.url("/feed", host="rebind.example"))
    # One lookup per connection: the address checked is the address dialled.
    assert resolver.calls == ["rebind.example", "rebind.example"]
    assert connects == ["127.0.0.1"]


def test_any_private_answer_blocks_the_whole_name(connects):
    def mixed(host, port):
        return ["127.0.0.1", "192.168.0.10"]

    fetcher = Fetcher(FetchPolicy(respect_robots=False, allowed_networks=LOOPBACK), resolver=mixed)
    with fetcher, pytest.raises(BlockedAddress, match="192.168.0.10"):
        fetcher.fetch("http://pub.example/")
    assert connects == []


def test_allowed_networks_let_operators_fetch_private_feeds(site, make_fetcher):
    site.route("/feed", b"ok")
    assert make_fetcher().fetch(f"http://127.0.0.1:{site.port}/feed").content == b"ok"
    assert make_fetcher().fetch(f"http://[::ffff:127.0.0.1]:{site.port}/feed").content == b"ok"


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://pub.example/x", "gopher://pub.example/", "javascript:1"]
)
def test_non_http_schemes_are_refused(url, make_fetcher, resolver):
    with pytest.raises(BlockedAddress, match="only http and https"):
        make_fetcher().fetch(url)
    assert resolver.calls == []


def test_urls_with_credentials_are_refused(make_fetcher, resolver):
    with pytest.raises(BlockedAddress, match="credentials"):
        make_fetcher().fetch("http://user:secret@pub.example/")
    assert resolver.calls == []


def test_retry_after_seconds_raise_retry_later(site, make_fetcher):
    site.route("/feed", status=429, headers={"Retry-After": "120"})
    with pytest.raises(RetryLater) as caught:
        make_fetcher().fetch(site.url("/feed"))
    assert caught.value.status == 429
    assert caught.value.retry_after == datetime.timedelta(seconds=120)


def test_retry_after_http_date_raises_retry_later(site, make_fetcher):
    when = datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=10)
    retry_at = email.utils.format_datetime(when, usegmt=True)
    site.route("/feed", status=503, headers={"Retry-After": retry_at})
    with pytest.raises(RetryLater) as caught:
        make_fetcher().fetch(site.url("/feed"))
    assert 590 <= caught.value.retry_after.total_seconds() <= 600


def test_retry_after_is_capped_at_a_day_and_junk_is_ignored(site, make_fetcher):
    site.route("/long", status=429, headers={"Retry-After": "99999999999"})
    site.route("/junk", status=503, headers={"Retry-After": "soon"})
    with pytest.raises(RetryLater) as long_wait:
        make_fetcher().fetch(site.url("/long"))
    with pytest.raises(RetryLater) as junk:
        make_fetcher().fetch(site.url("/junk"))
    assert long_wait.value.retry_after == datetime.timedelta(hours=24)
    assert junk.value.retry_after is None


def test_forbidden_says_the_site_may_be_blocking_bots(site, make_fetcher):
    site.route("/feed", status=403)
    with pytest.raises(HTTPStatusError, match="blocking bots") as caught:
        make_fetcher().fetch(site.url("/feed"))
    assert caught.value.status == 403 and caught.value.url == site.url("/feed")
    assert not isinstance(caught.value, RetryLater)


def test_slow_drip_server_is_cut_at_the_total_timeout(site, make_fetcher):
    """Each byte comes well within the read timeout; only the fetch's total budget cuts it.
    The fetch's clock moves 0.1 s per byte sent, so the cut comes after ~15 bytes however
    slowly this machine runs."""
    clock = ManualClock()
    sent = []

    def drip(handler):
        handler.send_response(200)
        handler.send_header("Connection", "close")
        handler.end_headers()
        try:
            for _ in range(500):
                handler.wfile.write(b"x")
                handler.wfile.flush()
                sent.append(1)
                clock.advance(0.1)
                time.sleep(0.01)  # a drip, not a flood: the client reads byte by byte
        except OSError:
            pass

    site.route("/drip", drip)
    with pytest.raises(TimedOut, match="limit 1.5 s"):
        make_fetcher(total_timeout=1.5, clock=clock).fetch(site.url("/drip"))
    assert 14 <= len(sent) < 500  # cut at the budget, long before the server was done


@pytest.fixture(scope="module")
def gzip_bomb():
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1024 * 1024)
    return b"".join(packer.compress(zeros) for _ in range(50)) + packer.flush()


def test_gzip_bomb_is_cut_at_max_bytes(site, make_fetcher, gzip_bomb):
    site.route("/bomb", gzip_bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(TooLarge, match="1 MiB"):
        make_fetcher(max_bytes=1024 * 1024).fetch(site.url("/bomb"))


def test_brotli_bomb_is_cut_at_max_bytes(site, make_fetcher):
    bomb = brotli.compress(bytes(50 * 1024 * 1024), quality=5)
    site.route("/bomb", bomb, headers={"Content-Encoding": "br"})
    with pytest.raises(TooLarge):
        make_fetcher(max_bytes=1024 * 1024).fetch(site.url("/bomb"))


def test_plain_body_over_the_cap_is_too_large(site, make_fetcher):
    site.route("/big", b"x" * 5000)
    with pytest.raises(TooLarge):
        make_fetcher(max_bytes=4096).fetch(site.url("/big"))


@pytest.mark.parametrize(
    ("encoding", "pack"),
    [
        ("br", brotli.compress),
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda data: zlib.compress(data, wbits=-zlib.MAX_WBITS)),
    ],
)
def test_compressed_bodies_are_decoded(site, make_fetcher, encoding, pack):
    body = "<p>Grüße aus der Redaktion</p>".encode() * 200
    site.route("/page", pack(body), headers={"Content-Encoding": encoding})
    assert make_fetcher().fetch(site.url("/page")).content == body


def test_corrupt_compressed_body_is_a_fetch_error(site, make_fetcher):
    site.route("/page", b"definitely not gzip", headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="could not decode gzip"):
        make_fetcher().fetch(site.url("/page"))


def test_robots_disallow_is_honoured_and_robots_is_fetched_once(site, make_fetcher):
    rules = b"User-agent: *\nDisallow: /\n\nUser-agent: Broadsheet\nDisallow: /private\n"
    site.route("/robots.txt", rules)
    site.route("/news", b"ok")
    fetcher = make_fetcher(respect_robots=True)
    assert fetcher.fetch(site.url("/news")).content == b"ok"
    with pytest.raises(RobotsDisallowed):
        fetcher.fetch(site.url("/private/feed.xml"))
    assert site.hits("/robots.txt") == 1
    assert site.hits("/private/feed.xml") == 0


def test_redirect_into_a_disallowed_path_is_refused(site, make_fetcher):
    site.route("/robots.txt", b"User-agent: Broadsheet\nDisallow: /private\n")
    site.route("/go", status=302, headers={"Location": "/private/x"})
    with pytest.raises(RobotsDisallowed):
        make_fetcher(respect_robots=True).fetch(site.url("/go"))
    assert site.hits("/private/x") == 0


@pytest.mark.parametrize("status", [404, 403, 500])
def test_missing_or_broken_robots_allows_fetching(site, make_fetcher, status):
    site.route("/robots.txt", status=status)
    site.route("/feed", b"ok")
    assert make_fetcher(respect_robots=True).fetch(site.url("/feed")).content == b"ok"


def test_per_host_delay_spaces_request_starts(site, make_fetcher):
    site.route("/a", b"a")
    clock = ManualClock()
    fetcher = make_fetcher(per_host_delay=0.3, clock=clock)
    fetcher.fetch(site.url("/a"))
    assert clock.waits == []  # the first request to a host starts at once
    fetcher.fetch(site.url("/a"))
    assert len(clock.waits) == 1 and clock.waits[0] == pytest.approx(0.3, abs=0.01)
    assert site.hits("/a") == 2


def test_per_host_delay_counts_from_the_last_start():
    clock = ManualClock()
    limiter = HostLimiter(max_concurrent=1, min_delay=1.0, clock=clock)
    with limiter.acquire("pub.example:80"):
        clock.advance(0.75)  # the request itself took 0.75 s
    with limiter.acquire("pub.example:80"):
        pass
    assert clock.waits == [pytest.approx(0.25)]


def test_host_limiter_caps_concurrent_requests_per_host():
    """Six requests to one host, each held open until the test lets go: two run, four wait."""
    limiter = HostLimiter(max_concurrent=2, min_delay=0.0)
    lock, running, peak, done = threading.Lock(), [0], [0], []
    release = threading.Event()

    def work(key):
        with limiter.acquire(key):
            with lock:
                running[0] += 1
                peak[0] = max(peak[0], running[0])
            release.wait(timeout=30)
            with lock:
                running[0] -= 1
        done.append(key)

    threads = [threading.Thread(target=work, args=("pub.example:80",)) for _ in range(6)]
    for thread in threads:
        thread.start()
    _wait_for(lambda: running[0] == 2)
    _wait_for(lambda: limiter.waiting("pub.example:80") == 4)
    assert running[0] == 2  # four threads are blocked in acquire, none got in
    release.set()
    for thread in threads:
        thread.join(timeout=30)
    assert peak[0] == 2 and len(done) == 6


def _wait_for(condition, timeout: float = 30.0) -> None:
    """Wait for another thread to reach a state (fails, never passes, when it does not)."""
    event = threading.Event()
    for _ in range(int(timeout / 0.01)):
        if condition():
            return
        event.wait(0.01)
    raise AssertionError("condition not met")


def test_host_limiter_does_not_delay_other_hosts():
    clock = ManualClock()
    limiter = HostLimiter(max_concurrent=1, min_delay=5.0, clock=clock)
    with limiter.acquire("a.example:80"), limiter.acquire("b.example:80"):
        pass
    assert clock.waits == []


def test_keep_alive_connections_are_reused(site, make_fetcher, connects):
    site.route("/a", b"a")
    fetcher = make_fetcher()
    fetcher.fetch(site.url("/a"))
    fetcher.fetch(site.url("/a"))
    assert connects == ["127.0.0.1"]


def test_cookies_last_for_one_redirect_chain_only(site, make_fetcher):
    site.route("/wall", status=302, headers={"Set-Cookie": "consent=yes; Path=/", "Location": "/"})
    site.route("/", b"article")
    fetcher = make_fetcher()
    fetcher.fetch(site.url("/wall"))
    fetcher.fetch(site.url("/"))
    cookies = [headers.get("Cookie") for _, headers, _ in site.requests]
    assert cookies == [None, "consent=yes", None]


def test_proxies_from_the_environment_are_ignored(site, make_fetcher, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("ALL_PROXY", "http://127.0.0.1:9")
    site.route("/feed", b"direct")
    assert make_fetcher().fetch(site.url("/feed")).content == b"direct"


def test_connection_refused_has_a_clear_reason(make_fetcher):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError, match="connection refused"):
        make_fetcher().fetch(f"http://pub.example:{port}/")


def test_dns_failure_has_a_clear_reason(make_fetcher):
    with pytest.raises(FetchError, match="DNS lookup failed for nowhere.example"):
        make_fetcher().fetch("http://nowhere.example/")


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl CLI")
def test_untrusted_certificate_is_a_tls_error(tmp_path, make_fetcher):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
        + ["-nodes", "-days", "1", "-subj", "/CN=pub.example", "-keyout", key, "-out", cert],
        check=True,
        capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = _serve(context)
    try:
        with pytest.raises(FetchError, match="TLS error: certificate verify failed"):
            make_fetcher().fetch(server.publisher.url("/", scheme="https"))
    finally:
        server.shutdown()
        server.server_close()


def test_fetch_errors_survive_pickling():
    error = pickle.loads(pickle.dumps(RetryLater(429, url="http://x/", retry_after=None)))
    assert (type(error), error.status, error.url) == (RetryLater, 429, "http://x/")
    assert "429" in error.reason


def test_windows_1252_mislabelled_as_utf8_decodes_right(site, make_fetcher):
    text = "<p>Café – “quoted” naïve façade, 5 €</p>"
    site.route("/page", text.encode("cp1252"), headers={"Content-Type": "text/html; charset=utf-8"})
    result = make_fetcher().fetch(site.url("/page"))
    assert result.text == text
    assert result.content == text.encode("cp1252")


def _result(content: bytes, content_type: str = "") -> FetchResult:
    headers = {"content-type": content_type} if content_type else {}
    return FetchResult("http://x/", 200, headers, content, None, None, False, "")


def test_text_follows_a_byte_order_mark_over_any_declaration():
    assert _result("\ufeffÀ".encode("utf-16-le"), "text/html; charset=cp1252").text == "À"


def test_text_uses_the_in_document_declaration_when_http_says_nothing():
    page = '<html><head><meta charset="koi8-r"></head><body>Привет</body></html>'
    assert _result(page.encode("koi8-r")).text == page
    feed = '<?xml version="1.0" encoding="ISO-8859-15"?><rss>€uro</rss>'
    assert _result(feed.encode("iso-8859-15")).text == feed


def test_text_trusts_a_header_charset_that_decodes_cleanly():
    assert decode_body("Ça va".encode("cp1250"), http_charset="windows-1250") == "Ça va"
    assert decode_body(b"caf\xe9 \x93q\x94", http_charset="iso-8859-1") == "café “q”"


@pytest.mark.parametrize(
    ("ip", "public"),
    [
        ("93.184.216.34", True),
        ("2606:4700::1111", True),
        ("64:ff9b::5db8:d822", True),
        ("2002:5db8:d822::1", True),
        ("::ffff:93.184.216.34", True),
        ("100.64.0.1", False),
        ("192.0.2.1", False),
        ("255.255.255.255", False),
        ("ff02::1", False),
        ("64:ff9b::7f00:1", False),
        ("2002:c0a8:101::1", False),
        ("not an ip", False),
    ],
)
def test_is_public_address(ip, public):
    assert is_public_address(ip) is public


def test_allowed_networks_admit_private_and_mapped_addresses():
    allowed = parse_networks("127.0.0.0/8, 10.1.0.0/16")
    assert is_public_address("127.0.0.1", allowed_networks=allowed)
    assert is_public_address("::ffff:10.1.2.3", allowed_networks=allowed)
    assert not is_public_address("10.2.0.1", allowed_networks=allowed)


def test_parse_networks_reads_lists_and_rejects_junk():
    assert [str(n) for n in parse_networks(" 10.0.0.0/8,192.168.1.5  fd00::/8 ")] == [
        "10.0.0.0/8",
        "192.168.1.5/32",
        "fd00::/8",
    ]
    assert parse_networks("") == ()
    with pytest.raises(ValueError):
        parse_networks("10.0.0.0/8, intranet")
