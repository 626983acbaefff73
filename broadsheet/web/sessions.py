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
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import SESSION_KEY
from django.contrib.auth import middleware as auth_middleware
from django.contrib.auth.models import User
from django.contrib.sessions.backends import db
from django.db import connections, router
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from broadsheet.accounts.backends import USER_PK_INDEX, handing_user, user_from_row, user_join


class SessionStore(db.SessionStore):
    """The database session store with a cheaper read of the session row."""

    # The user row read with the session row, when it is the row of the user it names.
    user: User | None = None

    def load(self) -> dict[str, Any]:
        self.user = None
        data, user = self._session_data()
        if data is None:
            self._session_key = None  # as Django's store does for a missing or expired row
            return {}
        decoded = self._decoded(data)
        self.user = self._named_user(decoded, user)
        return decoded

    def _named_user(self, decoded: dict[str, Any], user: User | None) -> User | None:
        """`user` if the session names that user (else None); the id named is remembered
        for this key's next read."""
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
        return user if user is not None and user.pk == named else None

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

    def _session_data(self) -> tuple[str | None, User | None]:
        """The session row's text, and the row of the user last named by this key."""
        key = self.session_key
        if not key:
            return None, None
        using = router.db_for_read(self.model)
        connection = connections[using]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        named = _user_of_key.get(key)
        with connection.cursor() as cursor:
            if named is None:
                cursor.execute(_SESSION_DATA, [key, now])
            else:
                cursor.execute(_session_and_user(using), [named, key, now])
            row = cursor.fetchone()
        if row is None:
            return None, None
        found = row[1:] if named is not None and row[1 + USER_PK_INDEX] is not None else None
        return str(row[0]), None if found is None else user_from_row(found, using=using)


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's, handing the backend the user row read with this request's session row."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _user(request))  # type: ignore[assignment]


def _user(request: HttpRequest) -> Any:
    if not hasattr(request, "_cached_user"):
        session = request.session
        session.get(SESSION_KEY)  # read (as auth.get_user would first), so `user` is set
        with handing_user(getattr(session, "user", None)):
            request._cached_user = auth.get_user(request)  # type: ignore[attr-defined]
    return request._cached_user  # type: ignore[attr-defined]


# django.contrib.sessions' own table and columns, read as its store reads them.
_SESSION_DATA = (
    'SELECT "session_data" FROM "django_session" WHERE "session_key" = %s AND "expire_date" > %s'
)


@lru_cache(maxsize=8)
def _session_and_user(using: str) -> str:
    columns, join = user_join(using, "u")
    return (
        f'SELECT "session_data", {columns} FROM "django_session" {join} '  # noqa: S608
        'WHERE "session_key" = %s AND "expire_date" > %s'
    )


DECODED_SESSIONS = 1024  # distinct session texts kept decoded per process (oldest out first)
_decoded: OrderedDict[tuple[str, str], dict[str, Any]] = OrderedDict()
_decoded_lock = threading.Lock()
# The user id each session key last named, decoded in this process (a hint for the join).
_user_of_key: OrderedDict[str, int] = OrderedDict()
