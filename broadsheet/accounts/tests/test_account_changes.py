"""Password reset and change, email change with re-verification, profile, deletion."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from broadsheet.accounts.tests.people import PASSWORD, make_reader

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "quay-side-lantern-42"


def link_in(message) -> str:
    match = re.search(r"http://testserver(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def test_password_reset_by_email_sets_a_new_password(client: Client):
    make_reader("Ana")
    response = client.post("/en/accounts/password-reset", {"email": "ana@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ana@example.org"]
    confirm = client.get(link_in(mail.outbox[0]), follow=True)
    assert "Choose a new password" in confirm.content.decode()
    form_url = confirm.redirect_chain[-1][0]
    done = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert User.objects.get().check_password(NEW_PASSWORD)
    reuse = client.get(link_in(mail.outbox[0]), follow=True).content.decode()
    assert "does not work any more" in reuse


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client: Client):
    response = client.post("/en/accounts/password-reset", {"email": "nobody@example.org"})
    assert response.status_code == 302 and len(mail.outbox) == 0


def test_password_reset_is_rate_limited_per_address(client: Client):
    make_reader("Ana")
    for _ in range(5):
        client.post("/en/accounts/password-reset", {"email": "ana@example.org"})
    response = client.post("/en/accounts/password-reset", {"email": "ana@example.org"})
    assert response.status_code == 429 and "Too many attempts" in response.content.decode()
    assert len(mail.outbox) == 5


def test_password_change_needs_the_old_password_and_keeps_the_session(client: Client):
    client.force_login(make_reader("Ana"))
    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    wrong = client.post("/en/accounts/password", {"old_password": "nope", **data})
    assert wrong.status_code == 200 and not User.objects.get().check_password(NEW_PASSWORD)
    right = client.post("/en/accounts/password", {"old_password": PASSWORD, **data})
    assert right.status_code == 302 and right["Location"] == "/en/accounts/profile"
    assert User.objects.get().check_password(NEW_PASSWORD)
    assert client.get("/en/accounts/profile").status_code == 200


def test_email_change_waits_for_the_link_sent_to_the_new_address(
    client: Client, django_capture_on_commit_callbacks
):
    client.force_login(make_reader("Ana"))
    response = client.post(
        "/en/accounts/email", {"email": "Ana.New@example.org", "password": PASSWORD}
    )
    assert response.status_code == 200 and "Check your email" in response.content.decode()
    assert mail.outbox[0].to == ["ana.new@example.org"]
    assert User.objects.get().email == "ana@example.org"
    link = link_in(mail.outbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(link).status_code == 302
    user = User.objects.get()
    assert user.email == user.username == "ana.new@example.org"
    assert client.get(link).status_code == 400  # stale once used
    assert (
        mail.outbox[-1].to == ["ana@example.org"] and "ana.new@example.org" in mail.outbox[-1].body
    )
    client.logout()
    assert client.login(username="ana.new@example.org", password=PASSWORD)


def test_email_change_needs_the_password_and_a_free_address(client: Client):
    make_reader("Ben")
    client.force_login(make_reader("Ana"))
    wrong = client.post("/en/accounts/email", {"email": "x@example.org", "password": "nope"})
    taken = client.post("/en/accounts/email", {"email": "BEN@example.org", "password": PASSWORD})
    assert wrong.status_code == 400 and "not your password" in wrong.content.decode()
    assert taken.status_code == 400 and "already exists" in taken.content.decode()
    assert len(mail.outbox) == 0


def test_an_email_change_link_fails_when_the_address_was_taken_meanwhile(client: Client):
    client.force_login(make_reader("Ana"))
    client.post("/en/accounts/email", {"email": "new@example.org", "password": PASSWORD})
    make_reader("Squatter", email="new@example.org")
    assert client.get(link_in(mail.outbox[0])).status_code == 400
    assert User.objects.get(profile__display_name="Ana").email == "ana@example.org"


def test_a_tampered_email_change_link_does_nothing(client: Client):
    client.force_login(make_reader("Ana"))
    client.post("/en/accounts/email", {"email": "new@example.org", "password": PASSWORD})
    link = link_in(mail.outbox[0])
    assert client.get(link[:-3] + "abc").status_code == 400
    assert User.objects.get().email == "ana@example.org"


def test_profile_changes_the_display_name(client: Client):
    client.force_login(make_reader("Ana"))
    assert client.post("/en/accounts/profile", {"display_name": "  Ana R.  "}).status_code == 302
    assert User.objects.get().profile.display_name == "Ana R."
    assert client.post("/en/accounts/profile", {"display_name": "   "}).status_code == 400


def test_account_pages_need_a_login(client: Client, db):
    for path in ("/en/accounts/profile", "/en/accounts/email", "/en/accounts/password"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith(
            "/en/accounts/login?next="
        )


def test_delete_account_needs_the_password(client: Client):
    client.force_login(make_reader("Ana"))
    refused = client.post("/en/accounts/delete", {"password": "nope"})
    assert refused.status_code == 400 and User.objects.exists()
    done = client.post("/en/accounts/delete", {"password": PASSWORD})
    assert done.status_code == 302 and not User.objects.exists()
    assert "_auth_user_id" not in client.session


def test_account_forms_enforce_csrf(db):
    make_reader("Ana")
    client = Client(enforce_csrf_checks=True)
    data = {"username": "ana@example.org", "password": PASSWORD}
    assert client.post("/en/accounts/login", data).status_code == 403
    page = client.get("/en/accounts/login").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert (
        client.post("/en/accounts/login", {**data, "csrfmiddlewaretoken": token}).status_code == 302
    )
    assert client.post("/en/accounts/delete", {"password": PASSWORD}).status_code == 403
    assert User.objects.exists()
