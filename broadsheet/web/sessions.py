"""Django's database sessions, read with one plain query instead of the ORM.

Every page a signed-in reader opens reads their session row first. Through the ORM that read
(building and compiling a query for one row) cost about a tenth of a signed-in home page's
CPU, and the raw select under it a twentieth of that. This store reads the same row of the
same table with the same condition (the key, not yet expired) in plain SQL; writing,
creating, cycling and deleting sessions stay Django's own. SESSION_ENGINE names it.

The row is read on every request (a logout or an expiry in another process shows at once),
but decoding it (checking its signature, parsing its JSON) is done once per distinct row
text in each process: the same text always decodes to the same values, and a reader's
session text stays the same from one page to the next until the session is written.

The user row is read in the same query, joined on the user id this process last decoded from
the same session key: the auth middleware (`AuthenticationMiddleware` here) hands it to the
backend's get_user when the session, decoded, names that user, else the backend reads the
row itself as before. Either way the user row is as fresh as the session row (a password
changed or an account deactivated in another process signs the session out at once), and
a signed-in page makes one query fewer.

What Django's `auth.get_user` makes of the two rows (the user, converted from its row, once
the session's hash of the password is checked against an HMAC of the row's password under
SECRET_KEY) depends on nothing else: each process keeps the answers it verified, keyed by
SECRET_KEY, the backends, the session text and the user row as read, and hands each request
its own copy. A new password, a deactivation, a new session text or a new SECRET_KEY is a
new key, checked in full by Django as before; only a check passed with the current
SECRET_KEY is kept (one passed with a fallback key makes Django cycle the session).
The same select reads the reader's two versions (readers/versions.py: their state's and
their read marks' tokens), which the request's user carries to the reader's state and read
marks: what a signed-in page keeps per reader needs no read of its own.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth import middleware as auth_middleware
from django.contrib.auth.models import User
from django.contrib.sessions.backends import db
from django.db import connections, router
from django.db.models.base import ModelState
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

from broadsheet.accounts.backends import USER_PK_INDEX, handing_user, user_from_row, user_join
from broadsheet.readers import versions
from broadsheet.readers.models import ReaderVersion


class SessionStore(db.SessionStore):
    """The database session store with a cheaper read of the session row."""

    # The session text and the row of the user it names, read together (else None).
    read: tuple[str, tuple[Any, ...]] | None = None
    # That reader's versions (readers/versions.py) read with them: (mark, state, reads).
    versions: tuple[int, str, str] | None = None

    def load(self) -> dict[str, Any]:
        self.read = self.versions = None
        data, row, tokens = self._session_data()
        if data is None:
            self._session_key = None  # as Django's store does for a missing or expired row
            return {}
        decoded = self._decoded(data)
        named = self._named_user(decoded)
        if row is not None and named is not None and row[USER_PK_INDEX] == named:
            self.read, self.versions = (data, row), tokens
        return decoded

    def _named_user(self, decoded: dict[str, Any]) -> int | None:
        """The id of the user the session names, remembered for this key's next read."""
        try:
            named = int(decoded[SESSION_KEY])
        except (KeyError, TypeError, ValueError):
            return None
        key = str(self.session_key)
        if _user_of_key.get(key) != named:
            with _decoded_lock:
                _user_of_key[key] = named
                while len(_user_of_key) > DECODED_SESSIONS:
                    _user_of_key.popitem(last=False)
        return named

    def _decoded(self, data: str) -> dict[str, Any]:
        """The decoded session, from this process's recent decodings when it has them; a
        copy, since a request may change its session."""
        kept = (settings.SECRET_KEY, data)  # what the decoding depends on
        with _decoded_lock:
            found = _decoded.get(kept)
        if found is None:
            found = self.decode(data)
            # Only flat values are kept: a copy of a dict holding lists would share them.
            if found and all(isinstance(v, str | int | float | bool) for v in found.values()):
                with _decoded_lock:
                    _decoded[kept] = found
                    while len(_decoded) > DECODED_SESSIONS:
                        _decoded.popitem(last=False)
        return dict(found)

    def _session_data(self) -> tuple[str | None, tuple[Any, ...] | None, Any]:
        """The session row's text, and the row of the user last named by this key with that
        reader's versions (mark, state, reads) when they have a row of them."""
        key = self.session_key
        if not key:
            return None, None, None
        using = router.db_for_read(self.model)
        connection = connections[using]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        named = _user_of_key.get(key)
        mark = versions.change_mark()  # before the read: a later change here is seen
        with connection.cursor() as cursor:
            if named is None:
                cursor.execute(_SESSION_DATA, [key, now])
            else:
                cursor.execute(_session_and_user(using), [named, key, now])
            row = cursor.fetchone()
        if row is None:
            return None, None, None
        if named is None or row[1 + USER_PK_INDEX] is None:
            return str(row[0]), None, None
        tokens = None if row[-2] is None else (mark, str(row[-2]), str(row[-1]))
        return str(row[0]), tuple(row[1:-2]), tokens


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's, handing the backend the user row read with this request's session row."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _user(request))  # type: ignore[assignment]


def _user(request: HttpRequest) -> Any:
    if not hasattr(request, "_cached_user"):
        request._cached_user = _session_user(request)  # type: ignore[attr-defined]
    return request._cached_user  # type: ignore[attr-defined]


def _session_user(request: HttpRequest) -> Any:
    """`auth.get_user(request)`, given the user row read with the session row; a copy of a
    user this process verified from the same rows under the same secret, when it has one."""
    session = request.session
    session.get(SESSION_KEY)  # read (as auth.get_user would first), so `read` is set
    read = getattr(session, "read", None)
    if read is None:
        return auth.get_user(request)
    user = _verified_user(request, read)
    tokens = getattr(session, "versions", None)
    if tokens is not None and user.is_authenticated:
        versions.carry(user, *tokens)
    return user


def _verified_user(request: HttpRequest, read: tuple[str, tuple[Any, ...]]) -> Any:
    """auth.get_user(request), from this process's answers for the same rows if it has one."""
    session = request.session
    key = (settings.SECRET_KEY, tuple(settings.AUTHENTICATION_BACKENDS), *read)
    with _decoded_lock:
        kept = _verified.get(key)
    if kept is not None:
        return _user_of(*kept)
    user = user_from_row(read[1], using=router.db_for_read(User))
    with handing_user(user):
        found = auth.get_user(request)
    if found is user and _hash_checked(session.get(HASH_SESSION_KEY), user):
        fields = {name: value for name, value in user.__dict__.items() if name in _FROM_DB}
        with _decoded_lock:
            _verified[key] = (fields, user._state.db)
            while len(_verified) > DECODED_SESSIONS:
                _verified.popitem(last=False)
    return found


def _hash_checked(session_hash: object, user: User) -> bool:
    """The session's hash is the user's under the current SECRET_KEY (not a fallback)."""
    return isinstance(session_hash, str) and constant_time_compare(
        session_hash, user.get_session_auth_hash()
    )


def _user_of(fields: dict[str, Any], db: str | None) -> User:
    """A user of its own, as `Model.from_db` makes it from these field values: a new state
    (its own cache of related rows) and nothing a request set on another copy."""
    user = User.__new__(User)
    user.__dict__.update(fields)
    user._state = ModelState()
    user._state.db, user._state.adding = db, False
    return user


_FROM_DB = frozenset(field.attname for field in User._meta.concrete_fields)


# django.contrib.sessions' own table and columns, read as its store reads them.
_SESSION_DATA = (
    'SELECT "session_data" FROM "django_session" WHERE "session_key" = %s AND "expire_date" > %s'
)


@lru_cache(maxsize=8)
def _session_and_user(using: str) -> str:
    columns, join = user_join(using, "u")
    quote = connections[using].ops.quote_name
    user_id = quote(str(ReaderVersion._meta.pk.column))  # type: ignore[union-attr]
    versions_join = (
        f"LEFT JOIN {quote(ReaderVersion._meta.db_table)} v ON v.{user_id} = u.{quote('id')}"
    )
    return (
        f'SELECT "session_data", {columns}, v.{quote("state")}, v.{quote("reads")} '  # noqa: S608
        f'FROM "django_session" {join} {versions_join} '
        'WHERE "session_key" = %s AND "expire_date" > %s'
    )


DECODED_SESSIONS = 1024  # distinct session texts kept decoded per process (oldest out first)
_decoded: OrderedDict[tuple[str, str], dict[str, Any]] = OrderedDict()
_decoded_lock = threading.Lock()
# The user id each session key last named, decoded in this process (a hint for the join).
_user_of_key: OrderedDict[str, int] = OrderedDict()
# Users auth.get_user verified from a session text and user row, under a secret and backends.
_verified: OrderedDict[tuple[Any, ...], tuple[dict[str, Any], str | None]] = OrderedDict()
