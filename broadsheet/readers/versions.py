"""A reader's two versions: random tokens in the database, new on every change.

What a process keeps about a signed-in reader is keyed by one of two tokens: their state
(follows, mutes, standing: readers/state.py) and their read marks (readers/read_marks.py).
A change makes a new token, so whatever was kept under the old one is never found again, in
any process. The tokens are one row per reader (`ReaderVersion`), written once the change
they stand for is made (in its transaction, if any): a page that reads the new token reads
the new rows too.

A signed-in page reads the row with its session row, in the same select (web/sessions.py
hands the tokens to the request's user, `carry`): no read of its own. They had lived in the
cache every web process shares, which with several processes and no Redis is a directory:
two file reads on every signed-in page. A token changed in this process after the request
read its row (the request itself followed, or marked an article read) is read again.
"""

from __future__ import annotations

import contextlib
import itertools
import secrets
import threading
from collections import OrderedDict
from typing import Any

from django.db import IntegrityError, transaction

from broadsheet.readers.models import ReaderVersion

STATE, READS = "state", "reads"

# This process's changes: per reader, the number of its last change (a count every change
# of any reader's tokens in this process moves on).
_changes = itertools.count(1)
_changed: OrderedDict[int, int] = OrderedDict()
_lock = threading.Lock()
CHANGES_KEPT = 4096
# The attribute of a user that carries the tokens read with the session row.
_CARRIED = "_reader_versions"


def change_mark() -> int:
    """A mark to pass to `carry`, taken before the tokens are read."""
    with _lock:
        return next(_changes)


def carry(user: Any, mark: int, state: str, reads: str) -> None:
    """Hand `user` (this request's copy) the tokens read with its session row."""
    setattr(user, _CARRIED, (mark, state, reads))


def current(user: Any, which: str) -> str:
    """The reader's STATE or READS token: the one their request carries unless this process
    changed it since, else the row's (made when the reader has none yet)."""
    user_id = int(user.pk)
    carried = getattr(user, _CARRIED, None)
    if carried is not None and carried[0] > _changed.get(user_id, 0):
        return str(carried[1] if which == STATE else carried[2])
    mark = change_mark()  # before the read, as with the session row
    row = _row(user_id)
    with contextlib.suppress(AttributeError):  # a user that takes none: read again next time
        carry(user, mark, row.state, row.reads)
    return str(row.state if which == STATE else row.reads)


def renew(user_id: int, which: str) -> None:
    """A new STATE or READS token for the reader, in the caller's transaction."""
    # A reader with no row yet has nothing kept under a version: their first read makes one
    # (and a row made here for an account being deleted, whose follows go first, would
    # outlive it).
    ReaderVersion.objects.filter(user_id=user_id).update(**{which: secrets.token_hex(8)})
    with _lock:
        _changed[user_id] = next(_changes)
        _changed.move_to_end(user_id)
        while len(_changed) > CHANGES_KEPT:
            _changed.popitem(last=False)


def start(user_id: int) -> None:
    """The versions of a new account (readers/state.py calls it when a user is created)."""
    _create(user_id)


def _row(user_id: int) -> ReaderVersion:
    found = ReaderVersion.objects.filter(user_id=user_id).first()
    return found if found is not None else _create(user_id)


def _create(user_id: int) -> ReaderVersion:
    row = ReaderVersion(user_id=user_id, state=secrets.token_hex(8), reads=secrets.token_hex(8))
    try:
        with transaction.atomic():
            row.save(force_insert=True)
    except IntegrityError:  # made meanwhile by another request, or the user is gone
        found = ReaderVersion.objects.filter(user_id=user_id).first()
        return found if found is not None else row
    return row
