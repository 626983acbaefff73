"""Admin for stored articles."""

from django.contrib import admin

from broadsheet.articles.models import Article, FeedEntry


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "source", "status", "language", "word_count", "published_at")
    list_filter = ("status", "language", "source")
    search_fields = ("title", "url")
    list_select_related = ("source",)
    readonly_fields = ("public_id", "url", "fetched_at", "created_at")
    date_hierarchy = "published_at"


@admin.register(FeedEntry)
class FeedEntryAdmin(admin.ModelAdmin):
    list_display = ("key", "feed", "article", "seen_at")
    search_fields = ("key",)
    raw_id_fields = ("feed", "article")
