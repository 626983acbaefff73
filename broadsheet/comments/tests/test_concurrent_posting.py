"""Counts stay right when many readers post and report at the same moment (real database)."""

import threading
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client

from broadsheet.accounts.tests.people import make_reader
from broadsheet.comments import services
from broadsheet.comments.models import Comment, Report

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 8


def run_together(work: Callable[[int], None], count: int = THREADS) -> list[BaseException]:
    """Start `count` threads that each call work(i) at the same moment; their errors."""
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def body(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            work(i)
        except BaseException as error:  # noqa: BLE001 - reported to the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=body, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_concurrent_comments_are_all_stored_and_counted(article):
    readers = [make_reader(f"R{i}") for i in range(THREADS)]
    first = services.add_comment(article, author=readers[0], body="The first one")

    def post(i: int) -> None:
        client = Client()
        client.force_login(readers[i])
        response = client.post(
            f"/en/comments/article/{article.public_id}/post",
            {"body": f"Comment number {i}", "parent": first.pk if i % 2 else ""},
        )
        assert response.status_code == 302, response.status_code

    assert run_together(post) == []
    assert Comment.objects.filter(article=article).count() == THREADS + 1
    assert Comment.objects.filter(parent=first).count() == THREADS // 2
    html = Client().get(f"/en/article/{article.public_id}").content.decode()
    assert f"Comments ({THREADS + 1})" in html
    assert all(f"Comment number {i}" in html for i in range(THREADS))


def test_concurrent_reports_each_count_once(article):
    comment = services.add_comment(article, author=make_reader("Ana"), body="Contested")
    reporters = [make_reader(f"R{i}") for i in range(THREADS // 2)]

    def report(i: int) -> None:
        # Every reader reports twice at once: the second of each pair must not count.
        services.report_comment(comment, reporter=reporters[i // 2], reason=f"r{i}")

    assert run_together(report) == []
    comment.refresh_from_db()
    assert Report.objects.filter(comment=comment).count() == THREADS // 2
    assert comment.report_count == THREADS // 2
