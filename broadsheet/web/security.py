"""Security headers Django does not send itself: Content-Security-Policy and Permissions-Policy.

Django 5.2 has no CSP. Ours allows no inline script at all: publishers' text and readers'
comments are sanitised, and if a sanitiser ever missed something, the browser still would not
run it. The site's own JavaScript is external (web/static/web/*.js) for that reason.
HSTS, nosniff, Referrer-Policy and Cross-Origin-Opener-Policy come from Django's
SecurityMiddleware, X-Frame-Options from its clickjacking middleware (settings.py).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.checks import CheckMessage, Tags, register
from django.core.checks import Warning as CheckWarning
from django.http import HttpRequest, HttpResponse

# The interactive API docs (django-ninja's Swagger UI) are an inline script and a CDN bundle;
# that one developer page gets them, nothing else does.
DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' https://cdn.jsdelivr.net; img-src 'self' data: https:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    """Adds Content-Security-Policy and Permissions-Policy to every response that lacks them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = policy_for(request.path)
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = PERMISSIONS_POLICY
        return response


def policy_for(path: str) -> str:
    """The CSP for a path: CONTENT_SECURITY_POLICY from settings, or the docs page's own."""
    if path.startswith("/api/") and path.rstrip("/").endswith("/docs"):
        return DOCS_POLICY
    return str(settings.CONTENT_SECURITY_POLICY)


@register(Tags.security, deploy=True)
def check_content_security_policy(**kwargs: object) -> list[CheckMessage]:
    """`check --deploy` warns when the policy would let injected inline script run."""
    policy = str(getattr(settings, "CONTENT_SECURITY_POLICY", ""))
    directives = {
        part.strip().split(" ")[0]: part.strip() for part in policy.split(";") if part.strip()
    }
    script = directives.get("script-src") or directives.get("default-src") or ""
    if not policy or "'unsafe-inline'" in script or "'unsafe-eval'" in script or not script:
        return [
            CheckWarning(
                "CONTENT_SECURITY_POLICY allows inline or eval'd script, or is empty.",
                hint="Keep script-src to 'self' (docs/security.md).",
                id="broadsheet.W001",
            )
        ]
    return []
