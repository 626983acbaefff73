"""The documented deployment, end to end: `broadsheet run` behind Debian's nginx terminating TLS.

A self-signed certificate is made here; nginx proxies to `broadsheet run` with
HTTPS=true and TRUSTED_PROXIES=127.0.0.1, as docs/self-hosting.md says. Pages answer
200 (not 301 to themselves), sign-in works with Secure cookies and CSRF over https, and
the rate limits count the client's address, not the proxy's. Clients connect from other
loopback addresses (127.0.0.5...) so the proxy and the clients can be told apart.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

NGINX_CONF = """
daemon off;
master_process off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    upstream broadsheet {{ server 127.0.0.1:{backend}; }}
    server {{
        listen 127.0.0.1:{port} ssl;
        server_name localhost;
        ssl_certificate {tmp}/cert.pem;
        ssl_certificate_key {tmp}/key.pem;
        location / {{
            proxy_pass http://broadsheet;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-Host $http_host;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }}
    }}
}}
"""
PASSWORD = "harbour-lights-1987"
MAKE_READER = f"""
from django.contrib.auth.models import User
from broadsheet.accounts.models import Profile
user = User.objects.create_user(username="ana@example.org", email="ana@example.org",
                                password="{PASSWORD}")
Profile.objects.create(user=user, display_name="Ana")
"""


def _nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if found and shutil.which("openssl"):
        return found
    message = "nginx or openssl is not installed: the behind-a-proxy deployment test cannot run"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    warnings.warn(message, stacklevel=2)
    print(f"\n!! {message} (skipped outside CI; `make test` installs nginx)")
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(port: int, process: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{what} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{what} did not listen on {port}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[str]:
    nginx = _nginx()
    tmp = tmp_path_factory.mktemp("proxy")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-keyout", str(tmp / "key.pem"), "-out", str(tmp / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    backend, port = _free_port(), _free_port()
    (tmp / "nginx.conf").write_text(NGINX_CONF.format(tmp=tmp, backend=backend, port=port))
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CACHE_URL")}
    env.update(
        BROADSHEET_DATA_DIR=str(tmp / "data"), HTTPS="true", TRUSTED_PROXIES="127.0.0.1",
        API_RATE_LIMIT_IP="3", SECRET_KEY="behind-nginx-test-" + "k" * 40,
        DJANGO_SETTINGS_MODULE="broadsheet.settings",
    )  # fmt: skip
    broadsheet = str(Path(sys.executable).with_name("broadsheet"))
    subprocess.run([broadsheet, "migrate", "-v", "0"], env=env, check=True, timeout=300)
    subprocess.run([broadsheet, "shell", "-c", MAKE_READER], env=env, check=True, timeout=120)
    # One web process: without Redis each process keeps its own rate-limit counts
    # (docs/configuration.md), and this test counts one client's requests exactly.
    server = subprocess.Popen(
        [broadsheet, "run", "--no-ingest", "--processes", "1", "--port", str(backend)],
        env=env, stdout=subprocess.DEVNULL, stderr=(tmp / "run.log").open("wb"),
    )  # fmt: skip
    proxy = subprocess.Popen(
        [nginx, "-p", str(tmp), "-c", str(tmp / "nginx.conf")],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        _wait_for(backend, server, "broadsheet run")
        _wait_for(port, proxy, "nginx")
        yield f"https://localhost:{port}"
    finally:
        _stop(proxy)
        _stop(server)


def client_from(address: str, **kwargs) -> httpx.Client:  # type: ignore[no-untyped-def]
    """A client whose connections leave from `address` (a loopback alias), trusting no CA."""
    transport = httpx.HTTPTransport(local_address=address, verify=False)
    return httpx.Client(transport=transport, timeout=60, **kwargs)


def test_pages_are_served_over_https_not_redirected_to_themselves(site):
    with client_from("127.0.0.5") as client:
        response = client.get(f"{site}/en/")
        assert response.status_code == 200, response.headers.get("location")
        assert "max-age=31536000" in response.headers["strict-transport-security"]
        # Links the site builds for itself carry the public scheme and host.
        sitemap = client.get(f"{site}/sitemap.xml")
        assert sitemap.status_code == 200
        assert f"<loc>{site}/" in sitemap.text


def test_sign_in_with_secure_cookies_and_csrf_over_https(site):
    with client_from("127.0.0.6") as client:
        form = client.get(f"{site}/en/accounts/login")
        assert form.status_code == 200
        assert re.search(r"csrftoken=[^;]+;.*Secure", form.headers["set-cookie"], re.I)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
        assert token is not None
        credentials = {"username": "ana@example.org", "password": PASSWORD}
        headers = {"Referer": f"{site}/en/accounts/login", "Origin": site}
        forged = client.post(f"{site}/en/accounts/login", data=credentials, headers=headers)
        assert forged.status_code == 403  # no CSRF token: refused
        signed_in = client.post(
            f"{site}/en/accounts/login",
            data={**credentials, "csrfmiddlewaretoken": token.group(1)},
            headers=headers,
        )
        assert signed_in.status_code == 302, signed_in.text[:500]
        assert signed_in.headers["location"].startswith("/") or signed_in.headers[
            "location"
        ].startswith(site)
        session = signed_in.headers["set-cookie"]
        assert re.search(r"sessionid=[^;]+;.*Secure", session, re.I)
        assert re.search(r"sessionid=[^;]+;.*HttpOnly", session, re.I)
        profile = client.get(f"{site}/en/accounts/profile")
        assert profile.status_code == 200 and "ana@example.org" in profile.text


def test_rate_limits_count_the_client_behind_the_proxy(site):
    url = f"{site}/api/v1/sources"
    with client_from("127.0.0.7") as first:
        answers = [first.get(url).status_code for _ in range(3)]
        assert answers == [200, 200, 200]
        assert first.get(url).status_code == 429
        # Writing another address in X-Forwarded-For does not escape the limit.
        assert first.get(url, headers={"X-Forwarded-For": "203.0.113.50"}).status_code == 429
    with client_from("127.0.0.8") as second:
        assert second.get(url).status_code == 200  # another client, its own budget
