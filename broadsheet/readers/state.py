"""One small cache entry per signed-in reader: what their pages ask about them.

A signed-in reader's page is computed for them (web/page_cache.py never stores it), and its
parts each asked the database about the reader: their mutes (home page), their follows
(front page, Follow buttons), whether they may moderate and whether a moderator suspended
them (comment sections). `reader_state(user)` answers all of these from one entry in
Django's cache.

The entry is keyed by the reader's state version (readers/versions.py: a random token in the
database, read with the session row). A write to any of these (`state_changed(user_id)`:
the follow and mute services, and signals for saves and deletes of follows, mutes, profiles,
users and group memberships, admin edits included) makes a new token once the write is made
(in its transaction, if any), so the reader's next page, in any process, reads the database
again. An entry lives STATE_SECONDS at most, which bounds a change no signal reports (a
group deleted or renamed). Each process also keeps the states it read lately, under the
same key, so a reader's next page skips unpickling theirs.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save

from broadsheet.accounts.models import MODERATORS_GROUP, Profile
from broadsheet.readers import versions
from broadsheet.readers.models import Follow, Mute

STATE_SECONDS = 300


@dataclass(frozen=True)
class ReaderState:
    """What one signed-in reader's pages need to know about them."""

    muted_sources: frozenset[int] = frozenset()
    muted_words: tuple[str, ...] = ()
    follows: dict[str, frozenset[int]] = field(default_factory=dict)
    moderator: bool = False
    suspended: bool = False
    # "<user id>:<state version>": names this reader's state as it is now, so a value
    # computed from it (their ranked front page) can be kept under it; "" when anonymous.
    key: str = ""

    def follows_target(self, kind: str, target_id: int | None) -> bool:
        return target_id in self.follows.get(kind, frozenset())


ANONYMOUS = ReaderState()


def reader_state(user: object) -> ReaderState:
    """The reader's state (the empty state for an anonymous visitor): from the cache under
    the reader's current version, else from the database."""
    user_id = getattr(user, "pk", None)
    if user_id is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    version = f"{user_id}:{versions.current(user, versions.STATE)}"
    key = f"reader:state:{version}"
    now = time.monotonic()
    with _recent_lock:
        kept = _recent.get(key)
    if kept is not None and kept[0] > now:
        return kept[1]  # this process read it lately: no unpickling from the cache
    found = cache.get(key)
    if not isinstance(found, ReaderState):
        found = _read(user, key=version)
        cache.set(key, found, STATE_SECONDS)
    with _recent_lock:
        _recent[key] = (now + STATE_SECONDS, found)
        while len(_recent) > RECENT_STATES:
            _recent.popitem(last=False)
    return found


RECENT_STATES = 1024  # readers' states each process keeps unpickled, oldest out first
_recent: OrderedDict[str, tuple[float, ReaderState]] = OrderedDict()
_recent_lock = threading.Lock()


def state_changed(user: object) -> None:
    """The reader's (a user, or a user id) follows, mutes, profile or standing changed: a new
    version (in the write's transaction, if any) for every page asked from then on."""
    user_id = user if isinstance(user, int) else getattr(user, "pk", None)
    if user_id is None:
        return
    versions.renew(int(user_id), versions.STATE)


def _read(user: object, *, key: str) -> ReaderState:
    """The state from the database, in one query: follows, mutes, a suspension and the
    moderators' group (accounts.is_moderator and is_suspended, as one row set)."""
    user_id = int(getattr(user, "pk", 0))
    with connection.cursor() as cursor:
        cursor.execute(_STATE_SQL, [user_id, user_id, user_id, user_id, MODERATORS_GROUP])
        rows = cursor.fetchall()
    follows: dict[str, set[int]] = {}
    sources: set[int] = set()
    words: list[str] = []
    for part, kind, value in rows:
        if part == "follow":
            follows.setdefault(str(kind), set()).add(int(value))
        elif part == "mute" and kind == Mute.Kind.SOURCE and str(value).isdigit():
            sources.add(int(value))
        elif part == "mute" and kind == Mute.Kind.WORD:
            words.append(str(value))
    parts = {row[0] for row in rows}
    active = bool(getattr(user, "is_active", False))
    return ReaderState(
        muted_sources=frozenset(sources),
        muted_words=tuple(sorted(words)),
        follows={kind: frozenset(ids) for kind, ids in follows.items()},
        moderator=active and (bool(getattr(user, "is_staff", False)) or "moderator" in parts),
        suspended="suspended" in parts,
        key=key,
    )


# Follows, mutes, a suspension and the moderators' group: the reader's four parts at once.
_STATE_SQL = (
    "SELECT 'follow', kind, CAST(target_id AS TEXT) FROM readers_follow WHERE user_id = %s "
    "UNION ALL SELECT 'mute', kind, value FROM readers_mute WHERE user_id = %s "
    "UNION ALL SELECT 'suspended', '', '' FROM accounts_profile "
    "WHERE user_id = %s AND suspended_at IS NOT NULL "
    "UNION ALL SELECT 'moderator', '', '' FROM auth_user_groups AS m "
    "JOIN auth_group AS g ON g.id = m.group_id WHERE m.user_id = %s AND g.name = %s"
)


def connect_signals() -> None:
    """Saves and deletes that change a reader's state, from anywhere (the admin included),
    make a new version (readers/apps.py connects them once)."""
    user_model = get_user_model()
    for model in (Follow, Mute, Profile):
        post_save.connect(_row_changed, sender=model, dispatch_uid=f"reader-state-{model}")
        post_delete.connect(_row_changed, sender=model, dispatch_uid=f"reader-state-d-{model}")
    post_save.connect(_user_changed, sender=user_model, dispatch_uid="reader-state-user")
    m2m_changed.connect(
        _groups_changed, sender=user_model.groups.through, dispatch_uid="reader-state-groups"
    )


def _row_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    state_changed(int(instance.user_id))


def _user_changed(sender: type, instance: Any, created: bool = False, **kwargs: Any) -> None:
    if created and not kwargs.get("raw"):
        versions.start(int(instance.pk))  # so their first page writes nothing for them
    state_changed(instance)


def _groups_changed(
    sender: type, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    if not reverse:  # user.groups.add(...): the user changed
        if action.startswith("post_"):
            state_changed(instance)
    elif action == "pre_clear":  # group.user_set.clear(): its members, before they go
        for user_id in instance.user_set.values_list("pk", flat=True):
            state_changed(int(user_id))
    elif action.startswith("post_"):  # group.user_set.add(...): those users changed
        for user_id in pk_set or ():
            state_changed(int(user_id))
