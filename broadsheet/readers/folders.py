"""The one owner of a reader's folders and subscription titles.

Folders are the reader's own: Google Reader apps see them as labels, OPML files as
nested outlines, the Following page as groups. Writes are idempotent (unique rows,
INSERT ... ON CONFLICT DO NOTHING), like the rest of the reader's state.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict

from django.db import transaction
from django.utils.translation import gettext as _

from broadsheet.readers.models import Folder, FolderEntry, Follow
from broadsheet.readers.services import User, follow, require_reader
from broadsheet.sources.models import Source

NAME_MAX = 100
TITLE_MAX = 200
MAX_FOLDERS = 500


class FolderError(ValueError):
    """A folder or title the reader asked for cannot be used; the message says why."""


def clean_name(raw: str, *, limit: int = NAME_MAX) -> str:
    """A folder name or title as stored: no control characters, spaces collapsed."""
    text = " ".join(str(raw).split())
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C").strip()
    if not text:
        raise FolderError(_("The name is empty."))
    if len(text) > limit:
        raise FolderError(_("The name is longer than %(n)d characters.") % {"n": limit})
    return text


def _follow_row(user: User, source: Source) -> Follow:
    """The reader's follow of the source, made if missing (filing a feed subscribes to it)."""
    user_id = require_reader(user)
    row = Follow.objects.filter(user_id=user_id, kind=Follow.Kind.SOURCE, target_id=source.pk)
    found = row.first()
    if found is not None:
        return found
    follow(user, source)
    return row.get()


def folder_names(user: User) -> list[str]:
    """The reader's folders, by name."""
    user_id = require_reader(user)
    return list(Folder.objects.filter(user_id=user_id).values_list("name", flat=True))


def folders_by_source(user: User) -> dict[int, list[str]]:
    """For each followed source id, the names of the folders it is filed in (one query)."""
    user_id = require_reader(user)
    result: dict[int, list[str]] = defaultdict(list)
    rows = FolderEntry.objects.filter(folder__user_id=user_id).values_list(
        "follow__target_id", "folder__name"
    )
    for source_id, name in rows.order_by("folder__name"):
        result[source_id].append(name)
    return dict(result)


def folder_tree(user: User) -> tuple[list[str], dict[int, list[str]]]:
    """The reader's folder names, and the folders of each filed source id, in one query."""
    user_id = require_reader(user)
    names: dict[str, None] = {}
    by_source: dict[int, list[str]] = defaultdict(list)
    rows = Folder.objects.filter(user_id=user_id).values_list("name", "entries__follow__target_id")
    for name, source_id in rows.order_by("name", "pk"):
        names.setdefault(name, None)
        if source_id is not None:
            by_source[source_id].append(name)
    return list(names), dict(by_source)


def sources_in_folder(user: User, name: str) -> list[int] | None:
    """The source ids filed in the named folder; None when the reader has no such folder."""
    user_id = require_reader(user)
    folder = Folder.objects.filter(user_id=user_id, name=name).first()
    if folder is None:
        return None
    return list(folder.entries.values_list("follow__target_id", flat=True))


def create_folder(user: User, *, name: str) -> Folder:
    """The reader's folder of this name, created if missing."""
    user_id = require_reader(user)
    name = clean_name(name)
    found = Folder.objects.filter(user_id=user_id, name=name).first()
    if found is not None:
        return found
    if Folder.objects.filter(user_id=user_id).count() >= MAX_FOLDERS:
        raise FolderError(_("At most %(n)d folders: delete one first.") % {"n": MAX_FOLDERS})
    Folder.objects.bulk_create([Folder(user_id=user_id, name=name)], ignore_conflicts=True)
    return Folder.objects.get(user_id=user_id, name=name)


def file_source(user: User, source: Source, *, folder: str) -> None:
    """Put a source in a folder (following it if need be); filing twice keeps one row."""
    require_reader(user)
    target = create_folder(user, name=folder)
    row = _follow_row(user, source)
    FolderEntry.objects.bulk_create([FolderEntry(folder=target, follow=row)], ignore_conflicts=True)


def unfile_source(user: User, source: Source, *, folder: str) -> None:
    """Take a source out of one folder; it stays followed."""
    user_id = require_reader(user)
    FolderEntry.objects.filter(
        folder__user_id=user_id, folder__name=folder, follow__target_id=source.pk,
        follow__kind=Follow.Kind.SOURCE,
    ).delete()  # fmt: skip


def move_source(user: User, source: Source, *, folder: str | None) -> None:
    """File a source in exactly this folder, or at the top level when `folder` is None."""
    require_reader(user)
    with transaction.atomic():
        row = _follow_row(user, source)
        keep = create_folder(user, name=folder) if folder else None
        FolderEntry.objects.filter(follow=row).exclude(folder=keep).delete()
        if keep is not None:
            FolderEntry.objects.bulk_create(
                [FolderEntry(folder=keep, follow=row)], ignore_conflicts=True
            )


def rename_folder(user: User, *, old: str, new: str) -> bool:
    """Rename a folder; into an existing name, the two merge. False when `old` does not exist."""
    user_id = require_reader(user)
    new = clean_name(new)
    with transaction.atomic():
        folder = Folder.objects.filter(user_id=user_id, name=old).first()
        if folder is None:
            return False
        if folder.name == new:
            return True
        target = Folder.objects.filter(user_id=user_id, name=new).first()
        if target is None:
            Folder.objects.filter(pk=folder.pk).update(name=new)
            return True
        moved = [FolderEntry(folder=target, follow_id=e.follow_id) for e in folder.entries.all()]
        FolderEntry.objects.bulk_create(moved, ignore_conflicts=True)
        folder.delete()
    return True


def delete_folder(user: User, *, name: str) -> bool:
    """Delete a folder; its sources stay followed, at the top level. False when none."""
    user_id = require_reader(user)
    deleted, _ = Folder.objects.filter(user_id=user_id, name=name).delete()
    return deleted > 0


def set_subscription_title(user: User, source: Source, *, title: str) -> None:
    """The reader's own name for a followed source ("" goes back to the publisher's name)."""
    require_reader(user)
    value = clean_name(title, limit=TITLE_MAX) if title.strip() else ""
    row = _follow_row(user, source)
    Follow.objects.filter(pk=row.pk).update(title=value)


def subscription_titles(user: User, *, renamed_only: bool = True) -> dict[int, str]:
    """The reader's own names of followed sources, by source id: only those renamed, or
    every followed source ("" when not renamed) with `renamed_only=False`."""
    user_id = require_reader(user)
    rows = Follow.objects.filter(user_id=user_id, kind=Follow.Kind.SOURCE)
    if renamed_only:
        rows = rows.exclude(title="")
    return dict(rows.values_list("target_id", "title"))
