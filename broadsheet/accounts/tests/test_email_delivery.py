"""Account emails leave through SMTP when configured: a loopback SMTP server receives them."""

from __future__ import annotations

import os
import re
import socketserver
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.test import Client

from broadsheet.accounts.tests.people import PASSWORD

pytestmark = pytest.mark.django_db


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP (RFC 5321) to take one message at a time and keep it."""

    def handle(self) -> None:
        self._send("220 loopback ready")
        while line := self.rfile.readline():
            verb = line.decode().strip().split(" ")[0].upper()
            if verb in ("EHLO", "HELO"):
                self._send("250 loopback")
            elif verb == "DATA":
                self._send("354 go on")
                self.server.messages.append(self._read_data())  # type: ignore[attr-defined]
                self._send("250 queued")
            elif verb == "QUIT":
                self._send("221 bye")
                return
            else:  # MAIL FROM, RCPT TO, RSET, NOOP
                self._send("250 ok")

    def _read_data(self) -> str:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b""):
            lines.append(line.decode())
        return "".join(lines)

    def _send(self, reply: str) -> None:
        self.wfile.write(reply.encode() + b"\r\n")


@contextmanager
def smtp_server() -> Iterator[socketserver.ThreadingTCPServer]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTPHandler)
    server.messages = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def test_sign_up_mails_the_verification_link_over_smtp(client: Client, settings):
    with smtp_server() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = server.server_address
        response = client.post(
            "/en/accounts/signup",
            {
                "email": "ana@example.org",
                "display_name": "Ana",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
        assert response.status_code == 200
        (message,) = server.messages  # type: ignore[attr-defined]
    assert "To: ana@example.org" in message
    path = re.search(r"http://testserver(/en/accounts/verify/\S+)", message).group(1)
    assert client.get(path).status_code == 302


def test_email_settings_come_from_the_environment():
    env = {
        **os.environ,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example.org",
        "EMAIL_PORT": "587",
        "EMAIL_USE_TLS": "true",
        "EMAIL_HOST_USER": "broadsheet",
        "DJANGO_SETTINGS_MODULE": "broadsheet.settings",
    }
    code = (
        "from django.conf import settings as s;"
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, s.EMAIL_HOST_USER)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == [
        "django.core.mail.backends.smtp.EmailBackend",
        "mail.example.org",
        "587",
        "True",
        "broadsheet",
    ]
