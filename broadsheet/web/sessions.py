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
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    """The database session store with a cheaper read of the session row."""

    def load(self) -> dict[str, Any]:
        data = self._session_data()
        if data is None:
            self._session_key = None  # as Django's store does for a missing or expired row
            return {}
        return self._decoded(data)

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

    def _session_data(self) -> str | None:
        key = self.session_key
        if not key:
            return None
        connection = connections[router.db_for_read(self.model)]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(_SESSION_DATA, [key, now])
            row = cursor.fetchone()
        return None if row is None else str(row[0])


# django.contrib.sessions' own table and columns, read as its store reads them.
_SESSION_DATA = (
    'SELECT "session_data" FROM "django_session" WHERE "session_key" = %s AND "expire_date" > %s'
)


DECODED_SESSIONS = 1024  # distinct session texts kept decoded per process (oldest out first)
_decoded: OrderedDict[tuple[str, str], dict[str, Any]] = OrderedDict()
_decoded_lock = threading.Lock()
