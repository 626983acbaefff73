"""Production settings pass `check --deploy`, and every response carries the security headers."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

from broadsheet.web.security import check_content_security_policy

ROOT = Path(__file__).resolve().parents[2]


def check_deploy(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    # The browser fixtures set DJANGO_ALLOW_ASYNC_UNSAFE in this process; no server would.
    dropped = ("DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    environment = {k: v for k, v in os.environ.items() if k not in dropped}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    environment.update(BROADSHEET_DATA_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "-m", "broadsheet.cli", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    result = check_deploy(
        tmp_path,
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        HTTPS="true",
        ALLOWED_HOSTS="news.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_flags_the_development_defaults(tmp_path):
    result = check_deploy(
        tmp_path, CONTENT_SECURITY_POLICY="default-src 'self'; script-src 'self' 'unsafe-inline'"
    )
    assert result.returncode != 0
    for warning in ("security.W009", "security.W004", "security.W012", "broadsheet.W001"):
        assert warning in result.stderr + result.stdout


@pytest.mark.parametrize(
    "policy",
    ["", "default-src *", "script-src 'self' 'unsafe-eval'", "default-src 'unsafe-inline'"],
)
def test_the_policy_check_refuses_policies_that_allow_inline_script(policy):
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        if policy == "default-src *":
            assert check_content_security_policy() == []
        else:
            assert [m.id for m in check_content_security_policy()] == ["broadsheet.W001"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/", "/en/search?q=x", "/healthz", "/feeds/latest.rss"])
def test_every_response_carries_the_security_headers(path):
    response = Client().get(path)
    csp = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if " " in d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'" and directives["base-uri"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_hsts_and_secure_cookies_when_https_is_on():
    with override_settings(
        SECURE_HSTS_SECONDS=31_536_000,
        SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
        SECURE_HSTS_PRELOAD=True,
        SECURE_SSL_REDIRECT=True,
        CSRF_COOKIE_SECURE=True,
    ):
        client = Client()
        plain = client.get("/en/accounts/login")
        assert plain.status_code == 301 and plain["Location"].startswith("https://")
        secure = client.get("/en/accounts/login", secure=True)
        hsts = secure["Strict-Transport-Security"]
        assert "max-age=31536000" in hsts and "includeSubDomains" in hsts and "preload" in hsts
        cookie = secure.cookies["csrftoken"]
        assert cookie["secure"] and cookie["samesite"] == "Lax"


_TEMPLATE_DIRS = sorted(ROOT.glob("broadsheet/**/templates"))
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.I)
_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
_STYLE_ATTR = re.compile(r"<[^>]+\sstyle\s*=", re.I)


def test_templates_have_no_inline_script_handlers_or_styles():
    """The CSP would block them (script-src and style-src 'self'), so none may exist."""
    offenders = []
    for directory in _TEMPLATE_DIRS:
        for template in directory.rglob("*.html"):
            text = template.read_text()
            for pattern in (_INLINE_SCRIPT, _HANDLER, _STYLE_ATTR):
                offenders += [f"{template.relative_to(ROOT)}: {m}" for m in pattern.findall(text)]
            if "javascript:" in text.lower():
                offenders.append(f"{template.relative_to(ROOT)}: javascript: URL")
    assert _TEMPLATE_DIRS and offenders == []
