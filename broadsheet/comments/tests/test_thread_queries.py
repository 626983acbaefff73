"""The comment section costs the same few queries however many comments there are."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from broadsheet.accounts.tests.people import make_reader
from broadsheet.comments import services

pytestmark = pytest.mark.django_db


def queries_for_page(client: Client, article) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/en/article/{article.public_id}").status_code == 200
    return len(captured)


def add_comments(article, count: int, *, first: int = 0) -> None:
    for n in range(first, first + count):
        author = make_reader(f"R{n}")
        parent = services.add_comment(article, author=author, body=f"Top {n}")
        services.add_comment(article, author=author, body=f"Reply {n}", parent=parent)


@pytest.mark.parametrize("logged_in", [False, True])
def test_query_count_does_not_grow_with_the_thread(article, logged_in):
    client = Client()
    if logged_in:
        client.force_login(make_reader("Viewer", moderator=True))
    add_comments(article, 2)
    queries_for_page(client, article)  # a reader's first visit also marks the article read
    few = queries_for_page(client, article)
    add_comments(article, 10, first=2)
    many = queries_for_page(client, article)
    assert many == few
