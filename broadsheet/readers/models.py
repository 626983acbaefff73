"""Per-reader rows: follows, folders, saved articles, read marks and mutes.

Every table is unique on (user, target) so the services can write with
INSERT ... ON CONFLICT DO NOTHING and stay idempotent under concurrent calls.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from broadsheet.articles.models import Article


class Follow(models.Model):
    """A reader follows a source, topic, entity or story.

    The target is a (kind, id) pair rather than four foreign keys: the For-you
    query needs the ids by kind anyway, and a deleted target is simply skipped.
    """

    class Kind(models.TextChoices):
        SOURCE = "source", "source"
        TOPIC = "topic", "topic"
        ENTITY = "entity", "entity"
        STORY = "story", "story"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    target_id = models.PositiveBigIntegerField()
    # The reader's own name for a followed source (reader apps rename subscriptions).
    title = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "target_id"], name="follow_unique"),
            models.CheckConstraint(
                condition=models.Q(kind__in=["source", "topic", "entity", "story"]),
                name="follow_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.kind} {self.target_id}"


class SavedArticle(models.Model):
    """An article a reader kept to read later (and to have offline)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_articles"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="saves")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="savedarticle_unique")
        ]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} saved {self.article_id}"


class ReadState(models.Model):
    """A reader has opened an article; lists dim it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="read_states"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="read_states")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "article"], name="readstate_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.article_id}"


class Mute(models.Model):
    """A reader hides a publisher, or every headline naming a word, from their lists."""

    class Kind(models.TextChoices):
        SOURCE = "source", "source"
        WORD = "word", "word"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mutes"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    # The source's id, or the word as the reader typed it, trimmed and case-folded. Words
    # are at most 60 characters as typed; case-folding can make one up to three times longer.
    value = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "value"], name="mute_unique"),
            models.CheckConstraint(
                condition=models.Q(kind__in=["source", "word"]), name="mute_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} mutes {self.kind} {self.value}"


class Folder(models.Model):
    """A reader's own folder of followed sources (a Google Reader label, an OPML outline).

    A source may sit in several folders (Google Reader allows it); a followed source in
    none is at the top level. Unfollowing a source takes it out of every folder.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="folders"
    )
    name = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="folder_unique")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.name}"


class FolderEntry(models.Model):
    """A followed source filed in one of the reader's folders."""

    folder = models.ForeignKey(Folder, on_delete=models.CASCADE, related_name="entries")
    follow = models.ForeignKey(Follow, on_delete=models.CASCADE, related_name="folder_entries")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["folder", "follow"], name="folderentry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.folder_id} holds {self.follow_id}"


class ReaderVersion(models.Model):
    """A reader's two versions (readers/versions.py): random tokens, each made anew by every
    change of their state (follows, mutes, standing) or of their read marks. Read with the
    session row on every signed-in page (web/sessions.py)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    state = models.CharField(max_length=32)
    reads = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.state} {self.reads}"
