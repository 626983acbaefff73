"""The WebSub callback: the hub's intent check (GET) and its pushes (POST), by secret token."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from broadsheet.websub import services
from broadsheet.websub.signals import push_received


def _text(body: str, status: int = 200) -> HttpResponse:
    return HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")


# Hubs send no cookie; a push proves itself by its HMAC signature, an intent check by
# naming the topic this secret callback was given for.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def callback(request: HttpRequest, token: str) -> HttpResponse:
    """GET: answer the hub's check with its challenge. POST: take a signed push (202)."""
    try:
        if request.method == "GET":
            return _text(_verify(request, token))
        push = _push(request, token)
    except services.Refused as refused:
        return _text(str(refused), status=refused.status)
    transaction.on_commit(lambda: _enqueue(push.pk))
    return _text("accepted", status=202)


def _verify(request: HttpRequest, token: str) -> str:
    query = request.GET
    return services.verify_intent(
        token, mode=query.get("hub.mode", ""), topic=query.get("hub.topic", ""),
        challenge=query.get("hub.challenge", ""),
        lease_seconds=query.get("hub.lease_seconds", ""), reason=query.get("hub.reason", ""),
    )  # fmt: skip


def _push(request: HttpRequest, token: str) -> services.Push:
    limit = settings.WEBSUB_MAX_PUSH_BYTES
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise services.Refused(400, "Content-Length is not a number") from None
    if declared > limit:
        raise services.Refused(413, f"pushes are limited to {limit} bytes")
    # Read at most one byte past the limit, so an undeclared length cannot fill memory.
    body = request.read(limit + 1)
    return services.accept_push(
        token, body=body, content_type=request.content_type or "",
        signature=request.headers.get("X-Hub-Signature", ""),
        link=request.headers.get("Link", ""),
    )  # fmt: skip


def _enqueue(push_id: int) -> None:
    """Announce the push: scaled out, a worker ingests it now; in-process, the next round does."""
    push_received.send(sender=None, push_id=push_id)
