"""Publishers (Source) and the feeds Broadsheet polls for them (Feed)."""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

# Article.date_note / Feed.date_warning codes, as a reader of feed health reads them.
DATE_WARNINGS = {
    "missing": _("entries come without a date"),
    "in the future": _("entries are dated in the future"),
    "too old": _("entries are dated before 1990"),
}


class Source(models.Model):
    """A publisher: the name readers know, its homepage and where it publishes from."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    home_url = models.URLField(max_length=2000, blank=True)
    language = models.CharField(max_length=16, blank=True)
    country = models.CharField(max_length=2, blank=True)
    icon_url = models.URLField(max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FeedQuerySet(models.QuerySet["Feed"]):
    """Named filters over feeds."""

    def due_for_fetch(self, now: datetime) -> FeedQuerySet:
        """Feeds whose due time has come, the most overdue first."""
        return self.filter(next_fetch_at__lte=now).order_by("next_fetch_at", "pk")

    def failing(self) -> FeedQuerySet:
        """Feeds whose last poll failed."""
        return self.filter(consecutive_errors__gt=0)

    def healthy(self) -> FeedQuerySet:
        """Feeds whose last poll succeeded (or that were never polled)."""
        return self.filter(consecutive_errors=0)


class Feed(models.Model):
    """One feed URL of a source, with its conditional-GET state and its schedule."""

    class Health(models.TextChoices):
        NEW = "new", "not polled yet"
        OK = "ok", "ok"
        FAILING = "failing", "failing"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="feeds")
    url = models.URLField(max_length=2000, unique=True)
    title = models.CharField(max_length=500, blank=True)
    format = models.CharField(max_length=16, blank=True)
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    next_fetch_at = models.DateTimeField(default=timezone.now, db_index=True)
    interval_seconds = models.PositiveIntegerField(default=900)
    consecutive_errors = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_new_entry_at = models.DateTimeField(null=True, blank=True)
    # The last time an entry came without a usable date, and why (see Article.date_note).
    date_warning = models.CharField(max_length=40, blank=True)
    date_warning_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = FeedQuerySet.as_manager()

    class Meta:
        ordering = ["url"]

    def __str__(self) -> str:
        return self.url

    def is_due(self, now: datetime) -> bool:
        """Whether the feed should be polled at `now`."""
        return self.next_fetch_at <= now

    @property
    def date_warning_label(self) -> str:
        """The date warning in words ("" when the feed's dates are fine)."""
        return str(DATE_WARNINGS.get(self.date_warning, self.date_warning))

    @property
    def health(self) -> str:
        """ok, failing, or new (never polled)."""
        if self.consecutive_errors:
            return self.Health.FAILING
        if self.last_success_at is None:
            return self.Health.NEW
        return self.Health.OK

    def entry_failures_summary(self) -> str:
        """ "3 entries failed: <the latest reason>", or "" when every entry was stored.

        Reads `entry_failures.all()`, so a list of feeds prefetches them in one query.
        """
        failures = sorted(self.entry_failures.all(), key=lambda f: f.last_failed_at, reverse=True)
        if not failures:
            return ""
        return ngettext(
            "%(count)d entry failed: %(reason)s",
            "%(count)d entries failed: %(reason)s",
            len(failures),
        ) % {"count": len(failures), "reason": failures[0].reason}
