"""The one owner of WebSub writes: subscribing at hubs, the hub's intent check, taking pushes.

Subscribing happens from a feed's poll (the hub is announced in the feed or its Link
header); the same poll renews the subscription before its lease runs out, so polling
is both the fallback and the clock. A push is refused, with nothing stored, when its
callback is unknown, its subscription is not verified, its signature is missing or wrong,
its body is too large, it names another topic, or it was received before.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from broadsheet.lib.fetch import Fetcher, FetchError
from broadsheet.sources.models import Feed
from broadsheet.websub.models import Push, Subscription

log = logging.getLogger(__name__)

# A request the hub did not confirm (or that failed) is sent again after this long.
RETRY_AFTER = timedelta(hours=1)
CLAIM_LEASE = timedelta(minutes=10)
_SIGNATURE = re.compile(r"^(sha1|sha256|sha384|sha512)=([0-9a-fA-F]+)$")
_LINK = re.compile(r"<([^>]*)>\s*((?:;\s*[^;,]*)*)")


class Refused(Exception):
    """A hub's check or a push that is refused: `status` and a message for the hub."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def is_enabled() -> bool:
    """WebSub needs an address hubs can reach (WEBSUB_CALLBACK_BASE_URL)."""
    return bool(settings.WEBSUB_CALLBACK_BASE_URL)


def callback_url(subscription: Subscription) -> str:
    """Where the hub checks intent and pushes: the public base URL and the secret token."""
    return f"{settings.WEBSUB_CALLBACK_BASE_URL.rstrip('/')}/websub/{subscription.token}"


def links_from_header(value: str) -> tuple[tuple[str, ...], str | None]:
    """Hub and self URLs from an HTTP Link header (`<https://hub>; rel="hub"`)."""
    hubs: list[str] = []
    self_url = None
    for match in _LINK.finditer(value or ""):
        url, params = match.group(1).strip(), match.group(2).lower()
        rels = re.findall(r'rel\s*=\s*"?([^";]+)"?', params)
        words = {word for rel in rels for word in rel.split()}
        if url.startswith(("http://", "https://")):
            if "hub" in words and url not in hubs:
                hubs.append(url)
            if "self" in words and self_url is None:
                self_url = url
    return tuple(hubs), self_url


@dataclass(frozen=True)
class Announced:
    """What a poll learned of a feed's WebSub set-up (hubs empty: none announced)."""

    hub_urls: tuple[str, ...]
    self_url: str | None


def renew_margin(subscription: Subscription) -> timedelta:
    """Renew when less than this is left: half the lease, and at least two of the longest
    poll intervals, so a poll always comes round before the lease ends."""
    half = timedelta(seconds=subscription.lease_seconds / 2)
    return max(half, timedelta(seconds=2 * settings.FEED_MAX_INTERVAL))


def _is_due(subscription: Subscription, now: datetime) -> bool:
    if subscription.is_active(now) and subscription.lease_expires_at is not None:
        return subscription.lease_expires_at - now < renew_margin(subscription)
    if subscription.requested_at is None:
        return True
    return now - subscription.requested_at >= RETRY_AFTER


def maintain_subscription(
    feed: Feed, *, announced: Announced | None, fetcher: Fetcher, now: datetime
) -> Subscription | None:
    """Subscribe at the hub the feed announces, or renew before the lease ends.

    `announced` None (a 304 poll) keeps the hub already known. Never raises for a hub's
    failure: the error is kept on the subscription and tried again later.
    """
    if not is_enabled():
        return None
    subscription = Subscription.objects.filter(feed=feed).first()
    if announced is not None and announced.hub_urls:
        hub, topic = announced.hub_urls[0], announced.self_url or feed.url
        if subscription is None:
            subscription = Subscription.objects.create(
                feed=feed, hub_url=hub, topic_url=topic, token=secrets.token_urlsafe(32),
                secret=secrets.token_hex(32),
            )  # fmt: skip
        elif (subscription.hub_url, subscription.topic_url) != (hub, topic):
            # Moved to another hub or topic: start over there with a fresh secret.
            subscription.hub_url, subscription.topic_url = hub, topic
            subscription.secret, subscription.state = secrets.token_hex(32), "pending"
            subscription.requested_at = None
            subscription.save()
    if subscription is None or not _is_due(subscription, now):
        return subscription
    _request(subscription, fetcher=fetcher, now=now)
    return subscription


def _request(subscription: Subscription, *, fetcher: Fetcher, now: datetime) -> None:
    form = {
        "hub.mode": "subscribe",
        "hub.topic": subscription.topic_url,
        "hub.callback": callback_url(subscription),
        "hub.secret": subscription.secret,
        "hub.lease_seconds": str(settings.WEBSUB_LEASE_SECONDS),
    }
    error = ""
    try:
        fetcher.post_form(subscription.hub_url, form)
    except FetchError as failure:
        error = f"subscription request to {subscription.hub_url} failed: {failure.reason}"
        log.info("%s", error)
    Subscription.objects.filter(pk=subscription.pk).update(requested_at=now, last_error=error)
    subscription.requested_at, subscription.last_error = now, error


def verify_intent(
    token: str, *, mode: str, topic: str, challenge: str, lease_seconds: str, reason: str
) -> str:
    """The hub's check of a subscription request: the challenge to echo, or Refused (404)."""
    subscription = Subscription.objects.filter(token=token).first()
    if subscription is None or topic != subscription.topic_url:
        raise Refused(404, "no subscription to this topic at this callback")
    now = timezone.now()
    if mode == "denied":
        Subscription.objects.filter(pk=subscription.pk).update(
            state=Subscription.State.DENIED, last_error=f"denied by the hub: {reason[:500]}"
        )
        return ""
    if mode != "subscribe" or not challenge:
        # Broadsheet never asks a hub to unsubscribe: an unsubscribe check is not ours.
        raise Refused(404, f"no {mode or 'such'} request was made for this topic")
    seconds = int(lease_seconds) if lease_seconds.isdigit() else settings.WEBSUB_LEASE_SECONDS
    Subscription.objects.filter(pk=subscription.pk).update(
        state=Subscription.State.ACTIVE, lease_seconds=seconds, verified_at=now,
        lease_expires_at=now + timedelta(seconds=seconds), last_error="",
    )  # fmt: skip
    return challenge


def _signature_matches(secret: str, body: bytes, header: str) -> bool:
    match = _SIGNATURE.match(header.strip())
    if match is None:
        return False
    method, sent = match.groups()
    expected = hmac.new(secret.encode(), body, getattr(hashlib, method)).hexdigest()
    return hmac.compare_digest(expected, sent.lower())


def accept_push(token: str, *, body: bytes, content_type: str, signature: str, link: str) -> Push:
    """Check a push and keep it for the ingest job; Refused (nothing stored) otherwise."""
    subscription = Subscription.objects.select_related("feed").filter(token=token).first()
    if subscription is None:
        raise Refused(404, "unknown callback: no subscription here")
    if not subscription.is_active():
        raise Refused(410, "this subscription is not active: the hub should stop pushing")
    if len(body) > settings.WEBSUB_MAX_PUSH_BYTES:
        raise Refused(413, f"pushes are limited to {settings.WEBSUB_MAX_PUSH_BYTES} bytes")
    if not signature:
        raise Refused(403, "unsigned push: X-Hub-Signature is required")
    if not _signature_matches(subscription.secret, body, signature):
        raise Refused(403, "the X-Hub-Signature does not match this body")
    _hubs, topic = links_from_header(link)
    if topic is not None and topic != subscription.topic_url:
        raise Refused(400, f"this callback is for {subscription.topic_url}, not {topic}")
    digest = hashlib.sha256(body).hexdigest()
    try:
        with transaction.atomic():
            push = Push.objects.create(
                subscription=subscription, digest=digest, body=body,
                content_type=content_type[:200],
            )  # fmt: skip
    except IntegrityError:
        raise Refused(409, "replayed push: this content was already received") from None
    Subscription.objects.filter(pk=subscription.pk).update(last_push_at=push.received_at)
    return push


def finish_push(push: Push, *, error: str = "") -> None:
    """The ingest job is done with a push: drop its body, keep its digest (replays)."""
    Push.objects.filter(pk=push.pk).update(
        body=None, processed_at=timezone.now(), error=error[:2000]
    )


def _waiting(now: datetime) -> QuerySet[Push]:
    stale = now - CLAIM_LEASE
    return Push.objects.filter(processed_at__isnull=True).filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale)
    )


def claim_push(push_id: int) -> Push | None:
    """Take a waiting push for processing, unless another worker holds it (safe to run twice)."""
    now = timezone.now()
    if _waiting(now).filter(pk=push_id).update(claimed_at=now) != 1:
        return None
    return Push.objects.select_related("subscription").get(pk=push_id)


def waiting_push_ids(limit: int) -> list[int]:
    """Pushes received and not yet ingested (or whose worker died), oldest first."""
    rows = _waiting(timezone.now()).order_by("received_at", "pk")
    return list(rows.values_list("pk", flat=True)[:limit])
