"""Comments on an article or a story, and readers' reports about them."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from broadsheet.articles.models import Article
from broadsheet.stories.models import Story

EDIT_WINDOW_MINUTES = 15


class CommentQuerySet(models.QuerySet["Comment"]):
    """Named filters over comments."""

    def on(self, target: Article | Story) -> CommentQuerySet:
        """Comments under one article or story."""
        if isinstance(target, Story):
            return self.filter(story=target)
        return self.filter(article=target)

    def visible(self) -> CommentQuerySet:
        """Comments every reader sees."""
        return self.filter(status=Comment.Status.VISIBLE)

    def needing_review(self) -> CommentQuerySet:
        """Held or reported comments a moderator has not yet dealt with."""
        return self.filter(
            Q(status=Comment.Status.HELD) | Q(status=Comment.Status.VISIBLE, report_count__gt=0)
        )


class Comment(models.Model):
    """One comment, or a reply to one; its body kept as typed and as sanitised HTML."""

    class Status(models.TextChoices):
        VISIBLE = "visible", "visible"
        HELD = "held", "held for review"
        HIDDEN = "hidden", "hidden by a moderator"
        REMOVED = "removed", "removed by a moderator"

    # A hidden or removed comment cannot be rewritten into something else by its author.
    EDITABLE = (Status.VISIBLE, Status.HELD)

    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    body = models.TextField(help_text="Markdown, as the author typed it.")
    body_html = models.TextField(help_text="The body rendered and sanitised.")
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.VISIBLE, db_index=True
    )
    report_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(article__isnull=False, story__isnull=True)
                | Q(article__isnull=True, story__isnull=False),
                name="comment_has_one_target",
            )
        ]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def target(self) -> Article | Story:
        """The article or story this comment is under."""
        target = self.article if self.article_id else self.story
        assert target is not None
        return target

    def is_editable_by(self, user: object, *, now: datetime | None = None) -> bool:
        """The author may edit for a short while after posting, unless a moderator acted."""
        moment = now or timezone.now()
        return (
            self.is_deletable_by(user)
            and self.status in self.EDITABLE
            and moment - self.created_at <= timedelta(minutes=EDIT_WINDOW_MINUTES)
        )

    def is_deletable_by(self, user: object) -> bool:
        """Only the author may delete their comment."""
        return (
            self.deleted_at is None
            and self.author_id is not None
            and getattr(user, "pk", None) == self.author_id
        )


class ModerationQueue(Comment):
    """Held or reported comments awaiting a moderator (an admin view of comments)."""

    class Meta:
        proxy = True
        verbose_name = "comment to review"
        verbose_name_plural = "moderation queue"


class Report(models.Model):
    """A reader's flag on a comment, once per reader."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="report_once_per_reader")
        ]

    def __str__(self) -> str:
        return self.reason or "report"
