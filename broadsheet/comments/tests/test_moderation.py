"""Reports, the moderation queue, moderators' hide/restore/remove, and suspension."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from broadsheet.accounts.tests.people import make_reader
from broadsheet.comments import services
from broadsheet.comments.models import Comment, Report
from broadsheet.lib.testing.wsgi import call_wsgi
from broadsheet.web.page_front import PageCacheFront

pytestmark = pytest.mark.django_db


def page_for(client: Client, article) -> str:
    return client.get(f"/en/article/{article.public_id}").content.decode()


def test_a_reader_reports_a_comment_once(client, article):
    comment = services.add_comment(article, author=make_reader("Ana"), body="Dubious")
    client.force_login(make_reader("Ben"))
    first = client.post(f"/en/comments/{comment.pk}/report", {"reason": "spam"})
    client.post(f"/en/comments/{comment.pk}/report", {"reason": "again"})
    assert first.status_code == 302
    comment.refresh_from_db()
    assert comment.report_count == 1 and Report.objects.get().reason == "spam"
    assert comment in Comment.objects.needing_review()


def test_reporting_needs_a_login_and_not_ones_own_comment(client, article):
    ana = make_reader("Ana")
    comment = services.add_comment(article, author=ana, body="Mine")
    assert client.post(f"/en/comments/{comment.pk}/report").status_code == 302
    client.force_login(ana)
    client.post(f"/en/comments/{comment.pk}/report")
    assert not Report.objects.exists()


def test_a_moderator_hides_a_comment_and_readers_no_longer_see_it(client, article):
    comment = services.add_comment(article, author=make_reader("Ana"), body="Offensive words")
    client.force_login(make_reader("Mo", moderator=True))
    assert "Offensive words" in page_for(client, article)
    response = client.post(f"/en/comments/{comment.pk}/moderate", {"action": "hide"})
    assert response.status_code == 302
    assert Comment.objects.get().status == Comment.Status.HIDDEN
    reader_view = page_for(Client(), article)
    assert "Offensive words" not in reader_view and "No comments yet" in reader_view
    moderator_view = page_for(client, article)
    assert "Offensive words" in moderator_view and "hidden by a moderator" in moderator_view


def test_restore_brings_a_comment_back_and_clears_its_reports(client, article):
    comment = services.add_comment(article, author=make_reader("Ana"), body="Fine after all")
    services.report_comment(comment, reporter=make_reader("Ben"), reason="rude")
    mo = make_reader("Mo", moderator=True)
    services.remove_comment(comment, moderator=mo)
    client.force_login(mo)
    client.post(f"/en/comments/{comment.pk}/moderate", {"action": "restore"})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE and comment.report_count == 0
    assert not Report.objects.exists()
    assert "Fine after all" in page_for(Client(), article)


def test_staff_are_moderators_but_ordinary_readers_are_refused(client, article):
    comment = services.add_comment(article, author=make_reader("Ana"), body="Words")
    ben = make_reader("Ben")
    client.force_login(ben)
    assert "comment-moderation" not in page_for(client, article)
    response = client.post(f"/en/comments/{comment.pk}/moderate", {"action": "hide"})
    assert response.status_code == 403
    assert Comment.objects.get().status == Comment.Status.VISIBLE
    staff = make_reader("Staff")
    staff.is_staff = True
    staff.save()
    services.hide_comment(comment, moderator=staff)
    assert Comment.objects.get().status == Comment.Status.HIDDEN


def test_a_suspended_reader_cannot_comment_and_is_told_so(client, article):
    ana = make_reader("Ana")
    comment = services.add_comment(article, author=ana, body="Troll")
    mod = Client()
    mod.force_login(make_reader("Mo", moderator=True))
    assert mod.post(f"/en/comments/{comment.pk}/moderate", {"action": "suspend"}).status_code == 302
    client.force_login(ana)
    assert "suspended your account" in page_for(client, article)
    response = client.post(
        f"/en/comments/article/{article.public_id}/post", {"body": "Let me back"}
    )
    assert response.status_code == 403 and "Let me back" in response.content.decode()
    assert Comment.objects.count() == 1


def test_the_moderation_queue_lists_held_and_reported_comments_with_reasons(client, article):
    ana = make_reader("Ana")
    reported = services.add_comment(article, author=ana, body="Reported one")
    services.report_comment(reported, reporter=make_reader("Ben"), reason="name-calling")
    services.add_comment(article, author=ana, body="Links " + " https://x.example" * 4)
    services.add_comment(article, author=ana, body="An ordinary comment")
    staff = make_reader("Mo", moderator=True)
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    html = client.get("/admin/comments/moderationqueue/").content.decode()
    assert "Reported one" in html and "name-calling" in html and "Links" in html
    assert "An ordinary comment" not in html
    response = client.post(
        "/admin/comments/moderationqueue/",
        {"action": "hide_comment", "_selected_action": [reported.pk]},
    )
    assert response.status_code == 302
    assert Comment.objects.get(pk=reported.pk).status == Comment.Status.HIDDEN
    assert "Reported one" not in client.get("/admin/comments/moderationqueue/").content.decode()


def test_the_admin_queue_is_closed_to_readers_who_are_not_staff(client, db):
    reader = make_reader("Ben")
    client.force_login(reader)
    response = client.get("/admin/comments/moderationqueue/")
    assert response.status_code == 302 and "/admin/login" in response["Location"]
    assert not User.objects.get(pk=reader.pk).is_staff


def test_a_moderator_lifts_a_suspension_in_the_admin(client, article):
    ana = make_reader("Ana")
    staff = make_reader("Mo", moderator=True)
    staff.is_staff = staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    changelist = "/admin/accounts/profile/"
    client.post(changelist, {"action": "suspend", "_selected_action": [ana.profile.pk]})
    with pytest.raises(services.Suspended):
        services.add_comment(article, author=User.objects.get(pk=ana.pk), body="hello")
    client.post(changelist, {"action": "unsuspend", "_selected_action": [ana.profile.pk]})
    services.add_comment(article, author=User.objects.get(pk=ana.pk), body="hello")
    assert Comment.objects.count() == 1


def test_a_moderator_approves_a_held_comment_from_the_page(client, article):
    body = "Sources: " + " ".join(f"https://s{n}.example" for n in range(4))
    held = services.add_comment(article, author=make_reader("Ana"), body=body)
    assert held.status == Comment.Status.HELD
    client.force_login(make_reader("Mo", moderator=True))
    page = page_for(client, article)
    assert "awaiting review" in page and ">Approve<" in page
    client.post(f"/en/comments/{held.pk}/moderate", {"action": "restore"})
    assert Comment.objects.get().status == Comment.Status.VISIBLE
    assert "Sources:" in page_for(Client(), article)


def test_an_unknown_moderation_action_changes_nothing(client, article):
    comment = services.add_comment(article, author=make_reader("Ana"), body="Words")
    client.force_login(make_reader("Mo", moderator=True))
    assert client.post(f"/en/comments/{comment.pk}/moderate", {"action": "nuke"}).status_code == 400
    assert client.get(f"/en/comments/{comment.pk}/moderate").status_code == 405
    assert Comment.objects.get().status == Comment.Status.VISIBLE


def test_a_hidden_comment_leaves_every_cached_copy_of_the_page_at_once(
    wsgi_django, article, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 30
    settings.ALLOWED_HOSTS = ["news.example", "testserver"]
    comment = services.add_comment(article, author=make_reader("Ana"), body="Offensive words")
    front = PageCacheFront(wsgi_django)
    path = f"/en/article/{article.public_id}"
    for layer in ("miss", "hit"):  # Django's cache, then the hot copy in front of it
        _, headers, body = call_wsgi(front, path)
        assert headers["X-Page-Cache"] == layer and "Offensive words" in body.decode()
    # The service, not the view: Django's test client would reconnect the signals that
    # close the test's database connection after a request.
    with django_capture_on_commit_callbacks(execute=True):
        services.hide_comment(comment, moderator=make_reader("Mo", moderator=True))
    _, headers, body = call_wsgi(front, path)
    assert "Offensive words" not in body.decode() and headers["X-Page-Cache"] == "miss"
    assert "Offensive words" not in Client().get(path).content.decode()


@pytest.mark.parametrize("change", ["edit", "delete"])
def test_an_authors_edit_or_delete_reaches_anonymous_readers_at_once(
    client, article, settings, django_capture_on_commit_callbacks, change
):
    settings.PAGE_CACHE_SECONDS = 30
    ana = make_reader("Ana")
    comment = services.add_comment(article, author=ana, body="First thoughts")
    path = f"/en/article/{article.public_id}"
    assert "First thoughts" in Client().get(path).content.decode()
    client.force_login(ana)
    with django_capture_on_commit_callbacks(execute=True):
        if change == "edit":
            client.post(f"/en/comments/{comment.pk}/edit", {"body": "Second thoughts"})
        else:
            client.post(f"/en/comments/{comment.pk}/delete")
    assert "First thoughts" not in Client().get(path).content.decode()


def test_the_author_of_a_hidden_comment_is_told_why_and_others_see_nothing(client, article):
    ana = make_reader("Ana")
    comment = services.add_comment(article, author=ana, body="Heated words")
    services.hide_comment(comment, moderator=make_reader("Mo", moderator=True))
    client.force_login(ana)
    own_view = page_for(client, article)
    assert "Heated words" in own_view and "hidden by a moderator" in own_view
    assert "only you and the moderators see it" in own_view
    other = Client()
    other.force_login(make_reader("Ben"))
    assert "Heated words" not in page_for(other, article)


def test_the_moderators_notice_is_in_the_page_language(client, article):
    comment = services.add_comment(article, author=make_reader("Ana"), body="Words")
    client.force_login(make_reader("Mo", moderator=True))
    client.post(f"/fr/comments/{comment.pk}/moderate", {"action": "restore"})
    page = client.get(f"/fr/article/{article.public_id}").content.decode()
    assert "Le commentaire est de nouveau visible." in page and "restore" not in page
