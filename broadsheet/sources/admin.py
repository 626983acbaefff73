"""Admin for publishers and feeds: feed health, last error and next fetch at a glance."""

from datetime import timedelta

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html

from broadsheet.sources.models import Feed, Source


class FeedInline(admin.TabularInline):
    model = Feed
    extra = 0
    fields = ("url", "consecutive_errors", "last_error", "last_success_at", "next_fetch_at")
    readonly_fields = ("consecutive_errors", "last_error", "last_success_at")


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "home_url", "language", "country")
    search_fields = ("name", "slug", "home_url")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [FeedInline]


class HealthFilter(admin.SimpleListFilter):
    """Feeds by health: never polled, ok, failing, or silent (no new entry for a week)."""

    title = "health"
    parameter_name = "health"
    SILENT_DAYS = 7

    def lookups(self, request, model_admin):  # type: ignore[no-untyped-def]
        return [
            ("new", "not polled yet"),
            ("ok", "ok"),
            ("failing", "failing"),
            ("silent", f"no new entry for {self.SILENT_DAYS} days"),
        ]

    def queryset(self, request, queryset):  # type: ignore[no-untyped-def]
        value = self.value()
        if value == "failing":
            return queryset.failing()
        if value == "ok":
            return queryset.healthy().filter(last_success_at__isnull=False)
        if value == "new":
            return queryset.healthy().filter(last_success_at__isnull=True)
        if value == "silent":
            since = timezone.now() - timedelta(days=self.SILENT_DAYS)
            return (
                queryset.healthy()
                .filter(last_success_at__isnull=False)
                .exclude(last_new_entry_at__gte=since)
            )
        return queryset


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    # Short cells, so every column fits a 1366-pixel screen: the URL and the error are cut
    # (in full on hover and on the feed's own page).
    list_display = (
        "short_url", "source", "health_display", "consecutive_errors", "last_success_at",
        "next_fetch_at",
    )  # fmt: skip
    list_filter = (HealthFilter, "format")
    search_fields = ("url", "title", "source__name", "last_error")
    list_select_related = ("source",)
    readonly_fields = (
        "etag", "last_modified", "last_error", "last_error_at", "last_fetched_at",
        "last_success_at", "last_new_entry_at", "consecutive_errors",
    )  # fmt: skip
    actions = ["fetch_now"]

    @admin.display(description="feed", ordering="url")
    def short_url(self, feed: Feed) -> str:
        return format_html('<span title="{}">{}</span>', feed.url, _cut(feed.url, 50))

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        return super().get_queryset(request).prefetch_related("entry_failures")

    @admin.display(description="health")
    def health_display(self, feed: Feed) -> str:
        failed = feed.entry_failures_summary()
        failed_html = (
            format_html('; <span title="{}">{}</span>', failed, _cut(failed, 60)) if failed else ""
        )
        if not feed.last_error:
            return format_html("{}{}", feed.health, failed_html)
        return format_html(
            '{}: <span title="{}">{}</span>{}',
            feed.health,
            feed.last_error,
            _cut(feed.last_error, 60),
            failed_html,
        )

    @admin.action(description="Poll the selected feeds as soon as possible")
    def fetch_now(self, request, queryset):  # type: ignore[no-untyped-def]
        queryset.update(next_fetch_at=timezone.now())


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
