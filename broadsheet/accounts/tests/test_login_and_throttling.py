"""Logging in and out; django-axes locks out password guessing per account and address."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from broadsheet.accounts.tests.people import PASSWORD, make_reader

pytestmark = pytest.mark.django_db


def log_in(client: Client, password: str, username: str = "ana@example.org"):
    return client.post("/en/accounts/login", {"username": username, "password": password})


def test_login_with_email_and_password_then_logout(client: Client):
    user = make_reader("Ana")
    response = log_in(client, PASSWORD, username=" Ana@Example.ORG ")
    assert response.status_code == 302 and response["Location"] == "/en/"
    assert client.session["_auth_user_id"] == str(user.pk)
    assert "Log out" in client.get("/en/").content.decode()
    assert client.post("/en/accounts/logout").status_code == 302
    assert "_auth_user_id" not in client.session


def test_login_honours_a_local_next_and_ignores_a_foreign_one(client: Client):
    make_reader("Ana")
    data = {"username": "ana@example.org", "password": PASSWORD}
    response = client.post("/en/accounts/login?next=/en/search", data)
    assert response["Location"] == "/en/search"
    client.post("/en/accounts/logout")
    response = client.post("/en/accounts/login?next=https://evil.example/", data)
    assert response["Location"] == "/en/"


def test_wrong_password_is_refused_without_saying_whether_the_account_exists(client: Client):
    make_reader("Ana")
    wrong = log_in(client, "not-the-password").content.decode()
    unknown = log_in(client, "not-the-password", username="nobody@example.org").content.decode()
    assert "No account matches this email or user name and password" in wrong
    assert "Confirm your email" not in wrong and "Confirm your email" not in unknown
    assert "_auth_user_id" not in client.session


def test_guessing_locks_the_account_out_from_that_address_even_with_the_right_password(
    client: Client, settings
):
    make_reader("Ana")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "guess-guess-guess")
    locked = log_in(client, PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.filter(username="ana@example.org").exists()
    # The same account from another address, and another account from this one, still work.
    assert log_in(Client(REMOTE_ADDR="10.1.2.3"), PASSWORD).status_code == 302
    make_reader("Ben")
    assert log_in(client, PASSWORD, username="ben@example.org").status_code == 302


def test_the_lockout_counts_usernames_case_insensitively(client: Client, settings):
    make_reader("Ana")
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "guess", username="ANA@example.org" if n % 2 else "ana@EXAMPLE.org")
    assert log_in(client, PASSWORD).status_code == 429


def test_a_success_before_the_limit_resets_the_count(client: Client, settings):
    make_reader("Ana")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "guess")
    assert log_in(client, PASSWORD).status_code == 302
    client.post("/en/accounts/logout")
    log_in(client, "guess")
    assert log_in(client, PASSWORD).status_code == 302


def test_force_login_and_client_login_still_work_in_tests(client: Client):
    user = make_reader("Ana")
    assert client.login(username="ana@example.org", password=PASSWORD)
    client.logout()
    client.force_login(user)
    assert client.get("/en/accounts/profile").status_code == 200


def test_logout_needs_a_post(client: Client):
    client.force_login(make_reader("Ana"))
    assert client.get("/en/accounts/logout").status_code == 405
    assert "_auth_user_id" in client.session


def test_logins_are_rate_limited_per_address_without_checking_the_password(client, monkeypatch):
    from broadsheet.accounts import views

    make_reader("Ana")
    monkeypatch.setattr(views, "LOGIN_LIMIT", 2)
    checked = []
    monkeypatch.setattr(User, "check_password", lambda self, raw: checked.append(raw) or False)
    log_in(client, "one")
    log_in(client, "two")
    refused = log_in(client, "three")
    assert refused.status_code == 429 and "Too many attempts" in refused.content.decode()
    assert checked == ["one", "two"]


def test_an_operator_made_by_createsuperuser_signs_in_on_the_site_with_either_name(
    client: Client, monkeypatch
):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a long operator secret 7")
    call_command(
        "createsuperuser", "--noinput", username="Editor", email="Desk@Example.org", verbosity=0
    )
    form = client.get("/en/accounts/login").content.decode()
    assert 'type="text" name="username"' in form and "Email or user name" in form
    for name in ("editor", "desk@example.org"):
        response = log_in(client, "a long operator secret 7", username=name)
        assert response.status_code == 302, name
        assert client.session["_auth_user_id"] == str(User.objects.get(username="Editor").pk)
        client.post("/en/accounts/logout")
    assert log_in(client, "wrong", username="editor").status_code == 200


def test_an_email_shared_by_two_accounts_signs_in_neither_by_email(client: Client):
    for name in ("one", "two"):
        User.objects.create_user(username=name, email="same@example.org", password=PASSWORD)
    assert log_in(client, PASSWORD, username="same@example.org").status_code == 200
    assert log_in(client, PASSWORD, username="one").status_code == 302
