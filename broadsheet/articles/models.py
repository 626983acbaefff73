"""Articles and the feed entries that point at them."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from broadsheet.lib.text import reading_minutes
from broadsheet.sources.models import Feed, Source


class ArticleQuerySet(models.QuerySet["Article"]):
    """Named filters over articles."""

    def published(self) -> ArticleQuerySet:
        """Articles a reader may see, newest first."""
        return self.order_by("-published_at", "-pk")

    def from_source(self, source: Source) -> ArticleQuerySet:
        """Articles of one publisher."""
        return self.filter(source=source)

    def originals(self) -> ArticleQuerySet:
        """Articles that are not near-copies of another."""
        return self.filter(copy_of__isnull=True)

    def pending_enrichment(self) -> ArticleQuerySet:
        """Stored articles not yet assigned a story, oldest first (arrival order)."""
        return self.filter(enriched_at__isnull=True).order_by("created_at", "pk")


class Article(models.Model):
    """One article, unique on its canonical URL."""

    class Status(models.TextChoices):
        OK = "ok", "full text"
        PARTIAL = "partial", "partial text"
        GATED = "gated", "behind a paywall or consent wall"
        FEED = "feed", "feed content only"

    public_id = models.CharField(max_length=16, unique=True)
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="articles")
    feed = models.ForeignKey(Feed, on_delete=models.SET_NULL, null=True, blank=True)
    url = models.URLField(max_length=2000, unique=True)
    title = models.CharField(max_length=1000)
    author = models.CharField(max_length=500, blank=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OK)
    language = models.CharField(max_length=16, blank=True)
    image_url = models.URLField(max_length=2000, blank=True)
    word_count = models.PositiveIntegerField(default=0)
    published_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    fetched_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)
    story = models.ForeignKey(
        "stories.Story", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    copy_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        db_index=False,  # see Meta.indexes: a partial index holds only the copies
    )
    enriched_at = models.DateTimeField(null=True, blank=True, db_index=True)
    moved_at = models.DateTimeField(
        null=True, blank=True, help_text="When a story split moved it (it never moves again)."
    )
    date_note = models.CharField(
        max_length=40,
        blank=True,
        help_text="Why the feed's date was not trusted (missing, in the future, too old): "
        "the article is placed in a story by content alone.",
    )
    headline_flags = models.JSONField(
        default=list, blank=True, help_text="Why the headline check doubts this headline."
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["source", "-published_at"]),
            # Only copies are indexed. With a full index on copy_of, SQLite (which keeps no
            # statistics unless ANALYZE runs) reads "copy_of IS NULL" (the originals, nearly
            # every row) through it and sorts the whole table for the home page: 1.8 s at 1M
            # articles, against 0.2 ms when it walks the published_at index instead.
            models.Index(
                fields=["copy_of"],
                condition=models.Q(copy_of__isnull=False),
                name="article_copy_of_copies",
            ),
            # Moves are few: other workers' desks look up the recent ones (stories catch_up).
            models.Index(
                fields=["moved_at"],
                condition=models.Q(moved_at__isnull=False),
                name="article_moved_at_moves",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def paragraphs(self) -> list[str]:
        """The body split into its paragraphs."""
        return [p for p in self.body.split("\n\n") if p.strip()]

    @property
    def reading_minutes(self) -> int:
        """Minutes an average reader needs (lib/text.reading_minutes: 230 a minute, rounded up)."""
        return reading_minutes(self.word_count)


class FeedEntry(models.Model):
    """An entry as a feed identifies it, linked to the article it became.

    Keeping entries apart from articles absorbs the publisher quirks: a GUID that
    changes while the link stays, or the same article listed by several feeds.
    """

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="entries")
    key = models.CharField(max_length=2000)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="entries")
    entry_updated_at = models.DateTimeField(null=True, blank=True)
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["feed", "key"], name="feedentry_unique_key")]
        verbose_name_plural = "feed entries"

    def __str__(self) -> str:
        return self.key


class EntryFailureQuerySet(models.QuerySet["EntryFailure"]):
    """Named filters over failed entries."""

    def given_up(self, attempts: int) -> EntryFailureQuerySet:
        """Failures tried `attempts` times or more: not retried until the entry changes."""
        return self.filter(attempts__gte=attempts)


class EntryFailure(models.Model):
    """A feed entry that could not become an article, why, and how often it was tried.

    One poisoned entry never blocks its feed: the others are stored, this row shows on
    the feed's health and in the admin, and later polls retry it a bounded number of times.
    """

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="entry_failures")
    key = models.CharField(max_length=2000)
    url = models.CharField(max_length=2000, blank=True)
    reason = models.TextField()
    attempts = models.PositiveIntegerField(default=1)
    entry_updated_at = models.DateTimeField(null=True, blank=True)
    first_failed_at = models.DateTimeField(default=timezone.now)
    last_failed_at = models.DateTimeField(default=timezone.now)

    objects = EntryFailureQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["feed", "key"], name="entryfailure_unique_key")
        ]
        ordering = ["-last_failed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.key}: {self.reason[:80]}"
