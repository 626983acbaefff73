"""The scheduler claims due feeds with the runner's lease, no more than the queue has room for."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from broadsheet.sources.models import Feed, Source
from broadsheet.workers.scheduler import claim_room, schedule_due_feeds

pytestmark = pytest.mark.django_db


def make_feeds(count: int, *, due_in: timedelta) -> list[Feed]:
    source = Source.objects.create(name="Wire", slug="wire", home_url="https://wire.example")
    when = timezone.now() + due_in
    return [
        Feed.objects.create(source=source, url=f"https://wire.example/{n}.xml", next_fetch_at=when)
        for n in range(count)
    ]


def test_due_feeds_are_sent_once_each_and_leased():
    feeds = make_feeds(5, due_in=timedelta(minutes=-1))
    sent: list[int] = []
    assert schedule_due_feeds(queued=lambda: 0, send=sent.append, max_queued=100) == 5
    assert sorted(sent) == sorted(f.pk for f in feeds)
    # A second scheduler (or the next tick) finds them leased: nothing is sent twice.
    assert schedule_due_feeds(queued=lambda: 0, send=sent.append, max_queued=100) == 0
    assert all(f.next_fetch_at > timezone.now() for f in Feed.objects.all())


def test_no_more_is_claimed_than_the_queue_has_room_for():
    make_feeds(10, due_in=timedelta(minutes=-1))
    sent: list[int] = []
    assert schedule_due_feeds(queued=lambda: 97, send=sent.append, max_queued=100) == 3
    assert schedule_due_feeds(queued=lambda: 100, send=sent.append, max_queued=100) == 0
    assert len(sent) == 3
    assert Feed.objects.filter(next_fetch_at__lte=timezone.now()).count() == 7


def test_feeds_not_yet_due_are_left_alone():
    make_feeds(3, due_in=timedelta(minutes=5))
    assert schedule_due_feeds(queued=lambda: 0, send=lambda pk: None, max_queued=100) == 0


def test_claim_room_never_goes_negative():
    assert claim_room(600, max_queued=500) == 0
    assert claim_room(0, max_queued=500) == 500
