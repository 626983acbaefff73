"""Only the author edits (within the window) or deletes a comment; others are refused."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from broadsheet.accounts.tests.people import PASSWORD, make_reader
from broadsheet.comments import services
from broadsheet.comments.models import EDIT_WINDOW_MINUTES, Comment

pytestmark = pytest.mark.django_db


def page_for(client: Client, article) -> str:
    return client.get(f"/en/article/{article.public_id}").content.decode()


def test_the_author_edits_within_the_window_and_the_comment_shows_edited(client, article):
    ana = make_reader("Ana")
    comment = services.add_comment(article, author=ana, body="Frist post")
    client.force_login(ana)
    assert "Frist post" in client.get(f"/en/comments/{comment.pk}/edit").content.decode()
    response = client.post(f"/en/comments/{comment.pk}/edit", {"body": "First *post*"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "First *post*" and comment.edited_at is not None
    html = Client().get(f"/en/article/{article.public_id}").content.decode()
    assert "<em>post</em>" in html and 'class="edited"' in html


def test_after_the_window_the_edit_control_goes_and_the_edit_is_refused(client, article):
    ana = make_reader("Ana")
    comment = services.add_comment(article, author=ana, body="Old words")
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - timedelta(minutes=EDIT_WINDOW_MINUTES + 1)
    )
    client.force_login(ana)
    html = page_for(client, article)
    assert "comment-edit" not in html and "comment-delete" in html
    response = client.post(f"/en/comments/{comment.pk}/edit", {"body": "New words"})
    assert response.status_code == 400 and "New words" in response.content.decode()
    assert Comment.objects.get().body == "Old words"


def test_others_see_no_edit_or_delete_controls_and_their_requests_change_nothing(client, article):
    ana, ben = make_reader("Ana"), make_reader("Ben")
    comment = services.add_comment(article, author=ana, body="Ana's words")
    client.force_login(ben)
    html = page_for(client, article)
    assert "comment-edit" not in html and "comment-delete" not in html
    assert f"/en/comments/{comment.pk}/report" in html
    assert client.get(f"/en/comments/{comment.pk}/edit").status_code == 403
    assert client.post(f"/en/comments/{comment.pk}/edit", {"body": "Ben's now"}).status_code == 403
    assert client.get(f"/en/comments/{comment.pk}/delete").status_code == 403
    assert client.post(f"/en/comments/{comment.pk}/delete").status_code == 403
    assert Comment.objects.get().body == "Ana's words"


def test_anonymous_edit_and_delete_go_to_login_and_change_nothing(client, article):
    comment = services.add_comment(article, author=make_reader("Ana"), body="Ana's words")
    for action in ("edit", "delete"):
        response = client.post(f"/en/comments/{comment.pk}/{action}", {"body": "x"})
        assert response.status_code == 302 and "/accounts/login" in response["Location"]
    assert Comment.objects.get().body == "Ana's words"


def test_the_services_refuse_other_users_too(article):
    ana, ben = make_reader("Ana"), make_reader("Ben")
    comment = services.add_comment(article, author=ana, body="Ana's words")
    with pytest.raises(services.PermissionDenied):
        services.edit_comment(comment, editor=ben, body="mine")
    with pytest.raises(services.PermissionDenied):
        services.delete_comment(comment, actor=ben)
    assert Comment.objects.get().body == "Ana's words"


def test_a_missing_comment_is_a_404(client, db):
    client.force_login(make_reader("Ana"))
    assert client.get("/en/comments/424242/edit").status_code == 404
    assert client.post("/en/comments/424242/delete").status_code == 404


def test_deleting_a_comment_without_replies_removes_it(client, article):
    ana = make_reader("Ana")
    comment = services.add_comment(article, author=ana, body="Regrettable")
    client.force_login(ana)
    response = client.post(f"/en/comments/{comment.pk}/delete")
    assert response.status_code == 302 and response["Location"].endswith("#comments")
    assert not Comment.objects.exists()
    assert "No comments yet" in page_for(client, article)


def test_deleting_a_comment_with_replies_leaves_a_placeholder_and_the_replies(client, article):
    ana, ben = make_reader("Ana"), make_reader("Ben")
    parent = services.add_comment(article, author=ana, body="Regrettable")
    services.add_comment(article, author=ben, body="A reply", parent=parent)
    client.force_login(ana)
    client.post(f"/en/comments/{parent.pk}/delete")
    html = page_for(Client(), article)
    assert "Regrettable" not in html and "This comment was deleted." in html
    assert "A reply" in html and "Comments (1)" in html


def test_an_edit_cannot_bring_back_a_hidden_comment(client, article):
    ana = make_reader("Ana")
    comment = services.add_comment(article, author=ana, body="Rude")
    services.hide_comment(comment, moderator=make_reader("Mo", moderator=True))
    client.force_login(ana)
    assert client.post(f"/en/comments/{comment.pk}/edit", {"body": "Nice"}).status_code == 403
    assert Comment.objects.get().body == "Rude"


def test_a_deleted_account_leaves_its_comments_under_deleted_user(client, article):
    ana = make_reader("Ana")
    services.add_comment(article, author=ana, body="Still worth reading")
    client.force_login(ana)
    client.post("/en/accounts/delete", {"password": PASSWORD})
    html = page_for(Client(), article)
    assert "Still worth reading" in html and "deleted user" in html and ">Ana<" not in html
    assert Comment.objects.get().author is None
