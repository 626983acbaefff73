"""WebSub end to end: a poll subscribes at the feed's hub (a real HTTP hub on loopback), the
hub's intent check, signed pushes ingested through the poll's job, refusals, renewal."""

from __future__ import annotations

import hashlib
import hmac
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from django.test import Client
from django.utils import timezone

from broadsheet.articles.models import Article
from broadsheet.ingest.jobs import IngestContext, poll_feed
from broadsheet.ingest.pushes import process_waiting_pushes
from broadsheet.ingest.schedule import SchedulePolicy
from broadsheet.lib.fetch import Fetcher, FetchPolicy, parse_networks
from broadsheet.lib.testing.publisher import LoopbackPublisher, Page, rss_feed
from broadsheet.sources.services import ensure_feed
from broadsheet.websub import services
from broadsheet.websub.models import Push, Subscription

PUBLIC = "https://news.example"


class Hub:
    """A WebSub hub on loopback that records the subscription requests it gets."""

    def __init__(self, status: int = 202) -> None:
        self.requests: list[dict[str, str]] = []
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
                length = int(self.headers.get("Content-Length") or 0)
                form = parse_qs(self.rfile.read(length).decode())
                hub.requests.append({k: v[0] for k, v in form.items()})
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hub"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def feed_with_hub(base: str, hub_url: str, items: list[dict[str, str]]) -> bytes:
    """An RSS feed announcing `hub_url` and its own URL, as WebSub publishers do."""
    plain = rss_feed(base, items, title="Harbour Times").decode()
    links = f'<atom:link rel="hub" href="{hub_url}"/><atom:link rel="self" href="{base}/rss.xml"/>'
    plain = plain.replace(
        '<rss version="2.0">', '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">'
    )
    return plain.replace("<channel>", "<channel>" + links).encode()


@pytest.fixture
def world(db, settings):
    settings.WEBSUB_CALLBACK_BASE_URL = PUBLIC
    hub = Hub()
    publisher = LoopbackPublisher()
    items = [{"title": "Ferry times change", "path": "/ferry"}]
    publisher.pages["/rss.xml"] = Page(
        feed_with_hub(publisher.base, hub.url, items), "application/rss+xml"
    )
    publisher.start()
    feed = ensure_feed(f"{publisher.base}/rss.xml", name="Harbour Times").feed
    policy = FetchPolicy(
        total_timeout=5, per_host_delay=0, allowed_networks=parse_networks("127.0.0.0/8")
    )
    fetcher = Fetcher(policy)
    context = IngestContext(fetcher=fetcher, schedule=SchedulePolicy(), fetch_pages=False)
    yield {"hub": hub, "publisher": publisher, "feed": feed, "context": context}
    fetcher.close()
    publisher.stop()
    hub.stop()


def verify(subscription: Subscription, **overrides: str):
    query = {
        "hub.mode": "subscribe", "hub.topic": subscription.topic_url,
        "hub.challenge": "c-4b1d", "hub.lease_seconds": "2592000", **overrides,
    }  # fmt: skip
    return Client().get(f"/websub/{subscription.token}", query)


def push(subscription: Subscription, body: bytes, *, method: str = "sha256", **headers: str):
    signature = hmac.new(subscription.secret.encode(), body, getattr(hashlib, method)).hexdigest()
    sent = {"HTTP_X_HUB_SIGNATURE": f"{method}={signature}", **headers}
    return Client().post(
        f"/websub/{subscription.token}", body, content_type="application/rss+xml", **sent
    )


def subscribed(world) -> Subscription:
    poll_feed(world["feed"].pk, context=world["context"])
    subscription = Subscription.objects.get(feed=world["feed"])
    assert verify(subscription).status_code == 200
    subscription.refresh_from_db()
    return subscription


def test_a_poll_subscribes_at_the_announced_hub_which_checks_the_intent(world):
    outcome = poll_feed(world["feed"].pk, context=world["context"])
    assert outcome.status == "ok" and outcome.new_articles == 1  # the poll itself goes on
    [request] = world["hub"].requests
    subscription = Subscription.objects.get(feed=world["feed"])
    assert request == {
        "hub.mode": "subscribe",
        "hub.topic": f"{world['publisher'].base}/rss.xml",
        "hub.callback": f"{PUBLIC}/websub/{subscription.token}",
        "hub.secret": subscription.secret,
        "hub.lease_seconds": str(10 * 86400),
    }
    assert subscription.state == "pending"
    assert verify(subscription, **{"hub.topic": "https://other.example/feed"}).status_code == 404
    assert Client().get("/websub/not-a-token", {"hub.challenge": "x"}).status_code == 404
    answer = verify(subscription)
    assert answer.status_code == 200 and answer.content == b"c-4b1d"
    subscription.refresh_from_db()
    assert subscription.is_active() and subscription.lease_seconds == 2592000
    # A poll while the lease is young asks the hub nothing more.
    poll_feed(world["feed"].pk, context=world["context"])
    assert len(world["hub"].requests) == 1


def test_a_signed_push_goes_through_the_ingest_job_once(world):
    subscription = subscribed(world)
    base = world["publisher"].base
    body = feed_with_hub(
        base, world["hub"].url, [{"title": "Harbour wall rebuilt", "path": "/wall"}]
    )
    for method in ("sha256", "sha1"):
        answer = push(subscription, body + (b" " if method == "sha1" else b""), method=method)
        assert answer.status_code == 202, answer.content
    assert process_waiting_pushes(context=world["context"]) == 2
    assert Article.objects.filter(title="Harbour wall rebuilt").count() == 1
    assert Push.objects.filter(body__isnull=True, processed_at__isnull=False).count() == 2
    replay = push(subscription, body)
    assert replay.status_code == 409 and b"replayed" in replay.content
    assert Push.objects.count() == 2 and process_waiting_pushes(context=world["context"]) == 0


def test_bad_pushes_are_refused_with_a_reason_and_store_nothing(world, settings):
    subscription = subscribed(world)
    body = feed_with_hub(world["publisher"].base, world["hub"].url, [{"title": "X", "path": "/x"}])
    url = f"/websub/{subscription.token}"
    unsigned = Client().post(url, body, content_type="application/rss+xml")
    assert unsigned.status_code == 403 and b"unsigned" in unsigned.content
    forged = Client().post(url, body, content_type="application/rss+xml",
                           HTTP_X_HUB_SIGNATURE="sha256=" + "0" * 64)  # fmt: skip
    assert forged.status_code == 403 and b"does not match" in forged.content
    other_topic = push(subscription, body, HTTP_LINK='<https://else.example/feed>; rel="self"')
    assert (
        other_topic.status_code == 400 and b"not https://else.example/feed" in other_topic.content
    )
    unknown = Client().post("/websub/nobody", body, content_type="application/rss+xml")
    assert unknown.status_code == 404
    settings.WEBSUB_MAX_PUSH_BYTES = 1024
    oversized = push(subscription, body + b" " * 2048)
    assert oversized.status_code == 413
    Subscription.objects.filter(pk=subscription.pk).update(
        lease_expires_at=timezone.now() - timedelta(seconds=1)
    )
    expired = push(subscription, body)
    assert expired.status_code == 410
    assert not Push.objects.exists() and not Article.objects.filter(title="X").exists()


def test_a_push_that_is_not_a_feed_is_kept_as_an_error_and_polling_still_works(world):
    subscription = subscribed(world)
    assert push(subscription, b"<html><body>oops</body></html>").status_code == 202
    process_waiting_pushes(context=world["context"])
    assert "not a valid feed" in Push.objects.get().error
    assert poll_feed(world["feed"].pk, context=world["context"]).status in ("ok", "not-modified")


def test_the_subscription_is_renewed_before_its_lease_ends(world):
    subscription = subscribed(world)
    assert len(world["hub"].requests) == 1
    Subscription.objects.filter(pk=subscription.pk).update(
        lease_expires_at=timezone.now() + timedelta(hours=1)
    )
    poll_feed(world["feed"].pk, context=world["context"])
    assert len(world["hub"].requests) == 2
    assert world["hub"].requests[-1]["hub.callback"].endswith(subscription.token)


def test_a_hub_that_denies_is_recorded_and_asked_again_later(world):
    poll_feed(world["feed"].pk, context=world["context"])
    subscription = Subscription.objects.get()
    denied = Client().get(f"/websub/{subscription.token}", {
        "hub.mode": "denied", "hub.topic": subscription.topic_url, "hub.reason": "full",
    })  # fmt: skip
    assert denied.status_code == 200
    subscription.refresh_from_db()
    assert subscription.state == "denied" and "full" in subscription.last_error
    Subscription.objects.filter(pk=subscription.pk).update(
        requested_at=timezone.now() - timedelta(hours=2)
    )
    poll_feed(world["feed"].pk, context=world["context"])
    assert len(world["hub"].requests) == 2


def test_without_a_public_address_nothing_is_subscribed(world, settings):
    settings.WEBSUB_CALLBACK_BASE_URL = ""
    poll_feed(world["feed"].pk, context=world["context"])
    assert world["hub"].requests == [] and not Subscription.objects.exists()


def test_a_hub_that_fails_leaves_the_error_and_the_poll_unharmed(db, settings):
    settings.WEBSUB_CALLBACK_BASE_URL = PUBLIC
    hub = Hub(status=500)
    publisher = LoopbackPublisher()
    publisher.pages["/rss.xml"] = Page(
        feed_with_hub(publisher.base, hub.url, [{"title": "Quay", "path": "/q"}]),
        "application/rss+xml",
    )
    publisher.start()
    try:
        feed = ensure_feed(f"{publisher.base}/rss.xml", name="Quay").feed
        policy = FetchPolicy(total_timeout=5, per_host_delay=0,
                             allowed_networks=parse_networks("127.0.0.0/8"))  # fmt: skip
        with Fetcher(policy) as fetcher:
            context = IngestContext(fetcher=fetcher, fetch_pages=False)
            assert poll_feed(feed.pk, context=context).new_articles == 1
        assert "failed" in Subscription.objects.get().last_error
    finally:
        publisher.stop()
        hub.stop()


def test_hubs_are_read_from_the_link_header_too():
    hubs, self_url = services.links_from_header(
        '<https://hub.example/>; rel="hub", <https://site.example/feed>; rel="self",'
        " <https://two.example/hub>; rel=hub"
    )
    assert hubs == ("https://hub.example/", "https://two.example/hub")
    assert self_url == "https://site.example/feed"
    assert services.links_from_header("") == ((), None)
