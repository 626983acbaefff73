"""Sessions read in plain SQL (web/sessions.py) and the signed-in user read in plain SQL
(accounts/backends.py) behave as Django's own: signed in, signed out, expired, deactivated."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from broadsheet.accounts.backends import EmailOrUserNameBackend, read_user
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


def test_read_user_gives_every_field_as_the_orm_does(django_user_model, reader, client):
    client.force_login(reader)  # a last_login to convert too
    expected = django_user_model.objects.get(pk=reader.pk)
    found = read_user(reader.pk)
    assert found is not None and not found._state.adding and found._state.db == "default"
    for field in django_user_model._meta.concrete_fields:
        mine, theirs = getattr(found, field.attname), getattr(expected, field.attname)
        assert (mine, type(mine)) == (theirs, type(theirs)), field.name
    assert found.last_login is not None and found.last_login.tzinfo is not None
    assert read_user(reader.pk + 1000) is None


def test_a_decoded_session_is_a_copy_and_a_new_text_decodes_anew(client, reader):
    client.force_login(reader)
    key = client.cookies["sessionid"].value
    loaded = SessionStore(key).load()
    loaded["_auth_user_id"] = "999"  # a request changing its own session
    assert SessionStore(key).load()["_auth_user_id"] == str(reader.pk)
    store = SessionStore(key)
    store["theme"] = "dark"
    store.save()
    assert SessionStore(key).load()["theme"] == "dark"
