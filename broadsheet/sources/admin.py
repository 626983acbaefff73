"""Admin for publishers and feeds: feed health, last error and next fetch at a glance."""

from django.contrib import admin

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


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = (
        "url", "source", "health_display", "consecutive_errors", "last_success_at",
        "last_error_at", "next_fetch_at", "interval_seconds",
    )  # fmt: skip
    list_filter = ("format",)
    search_fields = ("url", "title", "source__name", "last_error")
    list_select_related = ("source",)
    readonly_fields = (
        "etag", "last_modified", "last_error", "last_error_at", "last_fetched_at",
        "last_success_at", "last_new_entry_at", "consecutive_errors",
    )  # fmt: skip
    actions = ["fetch_now"]

    @admin.display(description="health")
    def health_display(self, feed: Feed) -> str:
        return f"{feed.health}: {feed.last_error}" if feed.last_error else str(feed.health)

    @admin.action(description="Poll the selected feeds as soon as possible")
    def fetch_now(self, request, queryset):  # type: ignore[no-untyped-def]
        from django.utils import timezone

        queryset.update(next_fetch_at=timezone.now())
