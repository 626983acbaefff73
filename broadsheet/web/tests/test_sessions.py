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


def _queries(page):  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = page()
    return response, [query["sql"] for query in captured.captured_queries]


def test_the_user_row_is_read_with_the_session_row_once_the_key_is_known(client, reader):
    client.force_login(reader)
    client.get("/en/")  # this process learns which user the session key names
    response, queries = _queries(lambda: client.get("/en/"))
    assert response.wsgi_request.user == reader
    user_reads = [sql for sql in queries if '"auth_user"' in sql]
    assert len(user_reads) == 1 and '"django_session"' in user_reads[0], queries


@pytest.mark.parametrize("change", ["log out", "new password", "deactivated", "deleted"])
def test_a_change_made_elsewhere_signs_the_session_out_at_once(
    client, reader, django_user_model, change
):
    client.force_login(reader)
    assert _signed_in(client) and _signed_in(client)  # the joined read is in use
    elsewhere = django_user_model.objects.get(pk=reader.pk)  # another process's copy
    if change == "log out":
        Session.objects.filter(session_key=client.cookies["sessionid"].value).delete()
    elif change == "new password":
        elsewhere.set_password("another-long-passphrase-2")
        elsewhere.save()
    elif change == "deactivated":
        elsewhere.is_active = False
        elsewhere.save()
    else:
        elsewhere.delete()
    assert not _signed_in(client)


def test_a_wrong_guess_of_the_user_falls_back_to_the_named_user(client, reader, django_user_model):
    from broadsheet.web import sessions

    other = django_user_model.objects.create_user(username="ida", password="a-long-passphrase-3")
    client.force_login(reader)
    key = client.cookies["sessionid"].value
    sessions._user_of_key[key] = other.pk  # as if this key had named another user
    response, queries = _queries(lambda: client.get("/en/"))
    assert response.wsgi_request.user == reader
    assert sum('"auth_user"' in sql for sql in queries) == 2  # the joined row was not used
    assert sessions._user_of_key[key] == reader.pk  # and the guess is put right
    assert client.get("/en/").wsgi_request.user == reader


def _counting(monkeypatch, owner, name: str) -> list[int]:
    calls: list[int] = []
    original = getattr(owner, name)

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


def test_a_page_seen_again_reuses_the_user_this_process_verified(client, reader, monkeypatch):
    from django.contrib.auth.base_user import AbstractBaseUser

    from broadsheet.web import sessions

    client.force_login(reader)
    client.get("/en/")
    client.get("/en/")  # the user row joined and verified once
    hashes = _counting(monkeypatch, AbstractBaseUser, "get_session_auth_hash")
    built = _counting(monkeypatch, sessions, "user_from_row")
    first = client.get("/en/").wsgi_request.user
    second = client.get("/en/").wsgi_request.user
    assert first == second == reader and first is not second
    assert (hashes, built) == ([], [])  # no HMAC and no user built from the row again
    first.note = "set by one request"
    first._state.fields_cache["profile"] = None
    third = client.get("/en/").wsgi_request.user
    assert not hasattr(third, "note") and third._state.fields_cache == {}
    assert not third._state.adding and third._state.db == "default"


def test_a_new_secret_key_checks_the_session_again(client, reader, settings):
    client.force_login(reader)
    assert _signed_in(client) and _signed_in(client)  # verified and kept under the old key
    old = settings.SECRET_KEY
    settings.SECRET_KEY = "another-secret-key-" + "x" * 40
    assert not _signed_in(client)  # Django's check fails: signed out
    client.force_login(reader)
    assert _signed_in(client)
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = old, [settings.SECRET_KEY]
    assert _signed_in(client)  # passed with a fallback: Django cycles the session
    assert _signed_in(client)
