"""A task that keeps failing lands in the admin's dead-letter list, whose action resends it."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from broadsheet.workers import tasks
from broadsheet.workers.models import DeadLetter

pytestmark = pytest.mark.django_db


def test_a_task_failing_every_retry_is_kept_as_a_dead_letter(celery_app, monkeypatch):
    calls = []

    def broken(ids):
        calls.append(ids)
        raise RuntimeError("the clusterer is broken")

    monkeypatch.setattr(tasks, "place_articles", broken)
    tasks.enrich_articles_task.apply(args=([7, 8],))
    letter = DeadLetter.objects.get()
    assert letter.task == "broadsheet.enrich_articles"
    assert letter.args == [[7, 8]]
    assert letter.attempts == tasks.PipelineTask.max_retries + 1 == len(calls)
    assert "the clusterer is broken" in letter.error


def test_a_task_that_succeeds_on_retry_leaves_no_dead_letter(celery_app, monkeypatch):
    outcomes = iter([RuntimeError("database is locked"), None])

    def flaky(ids):
        error = next(outcomes)
        if error:
            raise error
        return len(ids)

    monkeypatch.setattr(tasks, "place_articles", flaky)
    monkeypatch.setattr(tasks.index_articles_task, "delay", lambda ids: None)
    assert tasks.enrich_articles_task.apply(args=([1],)).get() == 1
    assert not DeadLetter.objects.exists()


def test_the_admin_retry_action_sends_the_task_again(redis_url, redis_conn, client):
    from broadsheet.workers.celery_app import app

    app.conf.broker_url = redis_url
    letter = DeadLetter.objects.create(
        task="broadsheet.index_articles", args=[[3, 4]], error="boom", failed_at="2026-01-01T00:00Z"
    )
    admin = get_user_model().objects.create_superuser("ed", "ed@example.org", "pw-not-used-1")
    client.force_login(admin)
    response = client.post(
        reverse("admin:workers_deadletter_changelist"),
        {"action": "retry", "_selected_action": [letter.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == ["sent 1 task(s) again"]
    queued = redis_conn.lrange("index", 0, -1)
    assert len(queued) == 1
    message = json.loads(queued[0])
    assert message["headers"]["task"] == "broadsheet.index_articles"
    letter.refresh_from_db()
    assert letter.retried_at is not None


def test_the_dead_letter_list_shows_the_error(client):
    DeadLetter.objects.create(
        task="broadsheet.poll_feed", args=[42], error="Traceback...\nValueError: bad feed",
        failed_at="2026-01-01T00:00Z", attempts=6,
    )  # fmt: skip
    admin = get_user_model().objects.create_superuser("ed", "ed@example.org", "pw-not-used-1")
    client.force_login(admin)
    page = client.get(reverse("admin:workers_deadletter_changelist")).content.decode()
    assert "broadsheet.poll_feed" in page
    assert "ValueError: bad feed" in page
