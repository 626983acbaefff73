"""Admin for stored articles."""

from django.contrib import admin

from broadsheet.articles.models import Article, EntryFailure, FeedEntry
from broadsheet.sources.models import Feed


class HeadlineFlagFilter(admin.SimpleListFilter):
    """Articles whose headline the offline check doubts (garbled, or not supported by the body)."""

    title = "headline check"
    parameter_name = "headline"

    def lookups(self, request, model_admin):  # type: ignore[no-untyped-def]
        return [("flagged", "flagged"), ("ok", "ok")]

    def queryset(self, request, queryset):  # type: ignore[no-untyped-def]
        if self.value() == "flagged":
            return queryset.exclude(headline_flags=[])
        if self.value() == "ok":
            return queryset.filter(headline_flags=[])
        return queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = (
        "title", "source", "status", "headline_check", "language", "word_count", "published_at",
    )  # fmt: skip
    list_filter = ("status", HeadlineFlagFilter, "language", "source")
    search_fields = ("title", "url")
    list_select_related = ("source",)
    readonly_fields = ("public_id", "url", "fetched_at", "created_at")
    date_hierarchy = "published_at"

    @admin.display(description="headline check")
    def headline_check(self, article: Article) -> str:
        return "; ".join(article.headline_flags) if article.headline_flags else "ok"


@admin.register(FeedEntry)
class FeedEntryAdmin(admin.ModelAdmin):
    list_display = ("key", "feed", "article", "seen_at")
    search_fields = ("key",)
    raw_id_fields = ("feed", "article")


@admin.register(EntryFailure)
class EntryFailureAdmin(admin.ModelAdmin):
    """Entries that could not become articles: why, how often tried (a poll retries them)."""

    list_display = ("key", "feed", "reason", "attempts", "last_failed_at")
    list_filter = ("attempts",)
    search_fields = ("key", "url", "reason", "feed__url")
    list_select_related = ("feed",)
    readonly_fields = (
        "feed", "key", "url", "reason", "entry_updated_at", "first_failed_at", "last_failed_at",
    )  # fmt: skip
    actions = ["retry_now"]

    @admin.action(description="Retry the selected entries on the next poll")
    def retry_now(self, request, queryset):  # type: ignore[no-untyped-def]
        feeds = set(queryset.values_list("feed_id", flat=True))
        queryset.update(attempts=0)
        Feed.objects.filter(pk__in=feeds).update(etag="", last_modified="")
