"""Spam signals hold a comment for review: many links, repeated text, a new account's burst."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from broadsheet.accounts.tests.people import make_reader
from broadsheet.comments import services
from broadsheet.comments.models import Comment

pytestmark = pytest.mark.django_db


def test_a_comment_with_many_links_is_held_and_only_its_author_sees_it(client, article):
    ana = make_reader("Ana")
    client.force_login(ana)
    body = "Buy now " + " ".join(f"https://shop{n}.example/" for n in range(4))
    client.post(f"/en/comments/article/{article.public_id}/post", {"body": body})
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.HELD
    own = client.get(f"/en/article/{article.public_id}").content.decode()
    assert "Buy now" in own and "awaiting review" in own and "held for review" in own
    assert "Buy now" not in Client().get(f"/en/article/{article.public_id}").content.decode()


def test_a_few_links_are_fine(article):
    body = "See https://a.example and https://b.example and https://c.example"
    comment = services.add_comment(article, author=make_reader("Ana"), body=body)
    assert comment.status == Comment.Status.VISIBLE


def test_the_same_text_again_is_held(article):
    ana = make_reader("Ana")
    first = services.add_comment(article, author=ana, body="Same words")
    second = services.add_comment(article, author=ana, body="Same words")
    assert first.status == Comment.Status.VISIBLE and second.status == Comment.Status.HELD


def test_a_new_account_is_held_after_its_hourly_threshold_but_an_old_one_is_not(article):
    new, old = make_reader("New", days_old=0), make_reader("Old", days_old=90)
    for author in (new, old):
        statuses = [
            services.add_comment(article, author=author, body=f"{author.pk} note {n}").status
            for n in range(services.NEW_ACCOUNT_HOURLY + 1)
        ]
        held = statuses.count(Comment.Status.HELD)
        assert held == (1 if author == new else 0), statuses
    assert statuses[-1] == Comment.Status.VISIBLE


def test_editing_links_into_a_comment_holds_it(article):
    ana = make_reader("Ana")
    comment = services.add_comment(article, author=ana, body="Innocent")
    body = " ".join(f"https://spam{n}.example" for n in range(5))
    assert services.edit_comment(comment, editor=ana, body=body).status == Comment.Status.HELD


def test_old_comments_of_a_new_account_do_not_count_towards_the_burst(article):
    new = make_reader("New", days_old=0)
    for n in range(services.NEW_ACCOUNT_HOURLY):
        services.add_comment(article, author=new, body=f"note {n}")
    Comment.objects.update(created_at=timezone.now() - timedelta(hours=2))
    assert services.add_comment(article, author=new, body="later").status == "visible"
