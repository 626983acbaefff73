"""Which of the listed articles a reader has read, kept per process under their reads version.

A signed-in reader's home page asks which of its thirty-odd articles they have opened: a
query of its own on every visit, though the answer changes only when they open, mark or
unmark an article. Each process keeps the answers it computed (per reader and list of ids)
under the reader's reads version (readers/versions.py: a random token in the database, read
with the session row). Every write of read marks makes a new token once the write is made
(in its transaction, if any): the services of readers/services.py, which own these writes,
call `reads_changed`, and a signal catches a row saved anywhere else (the admin). Deletes
send no signal on purpose: one would turn every cascade from a pruned article or a deleted
account into a row-by-row delete. An answer is kept READ_MARKS_SECONDS at most, which bounds
what a write outside the services can leave (a read mark deleted in the admin still dims
its link for that long).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.db.models.signals import post_save

from broadsheet.readers import versions
from broadsheet.readers.models import ReadState

READ_MARKS_SECONDS = 300
KEPT_ANSWERS = 4096  # per process, oldest out first
# Longer lists (an app syncing hundreds of items) are asked of the database every time:
# kept, 4,096 of them could hold millions of ids.
KEPT_LIST_LENGTH = 100

_kept: OrderedDict[tuple[int, str, tuple[int, ...]], tuple[float, frozenset[int]]] = OrderedDict()
_lock = threading.Lock()


def kept_read_ids(
    user: Any, article_ids: tuple[int, ...], read: Callable[[], set[int]]
) -> set[int]:
    """`read()` (the reader's read marks among `article_ids`, from the database), or the
    answer this process kept for the same reader, ids and reads version (lists of at most
    KEPT_LIST_LENGTH ids: a page's)."""
    if len(article_ids) > KEPT_LIST_LENGTH:
        return read()
    key = (int(user.pk), versions.current(user, versions.READS), article_ids)
    now = time.monotonic()
    with _lock:
        kept = _kept.get(key)
    if kept is not None and kept[0] > now:
        return set(kept[1])
    found = read()
    with _lock:
        _kept[key] = (now + READ_MARKS_SECONDS, frozenset(found))
        while len(_kept) > KEPT_ANSWERS:
            _kept.popitem(last=False)
    return found


def reads_changed(user_id: int) -> None:
    """The reader's read marks changed: a new reads version (in the write's transaction)."""
    versions.renew(user_id, versions.READS)


def connect_signals() -> None:
    """A read mark saved outside the services (the admin) makes a new version."""
    post_save.connect(_row_changed, sender=ReadState, dispatch_uid="reader-reads-save")


def _row_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    reads_changed(int(instance.user_id))
