"""Sessions read in plain SQL (web/sessions.py) and the signed-in user read in plain SQL
(accounts/backends.py) behave as Django's own: signed in, signed out, expired, deactivated."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from broadsheet.accounts.backends import EmailOrUserNameBackend
from broadsheet.web.sessions import SessionStore


@pytest.fixture
def reader(django_user_model):
    return django_user_model.objects.create_user(username="gil", password="a-long-passphrase-1")


def _signed_in(client) -> bool:
    return "Log out" in client.get("/en/").content.decode()


def test_a_signed_in_reader_stays_signed_in_until_they_log_out(client, reader):
    client.force_login(reader)
    assert _signed_in(client)
    assert _signed_in(client)
    client.logout()
    assert not _signed_in(client)


def test_an_expired_or_deleted_session_is_not_read(client, reader):
    client.force_login(reader)
    key = client.cookies["sessionid"].value
    assert SessionStore(key).load()["_auth_user_id"] == str(reader.pk)
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(1))
    store = SessionStore(key)
    assert store.load() == {} and store.session_key is None
    assert not _signed_in(client)
    assert SessionStore("no-such-session-key-at-all").load() == {}


def test_the_user_of_a_session_is_read_as_django_reads_it(reader):
    backend = EmailOrUserNameBackend()
    found = backend.get_user(reader.pk)
    assert (
        found is not None and found.pk == reader.pk and found.check_password("a-long-passphrase-1")
    )
    assert found.date_joined == reader.date_joined
    assert backend.get_user(reader.pk + 1000) is None
    assert backend.get_user("not a number") is None
    reader.is_active = False
    reader.save()
    assert backend.get_user(reader.pk) is None
